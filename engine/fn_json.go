package engine

import (
	"strconv"
	"strings"
)

// JSON functions. Trino's work on JSON text and return NULL where the text is not valid JSON;
// DuckDB's raise an error on it. Trino's JSONPath subset ($.a.b, $.a[0], $["a b"]) is rewritten
// to DuckDB's ($.a.b, $.a[0], $."a b") when the path is a constant.
//
// json_extract_scalar on a map column and the other Athena forms are in typed.go.

var jsonMacros = []string{
	// The scalar at a JSON path as varchar; NULL for an object or array, and for text that is
	// not JSON.
	`CREATE MACRO json_extract_scalar(j, p) AS CASE WHEN json_valid(j) THEN
		CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END END`,
	`CREATE MACRO tr_json_extract(j, p) AS CASE WHEN json_valid(j) THEN json_extract(j, p) END`,
	`CREATE MACRO json_parse(s) AS json(s)`,
	`CREATE MACRO json_format(j) AS CAST(json(j) AS VARCHAR)`,
	// NULL for anything but an array (DuckDB: 0).
	`CREATE MACRO tr_json_array_length(j) AS CASE WHEN json_valid(j) THEN
		CASE WHEN json_type(j) = 'ARRAY' THEN CAST(json_array_length(j) AS BIGINT) END END`,
	// Top-level elements equal to v, compared as JSON (so the string "1" is not the number 1).
	`CREATE MACRO json_array_contains(j, v) AS CASE WHEN json_valid(j) THEN
		CASE WHEN json_type(j) = 'ARRAY' THEN list_contains(json_extract(j, '$[*]'), to_json(v)) END END`,
	// 0-based, negative from the end, NULL out of range.
	`CREATE MACRO json_array_get(j, i) AS CASE WHEN json_valid(j) THEN
		CASE WHEN json_type(j) = 'ARRAY' THEN json_extract(j, '$[' || CAST(i AS VARCHAR) || ']') END END`,
	// The number of elements or members at the path, 0 for a scalar, NULL when absent.
	`CREATE MACRO json_size(j, p) AS CASE WHEN json_valid(j) THEN CASE
		WHEN json_type(j, p) IS NULL THEN NULL
		WHEN json_type(j, p) = 'ARRAY' THEN CAST(json_array_length(j, p) AS BIGINT)
		WHEN json_type(j, p) = 'OBJECT' THEN len(json_keys(j, p)) ELSE 0 END END`,
	`CREATE MACRO is_json_scalar(j) AS json_type(j) NOT IN ('OBJECT', 'ARRAY')`,
	// CAST(json AS varchar) in Trino: the value of a string, the text of a number or boolean,
	// NULL for null, an error for an object or array. DuckDB's cast keeps the JSON text.
	`CREATE MACRO tr_json_to_varchar(j) AS CASE json_type(j)
		WHEN 'VARCHAR' THEN json_extract_string(j, '$') WHEN 'NULL' THEN NULL
		WHEN 'OBJECT' THEN error('Cannot cast JSON object to varchar')
		WHEN 'ARRAY' THEN error('Cannot cast JSON array to varchar')
		ELSE CAST(j AS VARCHAR) END`,
}

var jsonRules = map[string]functionRule{
	"json_extract_scalar": jsonPathRule("json_extract_scalar"),
	"json_extract":        jsonPathRule("tr_json_extract"),
	"json_size":           jsonPathRule("json_size"),
	"json_array_length":   renameRule("tr_json_array_length", "json_array_length takes one JSON value", 1),
}

// jsonFunctions return JSON: a CAST of their result to varchar follows Trino's rules.
var jsonFunctions = map[string]bool{
	"json_extract": true, "tr_json_extract": true, "json_parse": true, "json": true,
	"json_array_get": true, "tr_map_value_json": true,
}

