package engine

import (
	"context"
	"fmt"
	"testing"
)

// TestDuckDBTraps records, on the engine's DuckDB directly (no rewrite), each DuckDB 1.5
// behaviour a rule or macro exists for. Should one of them change in a DuckDB upgrade, the
// rule named in the case may go or need a change.
func TestDuckDBTraps(t *testing.T) {
	e, _ := openTest(t, Config{})
	ctx := context.Background()
	for _, c := range []struct{ sql, want, why string }{
		{"SELECT concat('a', NULL, 'b')", "ab", "concat rule: Trino's concat is NULL"},
		{"SELECT date_diff('hour', TIMESTAMP '2024-01-01 23:59:59', TIMESTAMP '2024-01-02 01:58:00')", "2", "date_diff → date_sub (whole units: 1)"},
		{"SELECT date_sub('hour', TIMESTAMP '2024-01-01 23:59:59', TIMESTAMP '2024-01-02 01:58:00')", "1", "date_sub counts whole units"},
		{"SELECT regexp_extract('abc', 'x')", "", "regexp_extract rule: Trino gives NULL"},
		{"SELECT regexp_replace('aXbXc', 'X', '-')", "a-bXc", "regexp_replace rule: Trino replaces all"},
		{"SELECT split_part('a.b', '.', 5)", "", "split_part rule: Trino gives NULL"},
		{"SELECT substr('hello', 0)", "hello", "substr rule: Trino gives ''"},
		{"SELECT greatest(1, NULL, 3)", "3", "greatest rule: Trino gives NULL"},
		{"SELECT millisecond(TIMESTAMP '2024-01-01 00:00:05.123')", "5123", "millisecond rule: Trino gives 123"},
		{"SELECT dayofweek(TIMESTAMP '2024-01-07 10:00:00'), isodow(TIMESTAMP '2024-01-07 10:00:00')", "0 7", "day_of_week is isodow"},
		{"SELECT json_array_length('{\"a\":1}')", "0", "json_array_length rule: Trino gives NULL"},
		{"SELECT CAST(json('\"abc\"') AS VARCHAR)", `"abc"`, "CAST(json AS varchar) rule: Trino gives abc"},
		{"SELECT list_distinct([3, 1, 3, NULL, 2])", "[2 1 3]", "array_distinct rule: Trino keeps order and NULL"},
		{"SELECT coalesce(array_position([1, 2], 3), -1)", "-1", "array_position rule: Trino gives 0"},
		{"SELECT max_by(x, y) FROM (VALUES (NULL, 3), ('a', 1)) t(x, y)", "a", "max_by → arg_max_null (Trino gives NULL)"},
		{"SELECT arg_max_null(x, y) FROM (VALUES (NULL, 3), ('a', 1), ('b', NULL)) t(x, y)", "<nil>", "arg_max_null has Trino's meaning"},
		{"SELECT approx_count_distinct(x) FROM range(1000) t(x)", "1249", "approx_distinct → count(DISTINCT): DuckDB's HyperLogLog is 25% off"},
		{"SELECT arbitrary(x) FROM (VALUES (NULL), ('a')) t(x)", "<nil>", "arbitrary → any_value"},
		{"SELECT element_at(MAP {'a': 'x'}, 'a')", "[x]", "element_at rule"},
		{"SELECT strftime(TIMESTAMP '2024-01-07 13:04:05', '%Y-%m-%d %H:%M:%S')", "2024-01-07 13:04:05", "strftime formats"},
		{"SELECT CAST(TIMESTAMP '2024-01-01 10:00:00' AS VARCHAR)", "2024-01-01 10:00:00", "CAST(eventTime AS varchar) rule: Trino prints .000"},
		{"SELECT CAST('2024-01-01T10:00:00Z' AS TIMESTAMPTZ) = TIMESTAMP '2024-01-01 10:00:00'", "true", "from_iso8601_timestamp is a cast"},
		{"SELECT m.bucketName, m.BUCKETNAME FROM (SELECT MAP {'bucketName': 'v'} AS m)", "v <nil>", "a dotted map path reads the key, case-sensitively"},
		{"SELECT to_json(MAP {'a': '{\"b\":1}'})", `map[a:{"b":1}]`, "tr_map_json: to_json quotes the nested JSON text"},
		{"SELECT 5 / 2", "2", "integer_division is set by the engine"},
		{"SELECT * FROM (SELECT [{'a': 1, 'b': 2}] AS l) x CROSS JOIN unnest(x.l) AS t(a, b)", "[map[a:1 b:2]] map[a:1 b:2]", "UNNEST rule: DuckDB does not expand rows"},
		{"SELECT v, n FROM unnest([10, 20]) WITH ORDINALITY AS t(v, n) ORDER BY n", "10 1", "WITH ORDINALITY is native"},
		{"SELECT json_extract_string('{\"a b\":1}', '$.\"a b\"')", "1", "JSON paths: DuckDB quotes names with ."},
		{"SELECT date_trunc('week', DATE '2024-01-07')", "2024-01-01 00:00:00 +0000 UTC", "weeks start on Monday, as in Trino"},
		{"SELECT approx_quantile(x, [0.5, 0.9]) FROM range(100) t(x)", "[50 89]", "approx_percentile takes an array too"},
		{"SELECT lpad('hello', 3, 'x'), rpad('hi', 5, 'ab')", "hel hiaba", "lpad/rpad truncate like Trino"},
		{"SELECT substr('hello', -3), strpos('abc', 'z'), length('é')", "llo 0 1", "substr from the end, strpos 0, length in characters"},
		{"SELECT if(true, 1, 2), TRY(CAST('a' AS INTEGER)), TRY_CAST('a' AS INTEGER), nullif(1, 1)", "1 <nil> <nil> <nil>", "if/try/try_cast/nullif are native"},
		{"SELECT array_to_string(['a', NULL, 'b'], ','), array_sort([3, NULL, 1])", "a,b [1 3 <nil>]", "array_join skips NULLs; array_sort puts NULLs last"},
		{"SELECT count_if(x > 1), bool_and(x > 0), bool_or(x > 2), any_value(x) FROM range(5) t(x)", "3 false true 0", "aggregates that are the same"},
	} {
		rows, err := e.db.QueryContext(ctx, c.sql)
		if err != nil {
			t.Errorf("%s: %v (%s)", c.sql, err, c.why)
			continue
		}
		cols, _ := rows.Columns()
		var got string
		if rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if i > 0 {
					got += " "
				}
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				got += fmt.Sprint(v)
			}
		}
		rows.Close()
		if got != c.want {
			t.Errorf("%s = %q, want %q: %s", c.sql, got, c.want, c.why)
		}
	}
}

// TestDuckDBErrors records the DuckDB errors the rules avoid: a malformed JSON text is an error
// (Trino: NULL), cardinality of a list does not bind, if takes three arguments, RE2 has no
// (?<name>) groups, unnest takes one list.
func TestDuckDBErrors(t *testing.T) {
	e, _ := openTest(t, Config{})
	ctx := context.Background()
	for _, q := range []string{
		"SELECT json_extract_string(j, '$.a') FROM (VALUES ('x')) t(j)",
		"SELECT cardinality([1, 2])",
		"SELECT if(true, 1)",
		"SELECT regexp_extract('ab12', '(?<n>[0-9]+)', 1)",
		"SELECT * FROM unnest([1], [2])",
		"SELECT approx_distinct(1)",
		"SELECT json_extract_string('{\"a b\":1}', '$[\"a b\"]')",
	} {
		var v any
		if err := e.db.QueryRowContext(ctx, q).Scan(&v); err == nil {
			t.Errorf("%s succeeded (= %v): check whether its rule is still needed", q, v)
		}
	}
}
