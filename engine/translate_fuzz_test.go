package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/ctlake/ctlake/store"
)

// FuzzTranslate feeds statements to the whole front-end (pre-lexer, DuckDB's parser, the
// sandbox, the rewrites). It must never panic, and every refusal must be a query error the
// user can act on — never an internal failure such as an AST the rewrites do not expect.
func FuzzTranslate(f *testing.F) {
	for _, c := range allowedCorpus(f) {
		f.Add(c.sql)
	}
	for _, c := range escapeCorpus(f) {
		f.Add(c.sql)
	}
	e, _ := openTest(f, Config{})
	f.Fuzz(func(t *testing.T, stmt string) {
		_, err := e.Translate(context.Background(), stmt)
		if err != nil && !errors.Is(err, ErrInvalidQuery) && !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Translate(%q): %v is neither ErrInvalidQuery nor ErrNotFound", stmt, err)
		}
	})
}
