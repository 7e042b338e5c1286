package engine

import "testing"

func TestAggregateFunctions(t *testing.T) {
	e, _ := openTest(t, Config{})
	checkExprs(t, e, []exprCase{
		{in: "approx_distinct(x % 1000) FROM range(5000) t(x)", want: "1000"},
		{in: "approx_distinct(x, 0.01) > 0 FROM range(10) t(x)", want: "true"},
		{in: "approx_percentile(x, 0.5) FROM range(101) t(x)", want: "50"},
		{in: "approx_percentile(x, ARRAY[0.1, 0.9]) FROM range(101) t(x)", want: "[10 90]"},
		{in: "approx_percentile(x, 1, 0.5) FROM range(10) t(x)", err: "the weighted forms are not supported"},
		{in: "count_if(errorCode IS NOT NULL) FROM trail", want: "2"},
		{in: "arbitrary(x) FROM (VALUES (NULL), ('a')) t(x)", want: "a"}, // DuckDB's arbitrary: NULL
		{in: "any_value(x) FROM (VALUES (NULL), ('a')) t(x)", want: "a"},
		{in: "max_by(x, y) FROM (VALUES (NULL, 3), ('a', 1), ('b', NULL)) t(x, y)", want: "<nil>"}, // DuckDB's max_by: a
		{in: "min_by(x, y) FROM (VALUES ('a', 3), (NULL, 1)) t(x, y)", want: "<nil>"},
		{in: "max_by(eventName, eventTime) FROM trail", want: "RunInstances"},
		{in: "max_by(x, x, 2) FROM range(5) t(x)", want: "[4 3]"},
		{in: "array_agg(x ORDER BY x DESC) FROM (VALUES (1), (NULL), (2)) t(x)", want: "[2 1 <nil>]"},
		{in: "[bool_and(x > 0), bool_or(x > 3), every(x >= 0)] FROM range(5) t(x)", want: "[false true true]"},
		{in: "[stddev(x), variance(x)] FROM range(5) t(x)", want: "[1.5811388300841898 2.5]"},
		{in: "approx_distinct(eventName) FROM trail", want: "5"},
		{in: "count(*) FROM (SELECT approx_distinct(eventName) OVER (PARTITION BY eventSource) AS n FROM trail)", want: "6"},
		{in: "max(n) FROM (SELECT max_by(eventName, eventTime) OVER (PARTITION BY eventSource) AS n FROM trail)", want: "RunInstances"},
		{in: "histogram(eventSource)['s3.amazonaws.com'] FROM trail", want: "4"},
	})
}
