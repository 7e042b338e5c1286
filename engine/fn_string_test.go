package engine

import "testing"

func TestStringFunctions(t *testing.T) {
	e, _ := openTest(t, Config{})
	checkExprs(t, e, []exprCase{
		{in: "concat('a', 'b', 'c')", want: "abc"},
		{in: "concat('a', NULL, 'b')", want: "<nil>"}, // DuckDB's concat: 'ab'
		{in: "concat([1], [2, 3])", want: "[1 2 3]"},
		{in: "concat(eventName, '@', awsRegion) FROM trail WHERE eventName = 'PutObject'", want: "PutObject@us-east-1"},
		{in: "replace('a-b-c', '-')", want: "abc"},
		{in: "replace('a-b-c', '-', '+')", want: "a+b+c"},
		{in: "split_part('a.b.c', '.', 2)", want: "b"},
		{in: "split_part('a.b.c', '.', 4)", want: "<nil>"}, // DuckDB: ''
		{in: "split('a,,b', ',')", want: "[a  b]"},
		{in: "substr('hello', 2)", want: "ello"},
		{in: "substr('hello', 2, 3)", want: "ell"},
		{in: "substr('hello', -3)", want: "llo"},
		{in: "substr('hello', 0)", want: ""},   // DuckDB: 'hello'
		{in: "substr('hello', -10)", want: ""}, // DuckDB: 'hello'
		{in: "substring('hello' FROM 2 FOR 2)", want: "el"},
		{in: "[strpos('abc', 'c'), strpos('abc', 'z'), position('b' IN 'abc'), length('héllo')]", want: "[3 0 2 5]"},
		{in: "[lower('AbC'), upper('AbC'), trim('  x '), ltrim('  x'), rtrim('x  '), reverse('abc')]", want: "[abc ABC x x x cba]"},
		{in: "[lpad('7', 3, '0'), rpad('ab', 4, 'x'), lpad('hello', 3, 'x')]", want: "[007 abxx hel]"},
		{in: "[starts_with('abc', 'ab'), starts_with('abc', 'b')]", want: "[true false]"},
		{in: "format('%s-%d', 'a', 5)", want: "a-5"},
		{in: "[levenshtein_distance('kitten', 'sitting'), hamming_distance('abc', 'abd'), codepoint('A')]", want: "[3 1 65]"},
		{in: "url_extract_host('https://user@Example.com:8080/p/q?x=1&y=a%20b#frag')", want: "Example.com"},
		{in: "url_extract_protocol('https://example.com/p')", want: "https"},
		{in: "url_extract_port('https://example.com:8080/p')", want: "8080"},
		{in: "url_extract_port('https://example.com/p')", want: "<nil>"},
		{in: "url_extract_path('https://example.com/p/q?x=1')", want: "/p/q"},
		{in: "url_extract_query('https://example.com/p?x=1&y=2#f')", want: "x=1&y=2"},
		{in: "url_extract_fragment('https://example.com/p?x=1#f')", want: "f"},
		{in: "url_extract_parameter('https://example.com/p?x=1&y=a%20b', 'y')", want: "a b"},
		{in: "url_extract_host('not a url')", want: "<nil>"},
	})
}
