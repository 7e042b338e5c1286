package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// exprCase is one expression of a function test: SELECT in must give want (compared as
// fmt.Sprint of the value), or fail with an error containing err.
type exprCase struct {
	in, want, err string
}

// checkExprs runs each case through the engine (pre-lexer, check, rewrite, DuckDB) against
// the test fixture; `FROM trail` and the like may be part of in.
func checkExprs(t *testing.T, e *Engine, cases []exprCase) {
	t.Helper()
	for _, c := range cases {
		stmt := "SELECT " + c.in
		_, rows, _, err := queryAll(t, e, stmt)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: err = %v, want %q", stmt, err, c.err)
			}
			continue
		}
		if err != nil {
			p, _ := e.Translate(context.Background(), stmt)
			sql := ""
			if p != nil {
				sql = p.SQL
			}
			t.Errorf("%s: %v\n(translated: %s)", stmt, err, sql)
			continue
		}
		if len(rows) != 1 || len(rows[0]) != 1 {
			t.Errorf("%s: got %v, want one value", stmt, rows)
			continue
		}
		if got := fmt.Sprint(rows[0][0]); got != c.want {
			p, _ := e.Translate(context.Background(), stmt)
			t.Errorf("%s\n got %s\nwant %s\n(translated: %s)", stmt, got, c.want, p.SQL)
		}
	}
}

func asQueryError(err error, qe **QueryError) bool { return errors.As(err, qe) }
