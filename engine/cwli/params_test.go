package cwli

import (
	"errors"
	"testing"
)

func TestBindParameters(t *testing.T) {
	cases := []struct {
		q      string
		values []string
		want   string
	}{
		{`filter eventSource = ? and eventName = ?`, []string{"kms.amazonaws.com", "Decrypt"},
			`filter eventSource = "kms.amazonaws.com" and eventName = "Decrypt"`},
		{`filter userAgent like /x?y/ and sourceIPAddress = ? # who?`, []string{"1.2.3.4"},
			`filter userAgent like /x?y/ and sourceIPAddress = "1.2.3.4" # who?`},
		{`filter a = '?' and b = ?`, []string{`say "hi" \o/`}, `filter a = '?' and b = "say \"hi\" \\o/"`},
		{"filter `odd?name` = ?", []string{"v"}, "filter `odd?name` = \"v\""},
	}
	for _, c := range cases {
		got, err := BindParameters(c.q, c.values)
		if err != nil || got != c.want {
			t.Errorf("BindParameters(%q) = %q, %v; want %q", c.q, got, err, c.want)
		}
		if n := CountParameters(c.q); n != len(c.values) {
			t.Errorf("CountParameters(%q) = %d", c.q, n)
		}
	}
	// A bound value is one string literal: it parses back to itself.
	q, err := BindParameters("filter eventName = ?", []string{`x" or eventName = "y`})
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := Parse(q)
	if err != nil {
		t.Fatalf("bound query does not parse: %v", err)
	}
	if s := parsed.String(); s != `filter eventName = "x\" or eventName = \"y"` {
		t.Errorf("bound query parsed as %s", s)
	}
	if _, err := BindParameters("filter a = ?", nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("missing value: %v", err)
	}
	if _, err := BindParameters(`filter a = "open ?`, []string{"v"}); !errors.Is(err, ErrParse) {
		t.Errorf("unterminated string: %v", err)
	}
}

func FuzzBindParameters(f *testing.F) {
	f.Add(`filter a = ? and b like /?/`, `v"\`)
	f.Fuzz(func(t *testing.T, q, v string) {
		values := make([]string, CountParameters(q))
		for i := range values {
			values[i] = v
		}
		out, err := BindParameters(q, values)
		if err == nil && CountParameters(out) != 0 {
			t.Errorf("placeholders left after binding: %q -> %q", q, out)
		}
	})
}
