package cwli

import (
	"strings"
	"testing"
)

// TestPrint checks the canonical text String gives: keywords lower case, minimal parentheses,
// strings double-quoted, names backquoted where needed.
func TestPrint(t *testing.T) {
	for in, want := range map[string]string{
		"FIELDS a,b AS c | SORT a DESC, b ASC | LIMIT 5":                   "fields a, b as c | sort a desc, b | limit 5",
		"filter (a = 1 or b = 2) and not (c = 3 and d = 4)":                "filter (a = 1 or b = 2) and not (c = 3 and d = 4)",
		"filter a = 1 or (b = 2 and c = 3)":                                "filter a = 1 or b = 2 and c = 3",
		"fields (1 + 2) * 3, 1 + (2 * 3), 1 - (2 - 3), (1 - 2) - 3":        "fields (1 + 2) * 3, 1 + 2 * 3, 1 - (2 - 3), 1 - 2 - 3",
		"fields 2 ^ (3 ^ 2), (2 ^ 3) ^ 2, -2 ^ 2, -(2 ^ 2)":                "fields 2 ^ 3 ^ 2, (2 ^ 3) ^ 2, -2 ^ 2, -(2 ^ 2)",
		"fields - - 1, 1 - -1":                                             "fields --1, 1 - -1",
		"filter (a = b) = c":                                               "filter (a = b) = c",
		"filter a not like 'x' and not b like /y/ and c =~ /z/":            `filter a not like "x" and not b like /y/ and c =~ /z/`,
		"filter a not in [1, 'b'] and 'v' in arr":                          `filter a not in [1, "b"] and "v" in arr`,
		`fields "q\"uote", 'single \' "double"', "back\\slash"`:            `fields "q\"uote", "single ' \"double\"", "back\\slash"`,
		"fields `a-b`, `a.b`, a.`b.c`.d, items.0.id, `0x`, `desc`, `by`.x": "fields `a-b`, `a.b`, a.`b.c`.d, items.0.id, `0x`, `desc`, by.x",
		"fields x as `my field`, y as `as`, z as a.b":                      "fields x as `my field`, y as `as`, z as a.b",
		"stats count(*) as n by bin(1HRS) as t offset 5M":                  "stats count(*) as n by bin(1hrs) as t offset 5m",
		"fields jsonParse(m).a.`b c`[0].`1`, (a).b":                        "fields jsonParse(m).a.`b c`[0].`1`, a.b",
		"parse @message 'user=*' as u | parse x /(?<y>\\d+)/":              `parse @message "user=*" as u | parse x /(?<y>\d+)/`,
		"parse '*' as `odd name` multi":                                    "parse \"*\" as `odd name` multi",
		"limit any 007 | dedup a, b.c | display a":                         "limit any 7 | dedup a, b.c | display a",
		"filter x # a comment\n| # another\n where y":                      "filter x | where y",
		"fields count(), f(*), g()":                                        "fields count(), f(*), g()",
	} {
		q, err := Parse(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := q.String(); got != want {
			t.Errorf("%q prints\n %s\nwant\n %s", in, got, want)
		}
		checkRoundTrip(t, q)
	}
}

func TestEqualAST(t *testing.T) {
	a, _ := Parse("fields a | filter b = 1")
	b, _ := Parse("fields   a\n|   filter b=1")
	c, _ := Parse("fields a | filter b = 2")
	if !equalAST(a, b) {
		t.Error("the same query with other spacing is not equal")
	}
	if equalAST(a, c) {
		t.Error("different queries are equal")
	}
	if strings.Contains(a.String(), "\n") {
		t.Error("String spans lines")
	}
}
