package engine

import (
	"errors"
	"testing"
)

func TestBindParameters(t *testing.T) {
	cases := []struct {
		stmt   string
		values []string
		want   string
	}{
		{"SELECT * FROM t WHERE a = ? AND b = ?", []string{"x", "y"}, "SELECT * FROM t WHERE a = 'x' AND b = 'y'"},
		{"SELECT '?' AS q, \"?\" FROM t WHERE a = ? -- ?\n", []string{"v"}, "SELECT '?' AS q, \"?\" FROM t WHERE a = 'v' -- ?\n"},
		{"SELECT 'it''s ?' /* ? */ FROM t WHERE a = ?", []string{"o'clock"}, "SELECT 'it''s ?' /* ? */ FROM t WHERE a = 'o''clock'"},
		{"SELECT 1 WHERE a = ?", []string{"'; DROP TABLE x; --"}, "SELECT 1 WHERE a = '''; DROP TABLE x; --'"},
	}
	for _, c := range cases {
		got, err := BindParameters(c.stmt, c.values)
		if err != nil || got != c.want {
			t.Errorf("BindParameters(%q, %q) = %q, %v; want %q", c.stmt, c.values, got, err, c.want)
		}
		if n := CountParameters(c.stmt); n != len(c.values) {
			t.Errorf("CountParameters(%q) = %d", c.stmt, n)
		}
	}
	for _, bad := range []struct {
		stmt   string
		values []string
	}{{"SELECT ?", nil}, {"SELECT 1", []string{"x"}}, {"SELECT 'open ?", []string{"x"}}, {"SELECT /* ?", nil}} {
		if _, err := BindParameters(bad.stmt, bad.values); !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("BindParameters(%q, %q): %v, want ErrInvalidQuery", bad.stmt, bad.values, err)
		}
	}
}

// A bound value is a string literal whatever it holds: the statement that runs has exactly
// the shape of the one that was saved.
func TestBoundValueCannotEscape(t *testing.T) {
	e, _ := openTest(t, Config{})
	stmt, err := BindParameters("SELECT ? AS v", []string{"x'); SELECT * FROM read_csv('/etc/passwd'); --"})
	if err != nil {
		t.Fatal(err)
	}
	_, rows, _ := mustQuery(t, e, stmt)
	if len(rows) != 1 || rows[0][0] != "x'); SELECT * FROM read_csv('/etc/passwd'); --" {
		t.Errorf("rows %v", rows)
	}
}

func FuzzBindParameters(f *testing.F) {
	f.Add("SELECT * FROM t WHERE a = ? AND b = '?'", "v")
	f.Add("-- ?\nSELECT ?", "it's")
	f.Fuzz(func(t *testing.T, stmt, v string) {
		n := CountParameters(stmt)
		values := make([]string, n)
		for i := range values {
			values[i] = v
		}
		out, err := BindParameters(stmt, values)
		// Every value became a literal: nothing in it can be a placeholder, or anything but data.
		if err == nil && CountParameters(out) != 0 {
			t.Errorf("placeholders left after binding: %q -> %q", stmt, out)
		}
	})
}
