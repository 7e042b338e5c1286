package cwli

import (
	"strings"
	"testing"
	"time"
)

// TestTranslateShape: one statement, no statement separator, the table read once, column
// names as Logs Insights gives them.
func TestTranslateShape(t *testing.T) {
	for _, text := range allTestQueries(t) {
		q, err := Parse(text)
		if err != nil {
			continue
		}
		stmt, cols, err := Translate(q, `"my-store"`)
		if err != nil {
			continue
		}
		if !strings.HasPrefix(stmt, "SELECT ") && !strings.HasPrefix(stmt, "WITH ") {
			t.Errorf("%q: statement starts %.20q", text, stmt)
		}
		if n := strings.Count(stmt, `"my-store"`); n != 1 {
			t.Errorf("%q: the store is read %d times:\n%s", text, n, stmt)
		}
		if len(cols) == 0 {
			t.Errorf("%q: no columns", text)
		}
	}
}

// TestTranslateQuoting: names and strings the user writes reach the SQL only quoted.
func TestTranslateQuoting(t *testing.T) {
	db := fixture(t)
	q, err := Parse("filter eventName = \"it's\" or eventName != 'x\"; DROP VIEW trail; --' | fields eventName as `a\"b; --`, `c'd` | limit 1")
	if err != nil {
		t.Fatal(err)
	}
	stmt, cols, err := Translate(q, db.table)
	if err != nil {
		t.Fatal(err)
	}
	if cols[0] != `a"b; --` || cols[1] != "c'd" {
		t.Errorf("columns %q", cols)
	}
	gotCols, rows, err := db.run(stmt)
	if err != nil {
		t.Fatalf("%v\n%s", err, stmt)
	}
	if len(rows) != 1 || gotCols[0] != `a"b; --` || rows[0][1] != "NULL" {
		t.Errorf("columns %q rows %q", gotCols, rows)
	}
	if _, _, err := db.run("SELECT count(*) FROM trail"); err != nil {
		t.Errorf("the view is gone: %v", err)
	}
}

// TestTranslateStages: how commands become stages.
func TestTranslateStages(t *testing.T) {
	for _, c := range []struct {
		query  string
		stages int
	}{
		{"fields eventName | sort eventName | limit 2", 0},
		{"filter eventName = 'x' | fields eventName", 1},
		{"fields strlen(eventName) as n | filter n > 3", 2},
		{"fields eventName as a, a as b", 2},
		{"parse @message 'x=*' as x", 2},
		{"stats count(*) by eventName", 1},
		{"fields eventName | limit 5 | filter eventName = 'x'", 2},
		{"dedup eventName", 1},
	} {
		q, err := Parse(c.query)
		if err != nil {
			t.Fatal(err)
		}
		stmt, _, err := Translate(q, `"t"`)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(stmt, " AS (SELECT "); n != c.stages {
			t.Errorf("%q: %d stages, want %d:\n%s", c.query, n, c.stages, stmt)
		}
	}
}

func TestTranslateIsFast(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	r := testing.Benchmark(BenchmarkTranslate)
	if perQuery := time.Duration(r.NsPerOp()) / 14; perQuery >= 5*time.Millisecond { // 14 benchQueries
		t.Errorf("Translate takes %v per query", perQuery)
	}
}
