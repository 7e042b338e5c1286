package engine

import (
	"strings"

	"github.com/ctlake/ctlake/store"
)

// The typed pass: rewrites that depend on the type of a store column. The engine does not bind
// the statement; it knows the types of the Lake columns (store.Columns), and a column reference
// is one of them when its name is, optionally qualified by a table alias of the statement.
//
// Most of it makes queries written for Athena's CloudTrail table run on Lake's schema, where
// their meaning is clear. In Athena, requestParameters, responseElements, additionalEventData
// and serviceEventDetails are JSON text; in Lake they are map(varchar, varchar) whose nested
// objects and arrays are kept as JSON text. So:
//
//   - requestParameters.bucketName (a dotted path into a map) → requestParameters['bucketName'];
//     a longer path reads the JSON inside: a.b.c → json_extract_scalar(a['b'], '$.c');
//   - json_extract_scalar(requestParameters, '$.bucketName') → the value, NULL for an object or
//     array; '$.a.b' → json_extract_scalar(requestParameters['a'], '$.b');
//     json_extract likewise returns JSON;
//   - a map where a string is expected (LIKE, regexp_like, lower, other json_* functions,
//     CAST to varchar) → its JSON text (tr_map_json), as Athena has it.
//
// And for Lake's own types: cardinality of a list is len (DuckDB's cardinality takes maps only),
// CAST(eventTime AS varchar) prints milliseconds like Trino's timestamp(3), and CAST of a JSON
// value to varchar follows Trino.

var mapMacros = []string{
	// A map value as json_extract_scalar reads it: NULL for an object or array.
	`CREATE MACRO tr_map_value_scalar(v) AS CASE WHEN json_valid(v) THEN
		CASE WHEN json_type(v) IN ('OBJECT', 'ARRAY') THEN NULL ELSE v END ELSE v END`,
	// A map value as JSON: objects, arrays, numbers and booleans as they are, strings quoted.
	`CREATE MACRO tr_map_value_json(v) AS CASE WHEN json_valid(v) THEN
		CASE WHEN json_type(v) = 'VARCHAR' THEN to_json(v) ELSE json(v) END ELSE to_json(v) END`,
	// The JSON text of a map, nested objects and arrays included as JSON.
	`CREATE MACRO tr_map_json(m) AS CASE WHEN m IS NOT NULL THEN '{' || array_to_string(list_transform(map_entries(m),
		lambda e: CAST(to_json(e.key) AS VARCHAR) || ':' || coalesce(CAST(tr_map_value_json(e.value) AS VARCHAR), 'null')),
		',') || '}' END`,
}

type columnKind int

const (
	kindOther columnKind = iota
	kindMap
	kindList
	kindTimestamp
)

// lakeColumnKinds: lower-case column name → kind, from store.Columns.
var lakeColumnKinds = func() map[string]columnKind {
	m := make(map[string]columnKind, len(store.Columns))
	for _, c := range store.Columns {
		k := kindOther
		switch {
		case strings.HasPrefix(c.Type, "MAP("):
			k = kindMap
		case strings.HasSuffix(c.Type, "[]"):
			k = kindList
		case c.Type == "TIMESTAMP":
			k = kindTimestamp
		}
		m[strings.ToLower(c.Name)] = k
	}
	return m
}()

// stringArgFunctions take a string first: a map column there is read as its JSON text.
var stringArgFunctions = map[string]bool{
	"~~": true, "!~~": true, "~~*": true, "!~~*": true, "like_escape": true, "not_like_escape": true,
	"ilike_escape": true, "not_ilike_escape": true, "regexp_like": true, "regexp_matches": true,
	"regexp_extract": true, "regexp_extract_all": true, "regexp_count": true, "strpos": true,
	"lower": true, "upper": true, "length": true, "json_parse": true, "json_format": true,
	"json_array_contains": true, "json_array_get": true, "json_array_length": true, "json_size": true,
	"is_json_scalar": true,
}

// typed is the state of the typed pass over one statement.
type typed struct {
	src     *prelexed
	aliases map[string]bool // lower-case names that qualify columns: table aliases and names
}

// rewriteTyped runs the typed pass.
func rewriteTyped(stmt node, src *prelexed) error {
	t := &typed{src: src, aliases: tableAliases(stmt["node"])}
	t.nameMapPaths(stmt["node"])
	_, err := transformAST(stmt["node"], func(n node) (any, error) {
		switch str(n, "class") {
		case "COLUMN_REF":
			return t.columnRef(n), nil
		case "FUNCTION":
			if str(n, "schema") == "" && str(n, "catalog") == "" {
				return keepAlias(n)(t.function(n))
			}
		case "CAST":
			return keepAlias(n)(t.cast(n), nil)
		case "":
			if str(n, "type") == "TABLE_FUNCTION" {
				return t.unnest(n)
			}
		}
		return n, nil
	})
	return err
}

// tableAliases collects the names a column can be qualified with anywhere in the statement.
func tableAliases(root any) map[string]bool {
	out := map[string]bool{}
	transformAST(root, func(n node) (any, error) {
		if isExpr(n) {
			return n, nil
		}
		switch str(n, "type") {
		case "BASE_TABLE", "SUBQUERY", "TABLE_FUNCTION", "EXPRESSION_LIST", "JOIN":
			if a := str(n, "alias"); a != "" {
				out[strings.ToLower(a)] = true
			}
			if tn := str(n, "table_name"); tn != "" {
				out[strings.ToLower(tn)] = true
			}
		}
		return n, nil
	})
	return out
}

