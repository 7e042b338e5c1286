package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ctlake/ctlake/store"
)

// TestDuckDBElementAt records the DuckDB 1.5 behaviour the element_at rule exists for, on the
// engine's database directly (no rewrite): element_at on a MAP returns a one-element LIST,
// element_at on a LIST does not bind, and the subscript has Lake's meaning for both.
func TestDuckDBElementAt(t *testing.T) {
	e, _ := openTest(t, Config{})
	ctx := context.Background()
	var got any
	if err := e.db.QueryRowContext(ctx, "SELECT element_at(MAP {'a': 'x'}, 'a')").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[x]" {
		t.Errorf("DuckDB element_at(map) = %v; if it is now the value, the element_at rule may go", got)
	}
	if err := e.db.QueryRowContext(ctx, "SELECT element_at([1, 2], 1)").Scan(&got); err == nil {
		t.Errorf("DuckDB element_at(list) binds now (= %v); check whether the rule is still needed", got)
	}
	var m1, m2, l1, l2, l3, l4 any
	err := e.db.QueryRowContext(ctx, `SELECT MAP {'a': 'x'}['a'], MAP {'a': 'x'}['b'], [10, 20][1], [10, 20][-1], [10, 20][3], [10, 20][0]`).
		Scan(&m1, &m2, &l1, &l2, &l3, &l4)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint([]any{m1, m2, l1, l2, l3, l4}) != "[x <nil> 10 20 <nil> <nil>]" {
		t.Errorf("subscripts: %v %v %v %v %v %v", m1, m2, l1, l2, l3, l4)
	}
}

// TestDuckDBCaseInsensitivePaths records that DuckDB resolves column and struct field names
// case-insensitively on the store's Parquet files, so no rewrite is needed for them.
func TestDuckDBCaseInsensitivePaths(t *testing.T) {
	e, fx := openTest(t, Config{})
	file := filepath.Join(fx.root, trailID, "eventday=2024-01-02", "part-1.parquet")
	var a, b string
	err := e.db.QueryRowContext(context.Background(), `SELECT useridentity.sessioncontext.sessionissuer.username,
		x.USERIDENTITY.SESSIONCONTEXT.SESSIONISSUER.USERNAME FROM read_parquet(['`+file+`']) x ORDER BY EVENTTIME LIMIT 1`).Scan(&a, &b)
	if err != nil || a != "Alice" || b != "Alice" {
		t.Errorf("got %q %q, %v", a, b, err)
	}
}

func TestRewriteElementAt(t *testing.T) {
	e, _ := openTest(t, Config{})
	p, err := e.Translate(context.Background(), "SELECT element_at(requestParameters, 'bucketName') AS b, element_at(resources, 1).arn FROM trail")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.SQL, "requestParameters['bucketName'] AS b") || !strings.Contains(p.SQL, "(resources[1]).arn") {
		t.Errorf("SQL = %s", p.SQL)
	}
	// Nested calls are rewritten inside out.
	p, err = e.Translate(context.Background(), "SELECT element_at(map_from_entries([{'k': 'a', 'v': element_at(requestParameters, 'x')}]), 'a') FROM trail")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(p.SQL), "element_at") {
		t.Errorf("SQL = %s", p.SQL)
	}
}

func TestViewSQL(t *testing.T) {
	cutoff := time.Date(2024, 1, 1, 6, 0, 0, 500000000, time.UTC)
	got := viewSQL("__eds_0", []string{"/r/a.parquet", "/r/it's.parquet"}, nil, cutoff)
	var cols []string
	for _, c := range store.Columns {
		cols = append(cols, `"`+c.Name+`"`)
	}
	want := "CREATE OR REPLACE TEMP VIEW __eds_0 AS SELECT " + strings.Join(cols, ", ") +
		" FROM read_parquet(['/r/a.parquet', '/r/it''s.parquet'], hive_partitioning=false, union_by_name=false)" +
		` WHERE "eventTime" >= TIMESTAMP '2024-01-01 06:00:00.5'`
	if got != want {
		t.Errorf("viewSQL =\n%s\nwant\n%s", got, want)
	}
	if got := viewSQL("__eds_1", nil, nil, cutoff); got != "CREATE OR REPLACE TEMP VIEW __eds_1 AS "+store.EmptySelectSQL(nil) {
		t.Errorf("empty view = %s", got)
	}
	if got := viewSQL("__eds_2", []string{"/r/a.parquet"}, nil, time.Time{}); strings.Contains(got, "WHERE") {
		t.Errorf("no cutoff: %s", got)
	}
}

func TestAliases(t *testing.T) {
	e, _ := openTest(t, Config{})
	p, err := e.Translate(context.Background(), `WITH x AS (SELECT * FROM trail) SELECT x.eventName, t.eventName FROM x JOIN 0b5d1a7e-0000-4000-8000-000000000002 t ON true`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"FROM __eds_0 AS trail", "__cte_0 AS x", "__eds_1 AS t"} {
		if !strings.Contains(p.SQL, want) {
			t.Errorf("SQL lacks %q: %s", want, p.SQL)
		}
	}
	if p.Views[1].Ref != otherID || p.Views[1].Alias != "t" || p.Views[1].ARN != arnPrefix+otherID {
		t.Errorf("view = %+v", p.Views[1])
	}
}

// TestRuleErrors: a rule's error points at the call (or argument) in the user's text.
func TestRuleErrors(t *testing.T) {
	e, _ := openTest(t, Config{})
	for _, tc := range []struct {
		stmt      string
		msg       string
		line, col int
	}{
		{"SELECT eventName,\n  date_add('days', 1, eventTime) FROM trail", `date_add: unknown unit "days"`, 2, 12},
		{"SELECT date_format(eventTime,\n '%D') FROM trail", "date_format: %D is not supported", 2, 2},
		{"SELECT element_at(resources) FROM trail", "element_at takes two arguments", 1, 8},
		{"SELECT json_extract_scalar(eventJson, 'a.b') FROM trail", `invalid JSON path "a.b"`, 1, 39},
		{"SELECT regexp_replace(eventName, '(a)', '$2') FROM trail", "regexp_replace: no group 2", 1, 41},
		{"SELECT 1 FROM trail CROSS JOIN UNNEST(resources, resources) AS t(a, b, c)", "found 3 aliases for 2 columns", 1, 32},
	} {
		_, err := e.Translate(context.Background(), tc.stmt)
		var qe *QueryError
		if !errors.As(err, &qe) || !errors.Is(err, ErrInvalidQuery) || !strings.Contains(qe.Msg, tc.msg) || qe.Line != tc.line || qe.Col != tc.col {
			t.Errorf("%q: err = %v (%+v), want %q at %d:%d", tc.stmt, err, qe, tc.msg, tc.line, tc.col)
		}
	}
}
