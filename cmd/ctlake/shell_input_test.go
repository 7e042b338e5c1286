package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/ctlake/ctlake/store"
)

var shellSplitCases = []struct {
	lang  string
	in    string
	stmts []string
	rest  string
	open  bool
}{
	{store.LangSQL, "SELECT 1;", []string{"SELECT 1"}, "", false},
	{store.LangSQL, "SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}, "", false},
	{store.LangSQL, "SELECT 1;\n  SELECT\n  2", []string{"SELECT 1"}, "SELECT\n  2", false},
	{store.LangSQL, ";; ;\n", nil, "", false},
	{store.LangSQL, "-- only a comment\n;", nil, "", false},
	{store.LangSQL, "-- note\nSELECT 1 -- trailing; not the end\n;", []string{"SELECT 1 -- trailing; not the end"}, "", false},
	{store.LangSQL, "SELECT ';' AS s, 'it''s;' FROM t;", []string{"SELECT ';' AS s, 'it''s;' FROM t"}, "", false},
	{store.LangSQL, `SELECT "a;b" FROM "my;store";`, []string{`SELECT "a;b" FROM "my;store"`}, "", false},
	{store.LangSQL, `SELECT E'a\';b';`, []string{`SELECT E'a\';b'`}, "", false},
	{store.LangSQL, `SELECT 'a\';b';`, []string{`SELECT 'a\'`}, "b';", true},
	{store.LangSQL, "SELECT $$a;b$$, $tag$ $$; $tag$;", []string{"SELECT $$a;b$$, $tag$ $$; $tag$"}, "", false},
	{store.LangSQL, "SELECT * FROM $EDS_ID; SELECT $1;", []string{"SELECT * FROM $EDS_ID", "SELECT $1"}, "", false},
	{store.LangSQL, "SELECT 1 /* a; /* nested; */ still; */;", []string{"SELECT 1 /* a; /* nested; */ still; */"}, "", false},
	{store.LangSQL, "SELECT 'open;\n", nil, "SELECT 'open;\n", true},
	{store.LangSQL, "/* open; comment\n", nil, "/* open; comment\n", true},
	{store.LangSQL, "SELECT $x$ open;", nil, "SELECT $x$ open;", true},
	{store.LangSQL, "SELECT 1 -- c\n", nil, "SELECT 1 -- c\n", false},
	{store.LangSQL, "SELECT x-1;", []string{"SELECT x-1"}, "", false},
	{store.LangInsights, "fields @timestamp | limit 5;", []string{"fields @timestamp | limit 5"}, "", false},
	{store.LangInsights, "filter eventName = 'a;b' | limit 1;", []string{"filter eventName = 'a;b' | limit 1"}, "", false},
	{store.LangInsights, `filter eventName = "a\";b";`, []string{`filter eventName = "a\";b"`}, "", false},
	{store.LangInsights, "# c; comment\nfields `odd;name`;", []string{"fields `odd;name`"}, "", false},
	{store.LangInsights, "filter @message like /a;b/ | limit 1;", []string{"filter @message like /a;b/ | limit 1"}, "", false},
	{store.LangInsights, "filter @message =~ /[/;]x/;", []string{"filter @message =~ /[/;]x/"}, "", false},
	{store.LangInsights, "parse @message /(?<x>[^;]+)/ | fields x;", []string{"parse @message /(?<x>[^;]+)/ | fields x"}, "", false},
	{store.LangInsights, "parse userIdentity.arn /:(?<a>\\d+);/;", []string{"parse userIdentity.arn /:(?<a>\\d+);/"}, "", false},
	{store.LangInsights, "stats count(*) / 2 as half; fields a / b;", []string{"stats count(*) / 2 as half", "fields a / b"}, "", false},
	{store.LangInsights, "filter x like /open;\n", nil, "filter x like /open;\n", true},
	{store.LangInsights, "SELECT 'a -- b;' ;", []string{"SELECT 'a -- b;'"}, "", false},
}

func TestShellSplit(t *testing.T) {
	for _, c := range shellSplitCases {
		sp := splitShellInput(c.in, c.lang)
		if !slices.Equal(sp.stmts, c.stmts) || sp.rest != c.rest || sp.open != c.open {
			t.Errorf("%s %q:\n got %q rest %q open %v\nwant %q rest %q open %v", c.lang, c.in, sp.stmts, sp.rest, sp.open, c.stmts, c.rest, c.open)
		}
	}
}

func TestShellInputFeed(t *testing.T) {
	in := &shellInput{lang: store.LangSQL}
	type step struct {
		line    string
		items   []shellItem
		pending bool
	}
	steps := []step{
		{"", nil, false},
		{"-- a comment alone", nil, false},
		{"SELECT eventName,", nil, true},
		{"  count(*) AS n", nil, true},
		{`\timing`, []shellItem{{meta: true, text: `\timing`, line: 5}}, true}, // a meta-command keeps the pending statement
		{"FROM st GROUP BY 1; SELECT 'a", []shellItem{{text: "SELECT eventName,\n  count(*) AS n\nFROM st GROUP BY 1", line: 3}}, true},
		{`\not a meta-command inside a string`, nil, true},
		{"b';  SELECT", []shellItem{{text: "SELECT 'a\n\\not a meta-command inside a string\nb'", line: 6}}, true},
		{"2;", []shellItem{{text: "SELECT\n2", line: 8}}, false},
		{"  \\q  ", []shellItem{{meta: true, text: `\q`, line: 10}}, false},
	}
	for i, s := range steps {
		got := in.feed(s.line)
		if !slices.Equal(got, s.items) || in.pending() != s.pending {
			t.Fatalf("step %d %q: got %+v pending %v, want %+v pending %v", i, s.line, got, in.pending(), s.items, s.pending)
		}
	}
	in.feed("SELECT 3")
	if got := in.flush(); !slices.Equal(got, []shellItem{{text: "SELECT 3", line: 11}}) || in.pending() {
		t.Errorf("flush: %+v", got)
	}
	in.feed("SELECT 'x")
	in.reset()
	if in.pending() || in.flush() != nil {
		t.Error("reset left a statement")
	}
}

func TestShellOneLine(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		{store.LangSQL, "SELECT 1", "SELECT 1"},
		{store.LangSQL, "SELECT a, -- the a\n  b\nFROM t -- end", "SELECT a, b FROM t"},
		{store.LangSQL, "SELECT '--not\na comment'\n/* x\ny */ FROM t", "SELECT '--not\na comment' /* x y */ FROM t"},
		{store.LangInsights, "fields a # c\n| limit 1", "fields a | limit 1"},
	} {
		if got := shellOneLine(c.in, c.lang); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
	it := shellItem{text: "SELECT 1\nFROM t"}
	if got := it.history(store.LangSQL); got != "SELECT 1 FROM t;" {
		t.Errorf("history %q", got)
	}
}

// FuzzShellSplit checks the splitter's invariants on any input, in both languages: the tokens
// cover the text; feeding it line by line gives the statements of the text split at once
// (without the lines taken as meta-commands); a statement split again is itself; its one-line
// form is one statement.
func FuzzShellSplit(f *testing.F) {
	for _, c := range shellSplitCases {
		f.Add(c.in, c.lang == store.LangInsights)
	}
	f.Add("SELECT 1;\n\\d st\nSELECT '\n\\x\n';", false)
	f.Add("fields a\n| filter b like /x\n;y/ ;\n\\q", true)
	f.Fuzz(func(t *testing.T, text string, insights bool) {
		lang := store.LangSQL
		if insights {
			lang = store.LangInsights
		}
		toks := shellTokens(text, lang)
		at := 0
		for i, tok := range toks {
			if tok.start != at || tok.end <= tok.start || (tok.open && i != len(toks)-1) || (tok.open && tok.end != len(text)) {
				t.Fatalf("token %d %+v of %q", i, tok, text)
			}
			at = tok.end
		}
		if at != len(text) {
			t.Fatalf("tokens end at %d of %d", at, len(text))
		}

		in := &shellInput{lang: lang}
		var fed []string
		var kept []string
		for _, line := range strings.Split(text, "\n") {
			items := in.feed(line)
			if len(items) == 1 && items[0].meta {
				continue
			}
			kept = append(kept, line)
			for _, it := range items {
				fed = append(fed, it.text)
			}
		}
		for _, it := range in.flush() {
			fed = append(fed, it.text)
		}
		whole := splitShellInput(strings.Join(kept, "\n")+"\n", lang)
		want := whole.stmts
		if r := strings.TrimSpace(whole.rest); !shellBlank(r, lang) {
			want = append(slices.Clone(want), r)
		}
		if !slices.Equal(fed, want) {
			t.Fatalf("fed line by line: %q\nsplit at once: %q", fed, want)
		}

		for _, s := range whole.stmts {
			again := splitShellInput(s+"\n;", lang)
			if len(again.stmts) != 1 || again.stmts[0] != s || again.rest != "" {
				t.Fatalf("%q split again: %+v", s, again)
			}
			one := shellOneLine(s, lang)
			sp := splitShellInput(one+";", lang)
			if len(sp.stmts) != 1 || sp.rest != "" || sp.open {
				t.Fatalf("one-line form %q of %q splits into %+v", one, s, sp)
			}
		}
	})
}
