package cwli

import (
	"reflect"
	"testing"
)

func lexAll(t *testing.T, src string) []token {
	t.Helper()
	l := newLexer(src)
	var out []token
	for {
		tok, err := l.next()
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if tok.kind == tokEOF {
			return out
		}
		out = append(out, tok)
	}
}

func TestLexTokens(t *testing.T) {
	type tk struct {
		kind tokKind
		text string
	}
	for src, want := range map[string][]tk{
		`fields @timestamp, a.b.0.c`: {{tokName, "fields"}, {tokName, "@timestamp"}, {tokPunct, ","}, {tokName, "a.b.0.c"}},
		"x.`y.z`.w # comment\n| y":   {{tokName, "x.y.z.w"}, {tokPunct, "|"}, {tokName, "y"}},
		`a!=b<=c>=d=~e<f>g=h`:        {{tokName, "a"}, {tokPunct, "!="}, {tokName, "b"}, {tokPunct, "<="}, {tokName, "c"}, {tokPunct, ">="}, {tokName, "d"}, {tokPunct, "=~"}, {tokName, "e"}, {tokPunct, "<"}, {tokName, "f"}, {tokPunct, ">"}, {tokName, "g"}, {tokPunct, "="}, {tokName, "h"}},
		`12 1.5 5m 1hrs`:             {{tokNumber, "12"}, {tokNumber, "1.5"}, {tokPeriod, "5m"}, {tokPeriod, "1hrs"}},
		`x. y`:                       {{tokName, "x"}, {tokPunct, "."}, {tokName, "y"}},
		`f(x)[0]+-*/%^`:              {{tokName, "f"}, {tokPunct, "("}, {tokName, "x"}, {tokPunct, ")"}, {tokPunct, "["}, {tokNumber, "0"}, {tokPunct, "]"}, {tokPunct, "+"}, {tokPunct, "-"}, {tokPunct, "*"}, {tokPunct, "/"}, {tokPunct, "%"}, {tokPunct, "^"}},
		`"a \"b\" \\ \d" 'it\'s'`:    {{tokString, "string"}, {tokString, "string"}},
		"filter\tx\r\n=\v1":          {{tokName, "filter"}, {tokName, "x"}, {tokPunct, "="}, {tokNumber, "1"}},
		`@@example.com _x`:           {{tokName, "@@example.com"}, {tokName, "_x"}},
	} {
		var got []tk
		for _, tok := range lexAll(t, src) {
			got = append(got, tk{tok.kind, tok.text})
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got %v\nwant %v", src, got, want)
		}
	}
}

func TestLexStringValues(t *testing.T) {
	toks := lexAll(t, `"a \"b\" \\ \d" 'it\'s' "x'y" 'x"y'`)
	want := []string{`a "b" \ \d`, `it's`, `x'y`, `x"y`}
	for i, w := range want {
		if toks[i].val != w {
			t.Errorf("string %d = %q, want %q", i, toks[i].val, w)
		}
	}
}

func TestLexNameSegments(t *testing.T) {
	toks := lexAll(t, "a.`b.c`.0 `x-y`")
	if got := toks[0].segs; !reflect.DeepEqual(got, []string{"a", "b.c", "0"}) || !toks[0].quoted {
		t.Errorf("segments %q (quoted %v)", got, toks[0].quoted)
	}
	if got := toks[1].segs; !reflect.DeepEqual(got, []string{"x-y"}) {
		t.Errorf("segments %q", got)
	}
}

func TestLexPositions(t *testing.T) {
	toks := lexAll(t, "fields \"é\",\n  x # c\n\ty")
	want := []Pos{{1, 1}, {1, 8}, {1, 11}, {2, 3}, {3, 2}}
	if len(toks) != len(want) {
		t.Fatalf("%d tokens, want %d", len(toks), len(want))
	}
	for i, tok := range toks {
		if tok.pos != want[i] {
			t.Errorf("token %d (%s) at %v, want %v", i, tok.describe(), tok.pos, want[i])
		}
	}
}

func TestLexRegex(t *testing.T) {
	for src, want := range map[string]string{
		`/a\/b/ rest`:  `a\/b`,
		`/[/]x/`:       `[/]x`,
		`/(?<u>\w+)/`:  `(?<u>\w+)`,
		`/a\\/`:        `a\\`,
		`/[\]/]/ tail`: `[\]/]`,
	} {
		l := newLexer(src)
		if tok, err := l.next(); err != nil || !tok.punct("/") {
			t.Fatalf("%q: %v %v", src, tok, err)
		}
		got, err := l.scanRegex(Pos{1, 1})
		if err != nil || got != want {
			t.Errorf("%q: regex %q (%v), want %q", src, got, err, want)
		}
	}
}
