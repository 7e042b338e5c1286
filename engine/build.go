package engine

import (
	"encoding/json"
	"strconv"
)

// Builders for the AST nodes rewrite rules emit, in the shape json_serialize_sql prints them
// (DuckDB 1.5), with every field json_deserialize_sql reads. loc is the query_location to give
// the new node: rules pass the one of the node they replace, so that DuckDB's errors about the
// new node still point into the user's text.

// unknownLoc is DuckDB's "no position" (2^64-1).
var unknownLoc = json.Number("18446744073709551615")

// call builds a function call name(args...).
func call(name string, loc any, args ...any) node {
	if args == nil {
		args = []any{}
	}
	return node{
		"class": "FUNCTION", "type": "FUNCTION", "alias": "", "query_location": loc,
		"function_name": name, "schema": "", "catalog": "", "children": args,
		"filter": nil, "order_bys": node{"type": "ORDER_MODIFIER", "orders": []any{}},
		"distinct": false, "is_operator": false, "export_state": false,
	}
}

// operator builds an infix operator that DuckDB represents as a function, such as "||" or "+".
func operator(op string, loc any, args ...any) node {
	n := call(op, loc, args...)
	n["is_operator"] = true
	return n
}

// concatOp builds a || b || … (NULL if any operand is NULL, like Trino's concat).
func concatOp(loc any, args ...any) any {
	out := args[0]
	for _, a := range args[1:] {
		out = operator("||", loc, out, a)
	}
	return out
}

// stringConst builds a VARCHAR constant.
func stringConst(s string) node {
	return node{"class": "CONSTANT", "type": "VALUE_CONSTANT", "alias": "", "query_location": unknownLoc,
		"value": node{"type": node{"id": "VARCHAR", "type_info": nil}, "is_null": false, "value": s}}
}

// intConst builds an INTEGER (or BIGINT) constant.
func intConst(v int64) node {
	id := "INTEGER"
	if v != int64(int32(v)) {
		id = "BIGINT"
	}
	return node{"class": "CONSTANT", "type": "VALUE_CONSTANT", "alias": "", "query_location": unknownLoc,
		"value": node{"type": node{"id": id, "type_info": nil}, "is_null": false, "value": json.Number(strconv.FormatInt(v, 10))}}
}

// nullConst builds a NULL constant.
func nullConst() node {
	return node{"class": "CONSTANT", "type": "VALUE_CONSTANT", "alias": "", "query_location": unknownLoc,
		"value": node{"type": node{"id": "NULL", "type_info": nil}, "is_null": true}}
}

// castTo builds CAST(e AS typ) for a type without parameters (VARCHAR, DATE, "TIMESTAMP WITH
// TIME ZONE", …).
func castTo(e any, typ string, loc any) node {
	return node{"class": "CAST", "type": "OPERATOR_CAST", "alias": "", "query_location": loc,
		"child": e, "cast_type": node{"id": typ, "type_info": nil}, "try_cast": false}
}

// caseWhen builds CASE WHEN cond THEN then ELSE els END; a nil els is NULL.
func caseWhen(cond, then, els any, loc any) node {
	if els == nil {
		els = nullConst()
	}
	return node{"class": "CASE", "type": "CASE_EXPR", "alias": "", "query_location": loc,
		"case_checks": []any{node{"when_expr": cond, "then_expr": then}}, "else_expr": els}
}

// isNull builds e IS NULL.
func isNull(e any) node {
	return node{"class": "OPERATOR", "type": "OPERATOR_IS_NULL", "alias": "", "query_location": unknownLoc,
		"children": []any{e}}
}

// orAll builds a OR b OR ….
func orAll(args ...any) any {
	if len(args) == 1 {
		return args[0]
	}
	return node{"class": "CONJUNCTION", "type": "CONJUNCTION_OR", "alias": "", "query_location": unknownLoc,
		"children": args}
}

// subscript builds e[i] (map value or 1-based list element, NULL when absent).
func subscript(e, i any, loc any) node {
	return node{"class": "OPERATOR", "type": "ARRAY_EXTRACT", "alias": "", "query_location": loc,
		"children": []any{e, i}}
}

// columnRef builds a column reference from its name parts.
func columnRef(parts ...string) node {
	names := make([]any, len(parts))
	for i, p := range parts {
		names[i] = p
	}
	return node{"class": "COLUMN_REF", "type": "COLUMN_REF", "alias": "", "query_location": unknownLoc, "column_names": names}
}

// deepCopy copies an AST value, so that a rule may use an argument twice: the AST is edited
// in place, and a node must not appear at two places of the tree.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, c := range x {
			out[k] = deepCopy(c)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, c := range x {
			out[i] = deepCopy(c)
		}
		return out
	}
	return v
}

// constantInt returns the value of an integer constant (also a negated one, which DuckDB
// parses as a constant already).
func constantInt(e node) (int64, bool) {
	if str(e, "class") != "CONSTANT" {
		return 0, false
	}
	v := obj(e, "value")
	switch str(obj(v, "type"), "id") {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT":
	default:
		return 0, false
	}
	n, ok := v["value"].(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}
