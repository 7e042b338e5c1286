package engine

import (
	"context"
	"strings"
)

// Query checks, translates and runs one statement. The query's time limit starts now; the
// caller must Close the Rows.
//
// A query reads the files of a snapshot. Compaction and retention in another process may move a
// file out of the store between the snapshot and the read; the store keeps it in its trash, but
// not at the path the snapshot named. Such a query is run once more on a fresh snapshot, which
// no longer lists the file.
func (e *Engine) Query(ctx context.Context, stmt string) (*Rows, error) {
	r, err := e.query(ctx, stmt)
	if err != nil && ctx.Err() == nil && e.lostFile(err) {
		return e.query(ctx, stmt)
	}
	return r, err
}

// lostFile reports whether err is DuckDB failing to open a file inside the store.
func (e *Engine) lostFile(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, e.cfg.Root) &&
		(strings.Contains(msg, "No such file or directory") || strings.Contains(msg, "No files found"))
}
