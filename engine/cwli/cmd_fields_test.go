package cwli

import "testing"

func TestFieldsScript(t *testing.T) { runScript(t, "fields.txt") }

func TestTermName(t *testing.T) {
	q, err := Parse("fields a, a.b, `c-d`, strlen(x), x + 1, y as z")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a", "a.b", "c-d", "strlen(x)", "x + 1", "z"}
	for i, term := range q.Commands[0].(*FieldsCommand).Terms {
		if got := termName(term); got != want[i] {
			t.Errorf("term %d: name %q, want %q", i, got, want[i])
		}
	}
}
