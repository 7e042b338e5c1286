package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/ctlake/ctlake/store"
)

func TestShellComplete(t *testing.T) {
	const id = "ce7b3515-daf3-45c1-9711-b432fed77c34"
	v := &shellVocab{
		stores:    []string{"trail", id, "my-store", "other"},
		saved:     []string{"09-errors-by-api", "10-s3-error-codes", "mine"},
		columns:   shellColumns(),
		functions: []string{"concat", "count", "current_date", "even"},
	}
	sql, ins := store.LangSQL, store.LangInsights
	cases := []struct {
		lang, text string // the cursor is at the end of text, or at '|' in it
		start      int    // where the candidates go, -1: the start of the last word
		want       []string
	}{
		// Meta-commands and their arguments.
		{sql, `\`, 0, nil}, // all of them: checked below
		{sql, `\ti`, 0, []string{`\timing`}},
		{sql, `\d`, 0, []string{`\d`, `\deliver`}},
		{sql, `  \us`, 2, []string{`\use`}},
		{sql, `\use tr`, -1, []string{"trail"}},
		{sql, `\d ce7`, -1, []string{id}},
		{sql, `\run 1`, -1, []string{"10-s3-error-codes"}},
		{sql, `\run 0`, -1, []string{"09-errors-by-api"}},
		{sql, `\run 09-errors-by-api x`, -1, nil},
		{sql, `\lang ins`, -1, []string{"insights"}},
		{sql, `\output n`, -1, []string{"ndjson"}},
		{sql, `\x a`, -1, []string{"auto"}},
		{sql, `\nope a`, -1, nil},
		{sql, "SELECT 1;\n\\tim", 10, []string{`\timing`}},
		// Stores after FROM and JOIN.
		{sql, "SELECT * FROM tr", -1, []string{"trail"}},
		{sql, "select * from my-", 14, []string{"my-store"}},
		{sql, `SELECT * FROM "my`, 14, []string{`"my-store"`}},
		{sql, "SELECT * FROM trail a JOIN ce7b", -1, []string{id}},
		{sql, "SELECT *\nFROM o", -1, []string{"other"}},
		{sql, "SELECT * FROM $", -1, []string{"$EDS_ID"}},
		{sql, `SELECT "my`, 7, nil},
		// Nested paths, in any case, and behind a table alias.
		{sql, "SELECT userIdentity.sess", 7, []string{"userIdentity.sessionContext."}},
		{sql, "SELECT useridentity.SESSIONCONTEXT.sessionissuer.user", 7, []string{"userIdentity.sessionContext.sessionIssuer.userName"}},
		{sql, "SELECT userIdentity.sessionContext.a", 7, []string{"userIdentity.sessionContext.attributes."}},
		{sql, "SELECT tlsDetails.", 7, []string{"tlsDetails.cipherSuite", "tlsDetails.clientProvidedHostHeader", "tlsDetails.tlsVersion"}},
		{sql, "SELECT e.userIdentity.ar", 7, []string{"e.userIdentity.arn"}},
		{sql, "SELECT e.errorC", 7, []string{"e.errorCode"}},
		{sql, "SELECT userIdentity.nope.", 7, nil},
		{sql, "SELECT requestParameters.x", 7, nil},
		// Columns, functions, keywords; case follows the word for keywords.
		{sql, "SELECT eventN", 7, []string{"eventName"}},
		{sql, "SELECT count(*) FROM trail WHERE errorc", -1, []string{"errorCode"}},
		{sql, "sel", 0, []string{"select"}},
		{sql, "SEL", 0, []string{"SELECT"}},
		{sql, "SELECT element_", 7, []string{"element_at"}},
		{sql, "SELECT curr", 7, []string{"current_date"}},
		{sql, "SELECT eventName FROM trail ORDER B", -1, []string{"BETWEEN", "BY"}},
		{sql, "SELECT 'abc", 7, nil},
		{sql, "SELECT 1 -- a comment", 21, nil},
		// Mixed case within the word: every candidate keeps the word as typed.
		{sql, "SELECT eve", 7, []string{"even", "eventCategory", "eventID", "eventJson", "eventJsonChecksum", "eventName", "eventSource", "eventTime", "eventType", "eventVersion"}},
		{sql, "SELECT E", 7, nil}, // checked below
		// Logs Insights.
		{ins, "fi", 0, []string{"fields", "filter"}},
		{ins, "fields @t", 7, []string{"@timestamp"}},
		{ins, "fields eventName | so", -1, []string{"sort"}},
		{ins, "filter userIdentity.ty", 7, []string{"userIdentity.type"}},
		{ins, "stats cou", 6, []string{"count", "count_distinct"}},
		{ins, "filter eventName like 'Get", -1, nil},
	}
	for _, c := range cases {
		got := shellComplete(c.text, len(c.text), c.lang, v)
		start := c.start
		if start < 0 {
			start = strings.LastIndexAny(c.text, " \n") + 1
		}
		switch c.text {
		case `\`:
			names := 0
			for _, m := range shellMetaCommands() {
				names += 1 + len(m.aliases)
			}
			if len(got.cands) != names || !slices.Contains(got.cands, `\saved`) {
				t.Errorf("%q: %q", c.text, got.cands)
			}
			continue
		case "SELECT E":
			if len(got.cands) < 10 || slices.ContainsFunc(got.cands, func(s string) bool { return s[0] != 'E' }) {
				t.Errorf("%q: %q", c.text, got.cands)
			}
			continue
		}
		if got.start != start || !slices.Equal(got.cands, c.want) {
			t.Errorf("%s %q: got %d %q, want %d %q", c.lang, c.text, got.start, got.cands, start, c.want)
		}
	}
	// The cursor in the middle of a line.
	text := "SELECT userIdentity.sess FROM trail"
	if got := shellComplete(text, len("SELECT userIdentity.sess"), sql, v); !slices.Equal(got.cands, []string{"userIdentity.sessionContext."}) {
		t.Errorf("mid-line: %+v", got)
	}
}

func TestShellMatchWords(t *testing.T) {
	for _, c := range []struct {
		prefix string
		words  []string
		adapt  bool
		want   []string
	}{
		{"", []string{"b", "a", "a"}, false, []string{"a", "b"}},
		{"ev", []string{"eventName", "EVERY", "other"}, false, []string{"evERY", "eventName"}},
		{"se", []string{"SELECT", "SET"}, true, []string{"select", "set"}},
		{"Se", []string{"SELECT", "SET"}, true, []string{"SELECT", "SET"}},
		{"é", []string{"éa", "b"}, false, []string{"éa"}},
	} {
		if got := matchWords(c.prefix, c.words, c.adapt); !slices.Equal(got, c.want) {
			t.Errorf("%q %q: got %q, want %q", c.prefix, c.words, got, c.want)
		}
	}
}

func TestShellLoadFunctions(t *testing.T) {
	names, err := loadShellFunctions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"count", "regexp_matches", "strftime", "sum"} {
		if !slices.Contains(names, want) {
			t.Errorf("no %s among %d functions", want, len(names))
		}
	}
	if slices.ContainsFunc(names, func(n string) bool { return !shellFunctionNameRE.MatchString(n) }) {
		t.Error("an operator or internal name")
	}
}
