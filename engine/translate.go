package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ctlake/ctlake/store"
)

// Plan is what a statement becomes: the DuckDB statement that runs and the views it reads.
type Plan struct {
	// SQL is the DuckDB statement; it reads the temp views of Views.
	SQL   string
	Views []View
	// EventsScanned and BytesScanned sum the files all views read, after pruning.
	EventsScanned int64
	BytesScanned  int64
}

// View is one event data store reference of the statement and the temp view that replaces it.
type View struct {
	Name  string // temp view, e.g. __eds_0
	Ref   string // the table name as written
	Alias string // the name columns are qualified with
	ARN   string // of the event data store
	// From and To are the eventTime range read from the WHERE clause (inclusive); zero is open.
	From, To     time.Time
	FilesTotal   int // files in the snapshot
	FilesScanned int // files the view reads
	Events       int64
	Bytes        int64
	SQL          string // the CREATE TEMP VIEW statement
}

// String prints the plan for --explain: one comment line per view, the view statements, the query.
func (p *Plan) String() string {
	var b strings.Builder
	for _, v := range p.Views {
		fmt.Fprintf(&b, "-- %s = %s (%s): eventTime %s..%s, %d of %d files, %d events, %d bytes\n",
			v.Name, v.Ref, v.ARN, fmtBound(v.From), fmtBound(v.To), v.FilesScanned, v.FilesTotal, v.Events, v.Bytes)
	}
	for _, v := range p.Views {
		b.WriteString(v.SQL)
		b.WriteString(";\n")
	}
	b.WriteString(p.SQL)
	b.WriteString(";\n")
	return b.String()
}

func fmtBound(t time.Time) string {
	if t.IsZero() {
		return "*"
	}
	return t.UTC().Format("2006-01-02T15:04:05.999999Z")
}

// translate runs the front-end: pre-lex, parse, check, rewrite, print, and check the printed
// statement once more.
func (e *Engine) translate(ctx context.Context, stmt string) (*Plan, error) {
	if !utf8.ValidString(stmt) {
		return nil, invalidf("the statement is not valid UTF-8")
	}
	src := prelex(stmt)
	ast, err := e.parser.parse(ctx, src)
	if err != nil {
		return nil, err
	}
	// Each store or table is resolved once per statement: every reference sees one snapshot.
	snaps := map[string]*store.Snapshot{}
	resolve := func(key, name string, get func() (*store.Snapshot, error)) (*store.Snapshot, error) {
		if s, ok := snaps[key]; ok {
			return s, nil
		}
		s, err := get()
		if err != nil {
			return nil, err
		}
		if s == nil || s.EDS == nil {
			return nil, fmt.Errorf("catalog returned no snapshot for %q", name)
		}
		snaps[key] = s
		return s, nil
	}
	chk := &checker{funcs: e.funcs, src: src, renameCTEs: true, lake: true,
		resolve: func(name string) (*store.Snapshot, error) {
			return resolve(name, name, func() (*store.Snapshot, error) { return e.cat.Snapshot(ctx, name) })
		},
		resolveTable: func(name, table string) (*store.Snapshot, error) {
			return resolve(name+"\x00"+table, name, func() (*store.Snapshot, error) { return e.cat.TableSnapshot(ctx, name, table) })
		},
	}
	refs, err := chk.check(ast)
	if err != nil {
		return nil, err
	}
	if err := rewriteStatement(ast, src); err != nil {
		return nil, err
	}
	plan := &Plan{Views: make([]View, len(refs))}
	names := make(map[string]bool, len(refs))
	for i, ref := range refs {
		b := timeBounds(ref)
		files := selectFiles(ref.snap, b)
		paths, err := e.filePaths(ref.snap, files)
		if err != nil {
			return nil, err
		}
		v := View{
			Name: viewName(i), Ref: ref.name, Alias: ref.alias, ARN: ref.snap.EDS.EventDataStoreArn,
			From: b.from, To: b.to, FilesTotal: len(ref.snap.Files), FilesScanned: len(files),
		}
		for _, f := range files {
			v.Events += f.Rows
			v.Bytes += f.Bytes
		}
		v.SQL = viewSQL(v.Name, paths, ref.snap.Columns, ref.snap.RetentionCutoff)
		plan.Views[i] = v
		plan.EventsScanned += v.Events
		plan.BytesScanned += v.Bytes
		names[v.Name] = true
		replaceTable(ref, v.Name)
	}
	if plan.SQL, err = e.parser.print(ctx, ast); err != nil {
		return nil, fmt.Errorf("%w: the statement cannot be translated: %w", ErrInvalidQuery, err)
	}
	if err := e.verify(ctx, plan.SQL, names); err != nil {
		return nil, err
	}
	return plan, nil
}

// verify parses and checks the translated statement: whatever the rewrite did, what runs is
// one SELECT of allowed functions over the engine's views and the statement's own CTEs.
func (e *Engine) verify(ctx context.Context, text string, views map[string]bool) error {
	src := &prelexed{orig: text, text: text}
	ast, err := e.parser.parse(ctx, src)
	if err == nil {
		chk := &checker{funcs: e.funcs, resolve: func(name string) (*store.Snapshot, error) {
			if views[name] {
				return &store.Snapshot{}, nil
			}
			return nil, fmt.Errorf("%w: table %q", ErrInvalidQuery, name)
		}}
		_, err = chk.check(ast)
	}
	if err != nil {
		var qe *QueryError
		if errors.As(err, &qe) {
			return fmt.Errorf("%w: the translated statement was refused: %s", ErrInvalidQuery, qe.Msg)
		}
		return fmt.Errorf("verify translated statement: %w", err)
	}
	return nil
}

// filePaths returns the absolute paths of files, refusing any outside the engine's root or
// with glob characters (read_parquet would expand them).
func (e *Engine) filePaths(snap *store.Snapshot, files []store.FileInfo) ([]string, error) {
	paths := make([]string, len(files))
	for i, f := range files {
		p := filepath.Join(snap.Dir, filepath.FromSlash(f.Path))
		if !filepath.IsAbs(p) || !within(e.cfg.Root, p) || strings.ContainsAny(p, "*?[]{}") {
			return nil, fmt.Errorf("event data store %s: file %q is not a plain path under %s", snap.EDS.Name, p, e.cfg.Root)
		}
		paths[i] = p
	}
	return paths, nil
}
