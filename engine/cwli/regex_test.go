package cwli

import (
	"regexp"
	"testing"
)

func TestGlobRegex(t *testing.T) {
	for _, c := range []struct {
		glob, text string
		want       []string // nil: no match
	}{
		{"user=*,", "a user=bob, b user=eve,", []string{"bob"}},
		{"*/*/*", "a/b/c/d", []string{"a", "b", "c/d"}},
		{"[*] *", "[INFO] hello world", []string{"INFO", "hello world"}},
		{"a.b*", "axb1 a.b2", []string{"2"}},
		{"(*)", "f(x) g(y)", []string{"x"}},
		{"x=*", "line1\nx=two\nlines", []string{"two\nlines"}},
		{"nope*", "abc", nil},
	} {
		re := regexp.MustCompile(globRegex(c.glob))
		m := re.FindStringSubmatch(c.text)
		if c.want == nil {
			if m != nil {
				t.Errorf("%q matched %q: %q", c.glob, c.text, m)
			}
			continue
		}
		if len(m) != len(c.want)+1 {
			t.Errorf("%q on %q: %q, want %q", c.glob, c.text, m, c.want)
			continue
		}
		for i, w := range c.want {
			if m[i+1] != w {
				t.Errorf("%q on %q: group %d is %q, want %q", c.glob, c.text, i+1, m[i+1], w)
			}
		}
	}
}

func TestPythonGroups(t *testing.T) {
	for in, want := range map[string]string{
		`(?<a>x)`:           `(?P<a>x)`,
		`(?P<a>x)(?<b>y)`:   `(?P<a>x)(?P<b>y)`,
		`\(?<a>x`:           `\(?<a>x`,
		`[(?<a>]`:           `[(?<a>]`,
		`(?<=x)`:            `(?<=x)`,
		`a(?:b)(?i)c`:       `a(?:b)(?i)c`,
		`(?<user>\w+)\/(x)`: `(?P<user>\w+)\/(x)`,
	} {
		if got := pythonGroups(in); got != want {
			t.Errorf("pythonGroups(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCaptureGroups(t *testing.T) {
	got := captureGroups(`(\w+)(?<a>x)(?:y)(?P<b>z)`)
	want := []string{"", "a", "b"}
	if len(got) != len(want) {
		t.Fatalf("captureGroups = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("captureGroups = %q, want %q", got, want)
		}
	}
}
