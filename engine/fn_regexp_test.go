package engine

import (
	"regexp"
	"strings"
	"testing"
)

func TestRE2Replacement(t *testing.T) {
	re := regexp.MustCompile(`(?P<user>\w+)@(\w+)`)
	for _, c := range []struct{ in, want, err string }{
		{"$2:$1", `\2:\1`, ""},
		{"${user}!", `\1!`, ""},
		{`\$1 costs \\`, `$1 costs \\`, ""},
		{"$0", `\0`, ""},
		{"$3", "", "no group 3"},
		{"${nobody}", "", `no group named "nobody"`},
		{"$x", "", "illegal group reference"},
		{`a\`, "", "lone backslash"},
	} {
		got, err := re2Replacement(c.in, re)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("re2Replacement(%q) = %q, %v; want error %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("re2Replacement(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	// Java takes the longest group number that exists: $12 is group 1 and "2" with one group.
	if got, _ := re2Replacement("$12", regexp.MustCompile(`(a)`)); got != `\12` {
		t.Errorf("$12 with one group = %q", got)
	}
}

func TestRegexpFunctions(t *testing.T) {
	e, _ := openTest(t, Config{})
	checkExprs(t, e, []exprCase{
		{in: "regexp_like('abc', 'b')", want: "true"}, // a search, not a full match
		{in: "regexp_like('abc', '^b')", want: "false"},
		{in: "regexp_like('ABC', '(?i)b')", want: "true"},
		{in: "count(*) FROM trail WHERE regexp_like(eventName, '^(Get|Put)Object$')", want: "3"},
		{in: "regexp_extract('user@example.com', '@(.+)$')", want: "@example.com"},
		{in: "regexp_extract('user@example.com', '(\\w+)@(\\w+)', 2)", want: "example"},
		{in: "regexp_extract('abc', 'x')", want: "<nil>"}, // DuckDB: ''
		{in: "regexp_extract('abc', 'x', 0)", want: "<nil>"},
		{in: "regexp_extract('ab12', '(?<num>[0-9]+)', 1)", want: "12"},
		{in: "regexp_extract('abc', '(b)', 2)", err: "regexp_extract: pattern has 1 groups, not 2"},
		{in: "regexp_extract_all('a1b22c333', '[0-9]+')", want: "[1 22 333]"},
		{in: "regexp_extract_all('a1b22', '([a-z])([0-9]+)', 2)", want: "[1 22]"},
		{in: "regexp_extract_all('abc', 'x')", want: "[]"},
		{in: "regexp_replace('a.b.c', '\\.')", want: "abc"},
		{in: "regexp_replace('aXbXc', 'X', '-')", want: "a-b-c"}, // DuckDB: only the first
		{in: "regexp_replace('alice@example.com', '(\\w+)@(\\w+)', '$2 at $1')", want: "example at alice.com"},
		{in: "regexp_replace('alice@example.com', '(?<user>\\w+)@', '${user} at ')", want: "alice at example.com"},
		{in: "regexp_replace('price', 'price', '\\$5')", want: "$5"},
		{in: "regexp_replace('x', 'x', eventName) FROM trail", err: "the replacement must be a string literal"},
		{in: "regexp_count('a1b22c333', '[0-9]+')", want: "3"},
		{in: "regexp_split('a1b22c', '[0-9]+')", want: "[a b c]"},
		{in: "regexp_like('abc', '(?=b)')", err: "regexp_like: pattern \"(?=b)\" is not supported"},
		{in: "regexp_like('aa', '(a)\\1')", err: "is not supported"},
	})
	// The error points at the pattern in the user's text.
	_, _, _, err := queryAll(t, e, "SELECT eventName\nFROM trail WHERE regexp_like(eventName, 'a++')")
	var qe *QueryError
	if !asQueryError(err, &qe) || qe.Line != 2 || qe.Col != 41 {
		t.Errorf("err = %v (%+v), want line 2, column 41", err, qe)
	}
}
