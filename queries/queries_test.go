package queries

import (
	"strings"
	"testing"
)

func TestLibrary(t *testing.T) {
	all := All()
	if len(all) < 12 {
		t.Fatalf("library has %d queries, want the 12 seed-002 analyses at least", len(all))
	}
	for _, q := range all {
		if q.Title == "" || q.Lang != "sql" || !strings.Contains(q.Text, Placeholder) {
			t.Errorf("%s: title %q lang %q, placeholder present %v", q.Name, q.Title, q.Lang, strings.Contains(q.Text, Placeholder))
		}
		if got := q.ForStore("abc"); strings.Contains(got, Placeholder) || !strings.Contains(got, "FROM abc") {
			t.Errorf("%s: ForStore did not replace the store: %s", q.Name, got)
		}
	}
	if _, ok := Get("07-s3-activity"); !ok {
		t.Error("Get(07-s3-activity) not found")
	}
	if _, ok := Get("nope"); ok {
		t.Error("Get(nope) found something")
	}
}
