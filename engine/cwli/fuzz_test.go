package cwli

import (
	"testing"
	"unicode/utf8"
)

// FuzzParse: Parse never panics; a query that parses prints as one that parses to an equal
// tree, and translates, if at all, to the same SQL. Translate never panics either. Seeded with
// every query of the test scripts and the library.
func FuzzParse(f *testing.F) {
	for _, q := range allTestQueries(f) {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q, err := Parse(query)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if !utf8.ValidString(query) {
			t.Fatalf("parsed invalid UTF-8 %q", query)
		}
		checkRoundTrip(t, q)
		sql, cols, err := Translate(q, `"trail"`)
		q2, _ := Parse(q.String())
		sql2, cols2, err2 := Translate(q2, `"trail"`)
		if (err == nil) != (err2 == nil) || sql != sql2 || len(cols) != len(cols2) {
			t.Fatalf("%q and its printed form %q translate differently:\n%s (%v)\n%s (%v)", query, q.String(), sql, err, sql2, err2)
		}
	})
}
