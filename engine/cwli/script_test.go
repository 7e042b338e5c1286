package cwli

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/ctlake/ctlake/engine/cwli/internal/cwlitest"
)

// Script-driven tests. A script under testdata/ is a list of cases; each case is a query and
// what must come of it. Adding a case is adding a few lines:
//
//	# A comment: lines starting with '#' outside a query are ignored, as are blank lines.
//	=== name of the case
//	fields eventName            <- the query: every line up to the first "---" line
//	| filter eventName = "X"       (it may use Logs Insights '#' comments)
//	--- columns
//	eventName                   <- the output column names, joined by ", "
//	--- sql
//	WHERE                       <- each line must occur in the translated SQL
//	--- sql-not
//	json_extract                <- each line must not occur in it
//	--- rows
//	X                           <- the rows the query returns over the fixture (fixture_test.go),
//	X                              in order; cells joined by " | ", NULL for SQL NULL, "" for
//	                               the empty string, timestamps as 2006-01-02 15:04:05
//	--- rows unordered          <- the same rows in any order
//	--- count
//	2                           <- how many rows (when the values do not matter)
//	--- error invalid 1:8       <- Parse or Translate fails: kind parse, unsupported or invalid,
//	not available after stats      optionally at line:column; the message contains each line
//
// Every case that parses is also printed with String and parsed again: the new AST must equal
// the first (positions aside) and translate to the same SQL.

// runScript runs every case of testdata/<name> as a subtest.
func runScript(t *testing.T, name string) {
	t.Helper()
	cases, err := cwlitest.ReadScript(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s has no cases", name)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { runCase(t, c) })
	}
}

func runCase(t *testing.T, c *cwlitest.Case) {
	where := fmt.Sprintf("%s:%d", c.File, c.Line)
	for _, s := range c.Sections {
		switch s.Kind {
		case "columns", "sql", "sql-not", "rows", "count", "error":
		default:
			t.Fatalf("%s:%d: unknown section %q", c.File, s.Line, s.Kind)
		}
	}
	wantErr := c.Section("error")
	q, err := Parse(c.Query)
	if err != nil {
		checkError(t, where, err, wantErr)
		return
	}
	checkRoundTrip(t, q)
	db := fixture(t)
	stmt, cols, err := Translate(q, db.table)
	if err != nil {
		checkError(t, where, err, wantErr)
		return
	}
	if wantErr != nil {
		t.Fatalf("%s: translated, want error %v\nSQL: %s", where, wantErr.Body, stmt)
	}
	if q2, err := Parse(q.String()); err == nil {
		stmt2, cols2, err := Translate(q2, db.table)
		if err != nil || stmt2 != stmt || !reflect.DeepEqual(cols, cols2) {
			t.Errorf("%s: the printed query %q translates differently:\n%s\n%s (%v)", where, q.String(), stmt, stmt2, err)
		}
	}
	if s := c.Section("columns"); s != nil {
		if got, want := strings.Join(cols, ", "), strings.Join(s.Body, ", "); got != want {
			t.Errorf("%s: columns\n got %s\nwant %s", where, got, want)
		}
	}
	if s := c.Section("sql"); s != nil {
		for _, want := range s.Body {
			if !strings.Contains(stmt, want) {
				t.Errorf("%s: SQL lacks %q:\n%s", where, want, stmt)
			}
		}
	}
	if s := c.Section("sql-not"); s != nil {
		for _, bad := range s.Body {
			if strings.Contains(stmt, bad) {
				t.Errorf("%s: SQL has %q:\n%s", where, bad, stmt)
			}
		}
	}
	rowsSec, countSec := c.Section("rows"), c.Section("count")
	if rowsSec == nil && countSec == nil {
		return
	}
	gotCols, rows, err := db.run(stmt)
	if err != nil {
		t.Fatalf("%s: run: %v\nSQL: %s", where, err, stmt)
	}
	if !reflect.DeepEqual(gotCols, cols) {
		t.Errorf("%s: result columns %q, Translate said %q", where, gotCols, cols)
	}
	got := make([]string, len(rows))
	for i, r := range rows {
		got[i] = strings.Join(r, " | ")
	}
	if countSec != nil {
		want, err := strconv.Atoi(strings.TrimSpace(strings.Join(countSec.Body, "")))
		if err != nil {
			t.Fatalf("%s:%d: bad count", c.File, countSec.Line)
		}
		if len(got) != want {
			t.Errorf("%s: %d rows, want %d:\n%s\nSQL: %s", where, len(got), want, strings.Join(got, "\n"), stmt)
		}
	}
	if rowsSec != nil {
		want := append([]string(nil), rowsSec.Body...)
		if len(rowsSec.Args) > 0 && rowsSec.Args[0] == "unordered" {
			sort.Strings(got)
			sort.Strings(want)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rows\n got:\n%s\nwant:\n%s\nSQL: %s", where, strings.Join(got, "\n"), strings.Join(want, "\n"), stmt)
		}
	}
}

var errorKinds = map[string]error{"parse": ErrParse, "unsupported": ErrUnsupported, "invalid": ErrInvalid}

func checkError(t *testing.T, where string, err error, want *cwlitest.Section) {
	t.Helper()
	if want == nil {
		t.Fatalf("%s: unexpected error: %v", where, err)
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("%s: error %v is not a *ParseError", where, err)
	}
	for _, a := range want.Args {
		if kind, ok := errorKinds[a]; ok {
			if !errors.Is(err, kind) {
				t.Errorf("%s: error %v does not wrap %v", where, err, kind)
			}
			continue
		}
		if pos := fmt.Sprintf("%d:%d", pe.Line, pe.Col); pos != a {
			t.Errorf("%s: error at %s, want %s (%v)", where, pos, a, err)
		}
	}
	for _, s := range want.Body {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%s: error %q does not contain %q", where, err, s)
		}
	}
}

// checkRoundTrip checks that q prints as a query that parses back to q.
func checkRoundTrip(t testing.TB, q *Query) {
	t.Helper()
	printed := q.String()
	q2, err := Parse(printed)
	if err != nil {
		t.Fatalf("the printed query does not parse: %v\nprinted: %s", err, printed)
	}
	if !equalAST(q, q2) {
		t.Fatalf("the printed query parses to another AST\nprinted:  %s\nreprinted: %s", printed, q2)
	}
	if again := q2.String(); again != printed {
		t.Fatalf("printing is not stable:\n%s\n%s", printed, again)
	}
}

var posType = reflect.TypeFor[Pos]()

// equalAST compares two ASTs, ignoring positions; nil and empty slices are equal.
func equalAST(a, b any) bool { return equalValue(reflect.ValueOf(a), reflect.ValueOf(b)) }

func equalValue(a, b reflect.Value) bool {
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalValue(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if a.Type().Field(i).Type == posType {
				continue
			}
			if !equalValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !equalValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	}
	return a.Equal(b)
}
