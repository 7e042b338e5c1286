package queries

import (
	"strings"
	"testing"
)

func TestLibrary(t *testing.T) {
	all := All()
	langs := map[string]int{}
	for _, q := range all {
		langs[q.Lang]++
		if q.Title == "" {
			t.Errorf("%s: no title", q.Name)
		}
		switch q.Lang {
		case "sql":
			if got := q.ForStore("abc"); strings.Contains(got, Placeholder) || !strings.Contains(got, "FROM abc") {
				t.Errorf("%s: ForStore did not replace the store: %s", q.Name, got)
			}
		case "insights":
			if !strings.HasSuffix(q.Name, "-insights") || strings.Contains(q.Text, Placeholder) {
				t.Errorf("%s: an insights query is named *-insights and names no store", q.Name)
			}
			if _, ok := Get(strings.TrimSuffix(q.Name, "-insights")); !ok {
				t.Errorf("%s has no SQL twin", q.Name)
			}
		default:
			t.Errorf("%s: language %q", q.Name, q.Lang)
		}
	}
	if langs["sql"] < 12 || langs["insights"] != 12 {
		t.Errorf("library languages %v: want the 12 seed-002 analyses in both", langs)
	}
	if _, ok := Get("07-s3-activity"); !ok {
		t.Error("Get(07-s3-activity) not found")
	}
	if _, ok := Get("nope"); ok {
		t.Error("Get(nope) found something")
	}
}
