package engine

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
)

// DuckDB's AST, as json_serialize_sql prints it, is handled as generic JSON: the engine looks at
// the few node kinds it checks or rewrites and passes every other field through unchanged, so a
// DuckDB upgrade that adds fields does not need code here.
//
// Shapes relied on (DuckDB 1.5):
//   - query nodes have "type" SELECT_NODE / SET_OPERATION_NODE / RECURSIVE_CTE_NODE and a
//     "cte_map": {"map": [{"key": name, "value": {"query": {"node": …}, …}}]};
//   - table references have "type" (BASE_TABLE, JOIN, SUBQUERY, TABLE_FUNCTION, …) and no "class";
//   - expressions have "class" and "type"; functions carry "function_name", "schema", "catalog";
//   - "query_location" is a character offset into the parsed text, 2^64-1 when unknown.

// node is one JSON object of the AST.
type node = map[string]any

// decodeAST decodes JSON with numbers kept as json.Number, so that query_location (a uint64)
// and constants survive a round trip byte for byte.
func decodeAST(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// encodeAST prints v as compact JSON without HTML escaping.
func encodeAST(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimRight(b.Bytes(), "\n")), nil
}

func str(n node, key string) string {
	s, _ := n[key].(string)
	return s
}

func obj(n node, key string) node {
	o, _ := n[key].(map[string]any)
	return o
}

func arr(n node, key string) []any {
	a, _ := n[key].([]any)
	return a
}

// location returns a node's query_location, or -1 when it has none.
func location(n node) int {
	var v uint64
	switch x := n["query_location"].(type) {
	case json.Number:
		u, err := strconv.ParseUint(string(x), 10, 64)
		if err != nil {
			return -1
		}
		v = u
	case float64:
		v = uint64(x)
	default:
		return -1
	}
	if v >= math.MaxInt32 {
		return -1
	}
	return int(v)
}

// isExpr reports whether n is an expression (as opposed to a query node or table reference).
func isExpr(n node) bool {
	_, ok := n["class"]
	return ok
}

// transformAST rebuilds v bottom-up: fn receives each object after its children were
// transformed and returns the object that replaces it (often the same one). It edits in place.
func transformAST(v any, fn func(n node) (any, error)) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			nc, err := transformAST(c, fn)
			if err != nil {
				return nil, err
			}
			x[k] = nc
		}
		return fn(x)
	case []any:
		for i, c := range x {
			nc, err := transformAST(c, fn)
			if err != nil {
				return nil, err
			}
			x[i] = nc
		}
	}
	return v, nil
}

// conjuncts flattens nested top-level ANDs of a WHERE clause.
func conjuncts(e node) []node {
	if e == nil {
		return nil
	}
	if str(e, "type") != "CONJUNCTION_AND" {
		return []node{e}
	}
	var out []node
	for _, c := range arr(e, "children") {
		if cn, ok := c.(map[string]any); ok {
			out = append(out, conjuncts(cn)...)
		}
	}
	return out
}

// constantString returns the text of a VARCHAR constant.
func constantString(e node) (string, bool) {
	if str(e, "class") != "CONSTANT" {
		return "", false
	}
	v := obj(e, "value")
	if v == nil || str(obj(v, "type"), "id") != "VARCHAR" || v["is_null"] == true {
		return "", false
	}
	s, ok := v["value"].(string)
	return s, ok
}

// columnNames returns the parts of a COLUMN_REF (["t", "eventTime"]).
func columnNames(e node) []string {
	if str(e, "class") != "COLUMN_REF" {
		return nil
	}
	parts := arr(e, "column_names")
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		s, _ := p.(string)
		out = append(out, s)
	}
	return out
}
