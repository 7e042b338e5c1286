package cwli

import "testing"

func TestFilterScript(t *testing.T) { runScript(t, "filter.txt") }

func TestFilterVerbs(t *testing.T) {
	for in, want := range map[string]string{
		"filter a = 1": "filter a = 1", "WHERE a = 1": "where a = 1", "filterindex a = 1": "filterIndex a = 1",
	} {
		q, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.String(); got != want {
			t.Errorf("%q prints as %q, want %q", in, got, want)
		}
	}
}
