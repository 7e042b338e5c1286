package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ctlake/ctlake/internal/atomicfile"
)

// A manifest lists the Parquet files that make up one event data store. It is the only truth
// about which files are live: a file on disk that the manifest does not list (a crash between
// writing a file and committing the manifest) is invisible to ctlake and later collected.
// Files replaced by compaction or dropped by retention are moved at once into the store's
// .trash folder — outside the Hive tree, which Athena, Trino, Spark and DuckDB globs skip, so an
// external reader of eventday=*/ never counts an event twice — and deleted after trashGrace.
// A ctlake query that loses a file to such a move between its snapshot and its read retries
// on a fresh snapshot (see engine).
type manifest struct {
	Version int64        `json:"version"`
	Files   []FileInfo   `json:"files"`
	Trash   []trashEntry `json:"trash,omitempty"`
	moves   [][2]string  // live path → trash path, carried out after the commit
}

type trashEntry struct {
	Path      string    `json:"path"` // relative to the store folder, under trashDir
	RemovedAt time.Time `json:"removedAt"`
}

const trashDir = ".trash"

// trash drops a live file from the manifest into its trash list. The file itself is moved
// into the trash folder only after the manifest is committed (see updateManifest): a crash in
// between leaves it in the Hive tree unlisted — invisible to ctlake, collected as an orphan.
func (m *manifest) trash(f FileInfo, now time.Time) {
	rel := filepath.Join(trashDir, strings.ReplaceAll(f.Path, string(filepath.Separator), "_"))
	m.Trash = append(m.Trash, trashEntry{Path: rel, RemovedAt: now})
	m.moves = append(m.moves, [2]string{f.Path, rel})
}

// moveToTrash carries out the moves of trash after the manifest that drops the files is
// committed.
func (s *Store) moveToTrash(id string, m *manifest) {
	dir := s.edsDir(id)
	for _, mv := range m.moves {
		os.MkdirAll(filepath.Join(dir, trashDir), 0o755)
		if os.Rename(filepath.Join(dir, mv[0]), filepath.Join(dir, mv[1])) == nil {
			os.Remove(filepath.Dir(filepath.Join(dir, mv[0]))) // the day folder, if now empty
		}
	}
	m.moves = nil
}

const (
	manifestFile = "manifest.json"
	writeLock    = "write.lock"
	// trashGrace is how long a replaced file stays readable for queries already running.
	trashGrace = 10 * time.Minute
	// orphanAge is how old an unlisted file must be before it is collected (younger ones may
	// belong to a writer in another process that has not committed yet).
	orphanAge = time.Hour
)

func (s *Store) readManifest(id string) (*manifest, error) {
	var m manifest
	err := atomicfile.ReadJSON(filepath.Join(s.edsDir(id), manifestFile), &m)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return &m, nil
}

// updateManifest runs fn on the manifest of one event data store under its write lock and
// commits the result atomically when fn returns nil.
func (s *Store) updateManifest(ctx context.Context, id string, fn func(m *manifest) error) error {
	return s.withLock(ctx, filepath.Join("eds", id, writeLock), func() error {
		m, err := s.readManifest(id)
		if err != nil {
			return err
		}
		if err := fn(m); err != nil {
			return err
		}
		m.Version++
		if err := atomicfile.WriteJSON(filepath.Join(s.edsDir(id), manifestFile), m); err != nil {
			return err
		}
		s.moveToTrash(id, m)
		return nil
	})
}

// retentionCutoff is the oldest eventTime an event data store keeps.
func (s *Store) retentionCutoff(e *EventDataStore) time.Time {
	return s.now().UTC().AddDate(0, 0, -e.RetentionPeriod)
}

// Snapshot returns the live files of an event data store for a query. A store pending
// deletion cannot be queried.
func (s *Store) Snapshot(ctx context.Context, ref string) (*Snapshot, error) {
	e, err := s.GetEDS(ctx, ref)
	if err != nil {
		return nil, err
	}
	if e.Status == StatusPendingDeletion {
		return nil, fmt.Errorf("%w: %s is %s", ErrInactive, e.Name, e.Status)
	}
	m, err := s.readManifest(e.ID())
	if err != nil {
		return nil, err
	}
	cut := s.retentionCutoff(e)
	snap := &Snapshot{EDS: e, Dir: s.edsDir(e.ID()), RetentionCutoff: cut}
	for _, f := range m.Files {
		if !f.MaxTime.Before(cut) {
			snap.Files = append(snap.Files, f)
		}
	}
	return snap, nil
}

// expire moves files entirely older than cutoff to the trash and deletes trash and orphan
// files whose grace period is over. Called with the write lock held.
func (s *Store) expire(id string, m *manifest, cutoff time.Time) {
	now := s.now()
	kept := m.Files[:0]
	for _, f := range m.Files {
		if f.MaxTime.Before(cutoff) {
			m.trash(f, now)
			continue
		}
		kept = append(kept, f)
	}
	m.Files = kept
	dir := s.edsDir(id)
	trash := m.Trash[:0]
	for _, t := range m.Trash {
		if now.Sub(t.RemovedAt) < trashGrace {
			trash = append(trash, t)
			continue
		}
		os.Remove(filepath.Join(dir, t.Path))
	}
	m.Trash = trash
	s.collectOrphans(dir, m)
}

// collectOrphans removes files under dir that the manifest does not know, once they are old
// enough that no writer can still be about to commit them.
func (s *Store) collectOrphans(dir string, m *manifest) {
	known := map[string]bool{manifestFile: true, writeLock: true}
	for _, f := range m.Files {
		known[f.Path] = true
	}
	for _, t := range m.Trash {
		known[t.Path] = true
	}
	for _, mv := range m.moves {
		known[mv[0]] = true
	}
	cutoff := s.now().Add(-orphanAge)
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if path == filepath.Join(dir, tablesDir) {
				return filepath.SkipDir // derived tables are written whole, outside the manifest
			}
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		if known[rel] {
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().Before(cutoff) {
			os.Remove(path)
		}
		return nil
	})
}
