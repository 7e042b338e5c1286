package main

import (
	"strings"

	"github.com/ctlake/ctlake/store"
)

// The store schema as the shell shows it (\d) and completes it: every column and every path
// into a STRUCT column (userIdentity.sessionContext.sessionIssuer.userName), read from the
// DuckDB type strings of store.Columns.

// shellField is a column or a STRUCT field: its name, its DuckDB type as printed, and its
// fields when it is a STRUCT (a list or map of STRUCTs has none: no path leads into it).
type shellField struct {
	name   string
	typ    string
	fields []shellField
}

// parseShellType parses a DuckDB type string into its STRUCT fields. It never fails: what it
// does not understand is a type without fields.
func parseShellType(typ string) []shellField {
	typ = strings.TrimSpace(typ)
	const prefix = "STRUCT("
	if len(typ) < len(prefix)+1 || !strings.EqualFold(typ[:len(prefix)], prefix) || typ[len(typ)-1] != ')' {
		return nil
	}
	body := typ[len(prefix) : len(typ)-1]
	var fields []shellField
	for _, part := range splitTopLevel(body) {
		name, rest, ok := cutFieldName(strings.TrimSpace(part))
		if !ok {
			return nil
		}
		rest = strings.TrimSpace(rest)
		fields = append(fields, shellField{name: name, typ: rest, fields: parseShellType(rest)})
	}
	return fields
}

// splitTopLevel splits s at the commas outside parentheses and double quotes.
func splitTopLevel(s string) []string {
	var parts []string
	depth, quoted, begin := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted // a doubled "" toggles twice
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			parts = append(parts, s[begin:i])
			begin = i + 1
		}
	}
	return append(parts, s[begin:])
}

// cutFieldName splits `name TYPE` or `"quoted ""name""" TYPE`.
func cutFieldName(s string) (name, typ string, ok bool) {
	if strings.HasPrefix(s, `"`) {
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			if s[i] != '"' {
				b.WriteByte(s[i])
				continue
			}
			if i+1 < len(s) && s[i+1] == '"' {
				b.WriteByte('"')
				i++
				continue
			}
			return b.String(), s[i+1:], b.Len() > 0
		}
		return "", "", false
	}
	name, typ, ok = strings.Cut(s, " ")
	return name, typ, ok && name != ""
}

// shellColumns is the store schema as fields.
func shellColumns() []shellField {
	cols := make([]shellField, len(store.Columns))
	for i, c := range store.Columns {
		cols[i] = shellField{name: c.Name, typ: c.Type, fields: parseShellType(c.Type)}
	}
	return cols
}

// shellPath is one column or nested path of the schema.
type shellPath struct {
	path string // dotted: userIdentity.sessionContext.sessionIssuer.userName
	typ  string // STRUCT for a struct, else the DuckDB type
}

// shellPaths lists every column and nested path, depth first in schema order.
func shellPaths(fields []shellField) []shellPath {
	var out []shellPath
	var walk func(prefix string, fs []shellField)
	walk = func(prefix string, fs []shellField) {
		for _, f := range fs {
			p := prefix + f.name
			typ := f.typ
			if len(f.fields) > 0 {
				typ = "STRUCT"
			}
			out = append(out, shellPath{path: p, typ: typ})
			walk(p+".", f.fields)
		}
	}
	walk("", fields)
	return out
}

// findShellField returns the field at a dotted path, matching names case-insensitively, and
// the path as the schema spells it.
func findShellField(fields []shellField, path string) (*shellField, string, bool) {
	var (
		found *shellField
		canon []string
	)
	for seg := range strings.SplitSeq(path, ".") {
		found = nil
		for i := range fields {
			if strings.EqualFold(fields[i].name, seg) {
				found = &fields[i]
				break
			}
		}
		if found == nil {
			return nil, "", false
		}
		canon = append(canon, found.name)
		fields = found.fields
	}
	return found, strings.Join(canon, "."), true
}
