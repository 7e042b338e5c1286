package main

import (
	"bytes"
	"strings"
	"testing"
)

func shellTestRows(n int) *sliceResult {
	rs := &sliceResult{cols: []string{"id", "name"}}
	for i := range n {
		rs.rows = append(rs.rows, []any{int64(i), "name " + strings.Repeat("x", i)})
	}
	return rs
}

func TestShellPrintLimit(t *testing.T) {
	for _, c := range []struct {
		p           shellPrint
		rows        int
		shown, more int64
		lines       int // lines of output
	}{
		{shellPrint{format: "csv", limit: 2}, 5, 2, 3, 3},
		{shellPrint{format: "csv", limit: 5}, 5, 5, 0, 6},
		{shellPrint{format: "csv", limit: 0}, 5, 5, 0, 6},
		{shellPrint{format: "ndjson", limit: 1}, 3, 1, 2, 1},
		{shellPrint{format: "table", expanded: expandedOff, limit: 3}, 10, 3, 7, 8},
		{shellPrint{format: "table", expanded: expandedAuto, limit: 3}, 10, 3, 7, 8},
		{shellPrint{format: "table", expanded: expandedOn, limit: 2}, 10, 2, 8, 7},
	} {
		var b bytes.Buffer
		shown, more, err := printShellResult(&b, c.p, shellTestRows(c.rows))
		lines := strings.Count(b.String(), "\n")
		if err != nil || shown != c.shown || more != c.more || lines != c.lines {
			t.Errorf("%+v over %d rows: shown %d more %d lines %d err %v\n%s", c.p, c.rows, shown, more, lines, err, b.String())
		}
	}
}

func TestShellPrintExpanded(t *testing.T) {
	rs := &sliceResult{cols: []string{"eventName", "n", "multi"}, rows: [][]any{
		{"ConsoleLogin", int64(12), "one\ntwo"},
		{nil, int64(3), ""},
	}}
	var b bytes.Buffer
	if _, _, err := printShellResult(&b, shellPrint{format: "table", expanded: expandedOn}, rs); err != nil {
		t.Fatal(err)
	}
	want := `-[ RECORD 1 ]+-------------
eventName | ConsoleLogin
n         | 12
multi     | one
          | two
-[ RECORD 2 ]+--
eventName | 
n         | 3
multi     | 
(2 rows)
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestShellPrintAuto: auto prints a table while it fits the terminal, else blocks.
func TestShellPrintAuto(t *testing.T) {
	wide := &sliceResult{cols: []string{"a", "b", "c"}, rows: [][]any{{strings.Repeat("a", 50), strings.Repeat("b", 50), strings.Repeat("c", 50)}}}
	for _, c := range []struct {
		width    int
		expanded bool
	}{{0, false}, {200, false}, {100, true}} {
		wide.i = 0
		var b bytes.Buffer
		if _, _, err := printShellResult(&b, shellPrint{format: "table", expanded: expandedAuto, width: c.width}, wide); err != nil {
			t.Fatal(err)
		}
		if got := strings.HasPrefix(b.String(), "-[ RECORD 1 ]"); got != c.expanded {
			t.Errorf("width %d: expanded %v\n%s", c.width, got, b.String())
		}
		if c.expanded && maxLineWidth(strings.SplitN(b.String(), "\n", 2)[0]) > c.width {
			t.Errorf("the rule is wider than %d", c.width)
		}
	}
}