// lakeColumn resolves a COLUMN_REF to a Lake column: the name parts, the index of the column's
// part (1 when qualified by a table alias) and its kind; ok is false for other references.
func (t *typed) lakeColumn(e node) (parts []string, idx int, kind columnKind, ok bool) {
	parts = columnNames(e)
	if len(parts) >= 2 && t.aliases[strings.ToLower(parts[0])] {
		if k, ok := lakeColumnKinds[strings.ToLower(parts[1])]; ok {
			return parts, 1, k, true
		}
	}
	if len(parts) >= 1 {
		if k, ok := lakeColumnKinds[strings.ToLower(parts[0])]; ok {
			return parts, 0, k, true
		}
	}
	return nil, 0, kindOther, false
}

// bareColumn reports whether e is a whole Lake column of kind k (not a path into it).
func (t *typed) bareColumn(e node, k columnKind) bool {
	parts, idx, kind, ok := t.lakeColumn(e)
	return ok && kind == k && len(parts) == idx+1
}

// nameMapPaths gives select-list items that are dotted map paths their last name as alias,
// the name DuckDB gives a struct field, before the path becomes a subscript.
func (t *typed) nameMapPaths(root any) {
	transformAST(root, func(n node) (any, error) {
		if str(n, "type") != "SELECT_NODE" {
			return n, nil
		}
		for _, it := range arr(n, "select_list") {
			e, _ := it.(map[string]any)
			if parts, idx, kind, ok := t.lakeColumn(e); ok && kind == kindMap && len(parts) > idx+1 && str(e, "alias") == "" {
				e["alias"] = parts[len(parts)-1]
			}
		}
		return n, nil
	})
}

// columnRef rewrites a dotted path into a map column.
func (t *typed) columnRef(e node) any {
	parts, idx, kind, ok := t.lakeColumn(e)
	if !ok || kind != kindMap || len(parts) <= idx+1 {
		return e
	}
	loc := e["query_location"]
	base := columnRef(parts[:idx+1]...)
	base["query_location"] = loc
	var out node = subscript(base, stringConst(parts[idx+1]), loc)
	if rest := parts[idx+2:]; len(rest) > 0 {
		segs := make([]jsonSeg, len(rest))
		for i, r := range rest {
			segs[i] = jsonSeg{Member: r}
		}
		out = call("json_extract_scalar", loc, out, stringConst(duckJSONPath(segs)))
	}
	out["alias"] = e["alias"]
	return out
}

// function rewrites calls whose meaning depends on the type of their first argument.
func (t *typed) function(fn node) (any, error) {
	name := strings.ToLower(str(fn, "function_name"))
	args := arr(fn, "children")
	if len(args) == 0 {
		return fn, nil
	}
	first := argNode(args, 0)
	switch {
	case name == "cardinality":
		return t.cardinality(fn, first), nil
	case (name == "json_extract_scalar" || name == "json_extract") && t.bareColumn(first, kindMap):
		return t.jsonOnMap(fn, name, args)
	case stringArgFunctions[name] && t.bareColumn(first, kindMap):
		args[0] = call("tr_map_json", first["query_location"], first)
	}
	return fn, nil
}

// jsonOnMap: json_extract_scalar / json_extract on a map column. A path that starts with a
// member reads that map value (and the JSON inside it for the rest of the path); any other
// path reads the map's JSON text.
func (t *typed) jsonOnMap(fn node, name string, args []any) (any, error) {
	loc := fn["query_location"]
	p, isConst := constArg(args, 1)
	segs, ok := parseJSONPath(p)
	if !isConst || !ok || len(segs) == 0 || segs[0].IsIndex || segs[0].Wildcard {
		args[0] = call("tr_map_json", loc, args[0])
		return fn, nil
	}
	value := subscript(args[0], stringConst(segs[0].Member), loc)
	if len(segs) == 1 {
		if name == "json_extract" {
			return call("tr_map_value_json", loc, value), nil
		}
		return call("tr_map_value_scalar", loc, value), nil
	}
	args[0] = value
	args[1] = stringConst(duckJSONPath(segs[1:]))
	return fn, nil
}

// cardinality: DuckDB's takes maps only. A list (a Lake list column, or a function known to
// return one) takes len; an argument of unknown type takes a macro that works for both.
func (t *typed) cardinality(fn node, arg node) any {
	if len(arr(fn, "children")) != 1 || !plainCall(fn) {
		return fn
	}
	switch {
	case t.bareColumn(arg, kindMap):
		return fn
	case t.bareColumn(arg, kindList):
		fn["function_name"] = "len"
		return fn
	}
	if str(arg, "class") == "FUNCTION" {
		name := strings.ToLower(str(arg, "function_name"))
		switch {
		case mapFunctions[name]:
			return fn
		case listFunctions[name]:
			fn["function_name"] = "len"
			return fn
		}
	}
	fn["function_name"] = "tr_cardinality"
	return fn
}

// cast rewrites CAST(x AS varchar) where Trino prints x differently from DuckDB.
//
// CAST(text AS JSON) is left as DuckDB has it, which parses the text (Trino's json_parse);
// in Trino it makes a JSON string of the text. The engine's own tests and the rows decoder
// rely on DuckDB's reading, and Lake queries use json_parse for parsing.
func (t *typed) cast(c node) any {
	child := obj(c, "child")
	loc := c["query_location"]
	if str(obj(c, "cast_type"), "id") != "VARCHAR" {
		return c
	}
	switch {
	case t.bareColumn(child, kindMap):
		return call("tr_map_json", loc, child)
	case t.bareColumn(child, kindTimestamp):
		return call("strftime", loc, child, stringConst("%Y-%m-%d %H:%M:%S.%g"))
	case str(child, "class") == "FUNCTION" && jsonFunctions[strings.ToLower(str(child, "function_name"))]:
		return call("tr_json_to_varchar", loc, child)
	}
	return c
}
