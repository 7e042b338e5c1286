package engine

// Array and map functions. Same name and meaning in DuckDB 1.5: contains, flatten, map_keys,
// map_values, map_concat, map_entries, map_from_entries, array_intersect, array_sort (NULLs
// last), filter. element_at is in rewrite.go, cardinality in typed.go (it depends on the type
// of its argument: DuckDB's cardinality takes maps only).
//
// The ones that differ are macros over DuckDB's list functions, or rules where the Trino
// function takes a lambda (a macro parameter cannot be a lambda).

var arrayMacros = []string{
	// Trino skips NULL elements unless a replacement is given.
	`CREATE MACRO array_join(a, d) AS array_to_string(a, d),
		(a, d, n) AS array_to_string(list_transform(a, lambda x: coalesce(CAST(x AS VARCHAR), n)), d)`,
	`CREATE MACRO array_max(a) AS list_max(a)`,
	`CREATE MACRO array_min(a) AS list_min(a)`,
	// Trino keeps the first occurrence of each element, in order, NULL included; DuckDB's
	// list_distinct drops NULLs and does not keep the order.
	`CREATE MACRO tr_array_distinct(a) AS list_filter(a, lambda x, i: list_position(a, x) = i)`,
	// 1-based, 0 when absent (DuckDB: NULL).
	`CREATE MACRO tr_array_position(a, e) AS coalesce(list_position(a, e), 0)`,
	`CREATE MACRO arrays_overlap(a, b) AS list_has_any(a, b)`,
	`CREATE MACRO array_union(a, b) AS tr_array_distinct(list_concat(a, b))`,
	`CREATE MACRO array_except(a, b) AS list_filter(tr_array_distinct(a), lambda x: NOT list_contains(b, x))`,
	`CREATE MACRO array_remove(a, e) AS list_filter(a, lambda x: x IS DISTINCT FROM e)`,
	// slice(a, start, length): start is 1-based, negative from the end.
	`CREATE MACRO slice(a, s, n) AS CASE WHEN s > 0 THEN list_slice(a, s, s + n - 1)
		ELSE list_slice(a, len(a) + s + 1, len(a) + s + n) END`,
	// Inclusive, like DuckDB's generate_series (range excludes the end).
	`CREATE MACRO sequence(a, b) AS generate_series(a, b), (a, b, s) AS generate_series(a, b, s)`,
	// The size of an array or a map, for an argument whose type the rewrite cannot tell.
	`CREATE MACRO tr_cardinality(x) AS CASE json_type(to_json(x))
		WHEN 'ARRAY' THEN json_array_length(to_json(x)) WHEN 'OBJECT' THEN len(json_keys(to_json(x))) END`,
}

var arrayRules = map[string]functionRule{
	"array_distinct": renameRule("tr_array_distinct", "array_distinct takes one array", 1),
	"array_position": renameRule("tr_array_position", "array_position takes an array and an element", 2),
	"transform":      renameRule("list_transform", "transform takes an array and a lambda", 2),
	"any_match":      rewriteMatch,
	"all_match":      rewriteMatch,
	"none_match":     rewriteMatch,
	"reduce":         rewriteReduce,
}

// rewriteMatch: any_match(a, p) is whether p holds for some element, all_match for all,
// none_match for none; on an empty array false, true and true.
func rewriteMatch(fn node, src *prelexed) (any, error) {
	name := str(fn, "function_name")
	args, err := callArgs(fn, src, name+" takes an array and a lambda", 2)
	if err != nil {
		return nil, err
	}
	loc := fn["query_location"]
	mapped := call("list_transform", loc, args[0], args[1])
	switch name {
	case "any_match":
		return coalesceOp(call("list_bool_or", loc, mapped), boolConst(false)), nil
	case "all_match":
		return coalesceOp(call("list_bool_and", loc, mapped), boolConst(true)), nil
	}
	return notOp(coalesceOp(call("list_bool_or", loc, mapped), boolConst(false))), nil
}

// rewriteReduce: Trino's reduce(a, initial, (s, x) -> …, s -> …) folds and then applies the
// output function; DuckDB's list_reduce(a, lambda, initial) folds. The output function is
// applied by transforming a one-element list. DuckDB's own two- and three-argument reduce
// stay as they are.
func rewriteReduce(fn node, src *prelexed) (any, error) {
	args := arr(fn, "children")
	if len(args) != 4 {
		return fn, nil
	}
	loc := fn["query_location"]
	folded := call("list_reduce", loc, args[0], args[2], args[1])
	return subscript(call("list_transform", loc, call("list_value", loc, folded), args[3]), intConst(1), loc), nil
}

func coalesceOp(args ...any) node {
	return node{"class": "OPERATOR", "type": "OPERATOR_COALESCE", "alias": "", "query_location": unknownLoc, "children": args}
}

func notOp(e any) node {
	return node{"class": "OPERATOR", "type": "OPERATOR_NOT", "alias": "", "query_location": unknownLoc, "children": []any{e}}
}

func boolConst(b bool) node {
	return castTo(stringConst(map[bool]string{true: "t", false: "f"}[b]), "BOOLEAN", unknownLoc)
}

// listFunctions are functions known to return a list, and mapFunctions a map: the cardinality
// of their result needs no run-time test.
var listFunctions = map[string]bool{
	"split": true, "string_split": true, "str_split": true, "string_to_array": true, "regexp_extract_all": true,
	"regexp_split_to_array": true, "string_split_regex": true, "map_keys": true, "map_values": true,
	"array_agg": true, "list": true, "filter": true, "list_filter": true, "list_transform": true,
	"list_value": true, "flatten": true, "list_distinct": true, "array_distinct": true, "tr_array_distinct": true,
	"array_intersect": true, "list_intersect": true, "array_union": true, "array_except": true, "array_remove": true,
	"list_concat": true, "array_concat": true, "slice": true, "list_slice": true, "sequence": true,
	"generate_series": true, "range": true, "array_sort": true, "list_sort": true, "json_keys": true,
	"map_entries": true, "transform": true, "zip": true, "list_zip": true, "regexp_split": true,
}

var mapFunctions = map[string]bool{
	"map": true, "map_from_entries": true, "map_concat": true, "histogram": true, "map_filter": true,
}
