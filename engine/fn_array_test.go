package engine

import "testing"

func TestArrayFunctions(t *testing.T) {
	e, _ := openTest(t, Config{})
	checkExprs(t, e, []exprCase{
		{in: "[cardinality(requestParameters), cardinality(resources)] FROM trail WHERE eventName = 'PutObject'", want: "[2 1]"},
		{in: "cardinality(t.resources) FROM trail t WHERE eventName = 'PutObject'", want: "1"},
		{in: "cardinality(split('a,b,c', ','))", want: "3"},
		{in: "cardinality(ARRAY[1, 2])", want: "2"},
		{in: "cardinality(map_keys(requestParameters)) FROM trail WHERE eventName = 'PutObject'", want: "2"},
		{in: "cardinality(x) FROM (SELECT [1, 2, 3] AS x)", want: "3"}, // type unknown to the rewrite
		{in: "cardinality(x) FROM (SELECT MAP {'a': 1} AS x)", want: "1"},
		{in: "[contains(ARRAY[1, 2], 2), contains(ARRAY[1, 2], 3)]", want: "[true false]"},
		{in: "[element_at(ARRAY['a', 'b'], 1), element_at(ARRAY['a', 'b'], -1), element_at(ARRAY['a'], 5)]", want: "[a b <nil>]"},
		{in: "array_join(ARRAY['a', NULL, 'b'], ',')", want: "a,b"},
		{in: "array_join(ARRAY['a', NULL, 'b'], ',', '?')", want: "a,?,b"},
		{in: "[array_max(ARRAY[3, 1]), array_min(ARRAY[3, 1])]", want: "[3 1]"},
		{in: "array_distinct(ARRAY[3, 1, 3, NULL, 2, NULL])", want: "[3 1 <nil> 2]"},
		{in: "[array_position(ARRAY[5, 6], 6), array_position(ARRAY[5, 6], 7)]", want: "[2 0]"},
		{in: "array_sort(ARRAY[3, NULL, 1])", want: "[1 3 <nil>]"},
		{in: "[arrays_overlap(ARRAY[1, 2], ARRAY[2, 3]), arrays_overlap(ARRAY[1], ARRAY[2])]", want: "[true false]"},
		{in: "array_union(ARRAY[1, 2], ARRAY[2, 3])", want: "[1 2 3]"},
		{in: "array_except(ARRAY[1, 2, 2, 3], ARRAY[2])", want: "[1 3]"},
		{in: "array_remove(ARRAY[1, NULL, 2, 1], 1)", want: "[<nil> 2]"},
		{in: "[slice(ARRAY[1, 2, 3, 4], 2, 2), slice(ARRAY[1, 2, 3, 4], -2, 2)]", want: "[[2 3] [3 4]]"},
		{in: "[sequence(1, 3), sequence(1, 5, 2)]", want: "[[1 2 3] [1 3 5]]"},
		{in: "transform(ARRAY[1, 2], x -> x * 10)", want: "[10 20]"},
		{in: "filter(ARRAY[1, 2, 3], x -> x > 1)", want: "[2 3]"},
		{in: "reduce(ARRAY[1, 2, 3], 0, (s, x) -> s + x, s -> s * 10)", want: "60"},
		{in: "reduce(CAST(ARRAY[] AS INTEGER[]), 5, (s, x) -> s + x, s -> s)", want: "5"},
		{in: "[any_match(ARRAY[1, 2], x -> x > 1), all_match(ARRAY[1, 2], x -> x > 1), none_match(ARRAY[1, 2], x -> x > 5)]", want: "[true false true]"},
		{in: "[any_match(CAST(ARRAY[] AS INTEGER[]), x -> x > 1), all_match(CAST(ARRAY[] AS INTEGER[]), x -> x > 1)]", want: "[false true]"},
		{in: "flatten(ARRAY[ARRAY[1], ARRAY[2, 3]])", want: "[1 2 3]"},
		{in: "[map_keys(requestParameters), map_values(requestParameters)] FROM trail WHERE eventName = 'PutObject'", want: "[[bucketName Host] [b1 example.com]]"},
		{in: "element_at(map_concat(MAP {'a': 1}, MAP {'a': 2}), 'a')", want: "2"},
		{in: "map_from_entries([{'k': 'a', 'v': 1}])['a']", want: "1"},
	})
}
