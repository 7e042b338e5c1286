package cwli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ctlake/ctlake/engine/cwli/internal/cwlitest"
)

// TestParseTree checks the shape of a few trees: precedence and paths.
func TestParseTree(t *testing.T) {
	q, err := Parse("filter not a.b.0 like /x/ and -2 ^ 2 > c or d in [1]")
	if err != nil {
		t.Fatal(err)
	}
	or := q.Commands[0].(*FilterCommand).Cond.(*Binary)
	and := or.L.(*Binary)
	not := and.L.(*Unary)
	m := not.X.(*Match)
	if or.Op != "or" || and.Op != "and" || not.Op != "not" || m.Op != "like" || m.X.(*FieldRef).Name() != "a.b.0" {
		t.Errorf("unexpected tree: %s", q)
	}
	gt := and.R.(*Binary)
	pow := gt.L.(*Binary)
	if gt.Op != ">" || pow.Op != "^" || pow.L.(*Unary).Op != "-" {
		t.Errorf("-2 ^ 2 > c parsed as %s", gt)
	}
	if in := or.R.(*In); len(in.Set.(*ListLit).Items) != 1 {
		t.Errorf("in parsed as %s", in)
	}
	if got := q.Commands[0].Position(); got != (Pos{1, 1}) {
		t.Errorf("filter at %v", got)
	}
	if got := m.Position(); got != (Pos{1, 18}) {
		t.Errorf("like at %v", got)
	}
}

// TestRoundTripAll prints and re-parses every query of the test scripts and the library.
func TestRoundTripAll(t *testing.T) {
	n := 0
	for _, text := range allTestQueries(t) {
		q, err := Parse(text)
		if err != nil {
			continue
		}
		checkRoundTrip(t, q)
		n++
	}
	if n < 100 {
		t.Errorf("only %d queries parsed", n)
	}
}

// allTestQueries returns the queries of testdata/*.txt and queries/insights.
func allTestQueries(t testing.TB) []string {
	t.Helper()
	var out []string
	scripts, _ := filepath.Glob("testdata/*.txt")
	for _, f := range scripts {
		cases, err := cwlitest.ReadScript(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			out = append(out, c.Query)
		}
	}
	lib, _ := filepath.Glob(filepath.Join(libraryDir, "*.cwli"))
	for _, f := range lib {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}
