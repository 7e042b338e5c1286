package engine

import (
	"fmt"
	"strings"
)

// Trino's UNNEST in FROM differs from DuckDB's unnest table function:
//
//   - UNNEST(map) AS t(k, v) gives a key and a value column; DuckDB unnests lists only;
//   - UNNEST(array_of_rows) AS t(a, b, c) gives a column per field; DuckDB gives one STRUCT
//     column and ignores the other aliases. With a single alias, as Lake and Athena queries
//     write it (UNNEST(resources) AS t(r), then r.arn), both give the STRUCT;
//   - UNNEST(a, b) AS t(x, y) zips several arrays, padding with NULL; DuckDB takes one list.
//
// Those forms become a lateral subquery of select-list unnests, which DuckDB zips the same
// way, and unnest of a STRUCT expands it into columns:
//
//	(SELECT unnest(__u0), __u1, __n FROM (SELECT unnest(a) AS __u0, unnest(b) AS __u1,
//	        unnest(generate_series(1, list_max([len(a), len(b)]))) AS __n)) AS t(x, y, z, n)
//
// where __n is there WITH ORDINALITY. Everything else keeps DuckDB's unnest, which already
// supports WITH ORDINALITY AS t(v, n).

func (t *typed) unnest(n node) (any, error) {
	fn := obj(n, "function")
	if !strings.EqualFold(str(fn, "function_name"), "unnest") || str(fn, "schema") != "" {
		return n, nil
	}
	args := arr(fn, "children")
	for i := range args {
		if str(argNode(args, i), "alias") != "" {
			return n, nil // DuckDB's named parameters (recursive := …)
		}
	}
	if len(args) == 0 {
		return n, nil
	}
	ord := str(n, "with_ordinality") == "WITH_ORDINALITY"
	aliases := arr(n, "column_name_alias")
	values := len(aliases)
	if ord && values > 0 {
		values--
	}
	isMap := make([]bool, len(args))
	width := 0
	for i := range args {
		an := argNode(args, i)
		isMap[i] = t.bareColumn(an, kindMap) ||
			(str(an, "class") == "FUNCTION" && mapFunctions[strings.ToLower(str(an, "function_name"))])
		width++
		if isMap[i] {
			width++
		}
	}
	expandRow := len(args) == 1 && !isMap[0] && values >= 2
	if len(args) == 1 && !isMap[0] && !expandRow {
		return n, nil
	}
	if len(args) > 1 && values > width {
		return nil, positioned(n, t.src, "UNNEST of several arrays takes one column alias per array (two per map): found %d aliases for %d columns", values, width)
	}

	loc := n["query_location"]
	var inner, outer []any
	lists := make([]any, len(args))
	for i, a := range args {
		list := a
		if isMap[i] {
			list = call("map_entries", loc, a)
		}
		lists[i] = list
		name := fmt.Sprintf("__u%d", i)
		u := call("unnest", loc, list)
		u["alias"] = name
		inner = append(inner, u)
		if isMap[i] || expandRow {
			outer = append(outer, call("unnest", loc, columnRef(name)))
		} else {
			outer = append(outer, columnRef(name))
		}
	}
	if ord {
		lens := make([]any, len(lists))
		for i, l := range lists {
			lens[i] = call("len", loc, deepCopy(l))
		}
		var size any = lens[0]
		if len(lens) > 1 {
			// Not greatest: the function pass would give it Trino's NULL semantics.
			size = call("list_max", loc, call("list_value", loc, lens...))
		}
		u := call("unnest", loc, call("generate_series", loc, intConst(1), size))
		u["alias"] = "__n"
		inner = append(inner, u)
		outer = append(outer, columnRef("__n"))
	}
	innerQ := subqueryRef(selectNode(inner, node{"type": "EMPTY", "alias": "", "sample": nil, "query_location": unknownLoc}), "__unnest", nil)
	out := subqueryRef(selectNode(outer, innerQ), str(n, "alias"), aliases)
	out["query_location"] = loc
	return out, nil
}

// selectNode builds SELECT list FROM from.
func selectNode(list []any, from node) node {
	return node{
		"type": "SELECT_NODE", "modifiers": []any{}, "cte_map": node{"map": []any{}},
		"select_list": list, "from_table": from, "where_clause": nil, "group_expressions": []any{},
		"group_sets": []any{}, "aggregate_handling": "STANDARD_HANDLING", "having": nil, "sample": nil, "qualify": nil,
	}
}

// subqueryRef builds (query) AS alias(columns…) as a table reference.
func subqueryRef(q node, alias string, columns []any) node {
	if columns == nil {
		columns = []any{}
	}
	return node{
		"type": "SUBQUERY", "alias": alias, "sample": nil, "query_location": unknownLoc,
		"subquery": node{"node": q, "named_param_map": []any{}}, "column_name_alias": columns,
	}
}
