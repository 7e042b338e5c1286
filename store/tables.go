package store

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ctlake/ctlake/internal/atomicfile"

	"github.com/google/uuid"
)

// Derived tables live beside an event data store's events, in eds/<id>/tables/<table>/: the
// CloudTrail Insights job keeps its baseline table in the Insights destination store. They are
// Parquet files written whole and atomically (no manifest: each file is replaced as a unit),
// queried with SQL as <store>.<table>, and removed with the store.

// TableBaseline is the Insights baseline table (see insights.BaselineRow for its meaning).
const TableBaseline = "baseline"

// BaselineColumns are the baseline table's columns. Names are snake_case so that they never
// meet the Lake columns' rewrite rules.
var BaselineColumns = []Column{
	{"source_event_data_store", "VARCHAR"},
	{"recipient_account_id", "VARCHAR"},
	{"aws_region", "VARCHAR"},
	{"event_source", "VARCHAR"},
	{"event_name", "VARCHAR"},
	{"insight_type", "VARCHAR"},
	{"error_code", "VARCHAR"},
	{"day", "DATE"},
	{"baseline_start", "TIMESTAMP"},
	{"baseline_end", "TIMESTAMP"},
	{"baseline_duration", "INTEGER"},
	{"baseline_total", "BIGINT"},
	{"baseline_average", "DOUBLE"},
	{"hourly_average", "DOUBLE[]"},
	{"hourly_high", "DOUBLE[]"},
	{"hourly_low", "DOUBLE[]"},
	{"hourly_max", "INTEGER[]"},
	{"hourly_dispersion", "DOUBLE[]"},
	{"computed_at", "TIMESTAMP"},
}

// TableColumns maps each derived table name to its columns.
var TableColumns = map[string][]Column{TableBaseline: BaselineColumns}

const tablesDir = "tables"

func (s *Store) tableDir(id, table string) string {
	return filepath.Join(s.edsDir(id), tablesDir, table)
}

func checkTable(table string) error {
	if _, ok := TableColumns[table]; !ok {
		return fmt.Errorf("%w: no table %q (tables: %s)", ErrNotFound, table, TableBaseline)
	}
	return nil
}

// WriteTableFile writes the file name (a slash path inside the table's folder) of a derived
// table: write is called with a temporary path in the final folder; on success the file is
// made durable and renamed over name, so readers see the old file or the new one, never a
// part. A crash leaves a temporary file, which TableSnapshot ignores.
func (s *Store) WriteTableFile(ctx context.Context, ref, table, name string, write func(tmp string) error) error {
	if err := checkTable(table); err != nil {
		return err
	}
	e, err := s.GetEDS(ctx, ref)
	if err != nil {
		return err
	}
	final := filepath.Join(s.tableDir(e.ID(), table), filepath.FromSlash(name))
	if !within(s.tableDir(e.ID(), table), final) {
		return fmt.Errorf("%w: table file %q", ErrInvalidParameter, name)
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(final), atomicfile.TempPrefix+filepath.Base(final)+"-"+uuid.NewString())
	defer os.Remove(tmp)
	if err := write(tmp); err != nil {
		return fmt.Errorf("write %s table file %s: %w", table, name, err)
	}
	f, err := os.Open(tmp)
	if err != nil {
		return err
	}
	err = f.Sync()
	f.Close()
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, final); err != nil {
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(final))
}

// TableSnapshot returns the files of a derived table of an event data store, for a query.
// Its Table and Columns are set; RetentionCutoff is zero (the rows are not events).
func (s *Store) TableSnapshot(ctx context.Context, ref, table string) (*Snapshot, error) {
	table = strings.ToLower(table)
	if err := checkTable(table); err != nil {
		return nil, err
	}
	e, err := s.GetEDS(ctx, ref)
	if err != nil {
		return nil, err
	}
	if e.Status == StatusPendingDeletion {
		return nil, fmt.Errorf("%w: %s is %s", ErrInactive, e.Name, e.Status)
	}
	snap := &Snapshot{EDS: e, Dir: s.edsDir(e.ID()), Table: table, Columns: TableColumns[table]}
	root := s.tableDir(e.ID(), table)
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), atomicfile.TempPrefix) || !strings.HasSuffix(d.Name(), ".parquet") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil // replaced since the listing
		}
		rel, _ := filepath.Rel(snap.Dir, path)
		snap.Files = append(snap.Files, FileInfo{Path: filepath.ToSlash(rel), Bytes: info.Size()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s table of %s: %w", table, e.Name, err)
	}
	sort.Slice(snap.Files, func(i, j int) bool { return snap.Files[i].Path < snap.Files[j].Path })
	return snap, nil
}

// TableFiles returns the absolute paths of a derived table's files whose slash path inside
// the table folder starts with prefix.
func (s *Store) TableFiles(ctx context.Context, ref, table, prefix string) ([]string, error) {
	snap, err := s.TableSnapshot(ctx, ref, table)
	if err != nil {
		return nil, err
	}
	base := tablesDir + "/" + table + "/"
	var out []string
	for _, f := range snap.Files {
		if strings.HasPrefix(strings.TrimPrefix(f.Path, base), prefix) {
			out = append(out, filepath.Join(snap.Dir, filepath.FromSlash(f.Path)))
		}
	}
	return out, nil
}

func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