// jsonPathRule calls to with the path argument (the second) rewritten to DuckDB's syntax.
func jsonPathRule(to string) functionRule {
	return func(fn node, src *prelexed) (any, error) {
		name := str(fn, "function_name")
		args, err := callArgs(fn, src, name+" takes a JSON value and a JSON path", 2)
		if err != nil {
			return nil, err
		}
		if p, ok := constArg(args, 1); ok {
			segs, ok := parseJSONPath(p)
			if !ok {
				return nil, positioned(argNode(args, 1), src, "invalid JSON path %q", p)
			}
			args[1] = stringConst(duckJSONPath(segs))
		}
		fn["function_name"] = to
		return fn, nil
	}
}

// jsonSeg is one step of a JSON path: a member name, or an array index (Index >= 0; -1 with
// Wildcard for [*]).
type jsonSeg struct {
	Member   string
	Index    int
	IsIndex  bool
	Wildcard bool
}

// parseJSONPath parses Trino's JSONPath subset: $ followed by .name, ["name"], ['name'],
// [n] and [*] steps. Unquoted names run to the next '.' or '['. DuckDB's ."name" form is read
// too, so that a rewritten path parses again to the same steps.
func parseJSONPath(p string) ([]jsonSeg, bool) {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "$") {
		return nil, false
	}
	var segs []jsonSeg
	for i := 1; i < len(p); {
		switch p[i] {
		case '.':
			i++
			if i < len(p) && p[i] == '"' {
				name, n, ok := quotedName(p[i:])
				if !ok {
					return nil, false
				}
				segs = append(segs, jsonSeg{Member: name})
				i += n
				continue
			}
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			if j == i {
				return nil, false
			}
			if p[i:j] == "*" {
				segs = append(segs, jsonSeg{Wildcard: true})
			} else {
				segs = append(segs, jsonSeg{Member: p[i:j]})
			}
			i = j
		case '[':
			end := strings.IndexByte(p[i:], ']')
			if i+1 < len(p) && (p[i+1] == '"' || p[i+1] == '\'') {
				name, n, ok := quotedName(p[i+1:])
				if !ok || i+1+n >= len(p) || p[i+1+n] != ']' {
					return nil, false
				}
				segs = append(segs, jsonSeg{Member: name})
				i += n + 2
				continue
			}
			if end < 0 {
				return nil, false
			}
			inner := strings.TrimSpace(p[i+1 : i+end])
			if inner == "*" {
				segs = append(segs, jsonSeg{IsIndex: true, Index: -1, Wildcard: true})
			} else {
				n, err := strconv.Atoi(inner)
				if err != nil || n < 0 {
					return nil, false
				}
				segs = append(segs, jsonSeg{IsIndex: true, Index: n})
			}
			i += end + 1
		default:
			return nil, false
		}
	}
	return segs, true
}

// quotedName reads a name quoted with s[0] (" or '), backslash escapes allowed, and returns it
// with the number of bytes read.
func quotedName(s string) (string, int, bool) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 >= len(s) {
				return "", 0, false
			}
			i++
			b.WriteByte(s[i])
		case q:
			return b.String(), i + 1, true
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, false
}

// duckJSONPath prints steps as a DuckDB JSON path: member names that hold anything but
// letters, digits and _-:@$ are quoted ($."a b").
func duckJSONPath(segs []jsonSeg) string {
	var b strings.Builder
	b.WriteByte('$')
	for _, s := range segs {
		switch {
		case s.IsIndex && s.Wildcard:
			b.WriteString("[*]")
		case s.IsIndex:
			b.WriteString("[" + strconv.Itoa(s.Index) + "]")
		case s.Wildcard:
			b.WriteString(".*")
		case plainMember(s.Member):
			b.WriteString("." + s.Member)
		default:
			b.WriteString(`."` + strings.ReplaceAll(s.Member, `"`, `\"`) + `"`)
		}
	}
	return b.String()
}

func plainMember(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isASCIIWord(c) && c != '-' && c != ':' && c != '@' && c != '$' {
			return false
		}
	}
	return true
}
