package cwli

import (
	"strconv"
	"strings"

	"github.com/ctlake/ctlake/store"
)

// How a Logs Insights field name becomes SQL over an event data store (store.Columns):
//
//   - @timestamp is the eventTime column (TIMESTAMP), @message the eventJson column (the raw
//     event as received), @logStream the name CloudTrail gives the stream when it delivers to
//     CloudWatch Logs (<recipientAccountId>_CloudTrail_<awsRegion>). @log, @ingestionTime,
//     @ptr and @entity have no counterpart and are refused.
//   - a top-level string or boolean column is that column, by its exact (case-sensitive) name
//     as in the raw event; eventTime is the column printed back in CloudTrail's own format
//     (2006-01-02T15:04:05Z), as the raw event holds it.
//   - a dotted path to a string leaf of the userIdentity or tlsDetails structs is the struct
//     field (userIdentity.sessionContext.sessionIssuer.userName).
//   - a path into a map column (requestParameters.bucketName) is the map's value for that key,
//     and a longer one (requestParameters.instancesSet.items.0.imageId) a JSON Pointer into
//     that value; resources.N.ARN (accountId, type) is the field of element N of the resources
//     column. These read small columns instead of the raw event, with the same answers: the
//     map values and resources are the event's own values.
//   - everything else is read from the raw event with a JSON Pointer:
//     json_extract_string(eventJson, '/resources/0/ARN'); a numeric segment is an array index
//     (0-based, as Logs Insights flattens arrays) or an object key, whichever the event has.
//     Strings come back unquoted, numbers and booleans as their text, objects and arrays as
//     JSON text, a missing field as NULL. This covers the map columns (requestParameters.x),
//     the non-string struct leaves (creationDate stays the string the event holds), objects
//     named whole (userIdentity) and names that are no column at all.

// rawColumn is the column holding the raw event.
const rawColumn = "eventJson"

// lakeColumns maps a top-level column name to its kind, for the columns read directly.
var lakeColumns = func() map[string]sqlType {
	m := map[string]sqlType{}
	for _, c := range store.Columns {
		switch {
		case c.Name == rawColumn || c.Name == "eventJsonChecksum":
			// Not fields of the event: a query naming them reads the raw event (NULL).
		case c.Type == "VARCHAR":
			m[c.Name] = tyStr
		case c.Type == "BOOLEAN":
			m[c.Name] = tyBool
		}
	}
	return m
}()

// mapColumns are the map<string,string> columns.
var mapColumns = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range store.Columns {
		if strings.HasPrefix(c.Type, "MAP(") {
			m[c.Name] = true
		}
	}
	return m
}()

// resourceFields are the fields of a resources element that keep the raw event's names.
var resourceFields = map[string]bool{"ARN": true, "accountId": true, "type": true}

// structLeaves are the dotted paths of string leaves of the struct columns, e.g.
// "userIdentity.sessionContext.sessionIssuer.userName".
var structLeaves = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range store.Columns {
		if strings.HasPrefix(c.Type, "STRUCT(") {
			st, _ := parseDuckType(c.Type, 0)
			st.leaves(c.Name, m)
		}
	}
	return m
}()

// duckType is a DuckDB type as store.Columns spells it: a STRUCT with named fields, or any
// other type by its text.
type duckType struct {
	text   string
	names  []string
	fields []*duckType
}

func (d *duckType) leaves(prefix string, m map[string]bool) {
	for i, f := range d.fields {
		p := prefix + "." + d.names[i]
		if f.text == "VARCHAR" {
			m[p] = true
		} else if f.fields != nil {
			f.leaves(p, m)
		}
	}
}

// parseDuckType parses the type at s[i:], returning it and the offset after it. It knows
// STRUCT(name TYPE, …) with optionally double-quoted names; any other type is taken as text up
// to the ',' or ')' that ends it at nesting depth 0.
func parseDuckType(s string, i int) (*duckType, int) {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if strings.HasPrefix(s[i:], "STRUCT(") {
		d := &duckType{fields: []*duckType{}}
		i += len("STRUCT(")
		for i < len(s) && s[i] != ')' {
			for i < len(s) && (s[i] == ' ' || s[i] == ',') {
				i++
			}
			var name string
			if i < len(s) && s[i] == '"' {
				j := strings.IndexByte(s[i+1:], '"')
				name, i = s[i+1:i+1+j], i+j+2
			} else {
				j := strings.IndexByte(s[i:], ' ')
				name, i = s[i:i+j], i+j
			}
			var f *duckType
			f, i = parseDuckType(s, i)
			d.names = append(d.names, name)
			d.fields = append(d.fields, f)
		}
		i++ // ')'
		if strings.HasPrefix(s[i:], "[]") {
			return &duckType{text: "LIST"}, i + 2
		}
		d.text = "STRUCT"
		return d, i
	}
	begin, depth := i, 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return &duckType{text: strings.TrimSpace(s[begin:i])}, i
			}
			depth--
		case ',':
			if depth == 0 {
				return &duckType{text: strings.TrimSpace(s[begin:i])}, i
			}
		}
	}
	return &duckType{text: strings.TrimSpace(s[begin:])}, i
}

// lakeField is the SQL of a field that is not a user-defined name: a column, a struct leaf or
// a JSON lookup in the raw event.
func (t *translator) lakeField(f *FieldRef) sqlExpr {
	if len(f.Path) == 1 {
		name := f.Path[0]
		if name == "eventTime" {
			return sqlExpr{sql: "main.strftime(" + t.colRef("eventTime") + ", '%Y-%m-%dT%H:%M:%SZ')", typ: tyStr}
		}
		if typ, ok := lakeColumns[name]; ok {
			return sqlExpr{sql: t.colRef(name), typ: typ, col: name}
		}
	} else if mapColumns[f.Path[0]] {
		value := t.colRef(f.Path[0]) + "[" + sqlString(f.Path[1]) + "]"
		if len(f.Path) == 2 {
			return sqlExpr{sql: value, typ: tyRaw}
		}
		return sqlExpr{sql: jsonExtract(value, f.Path[2:]), typ: tyRaw}
	} else if n, err := strconv.Atoi(f.Path[1]); err == nil && f.Path[0] == "resources" && len(f.Path) == 3 &&
		resourceFields[f.Path[2]] && n >= 0 {
		return sqlExpr{sql: t.colRef("resources") + "[" + strconv.Itoa(n+1) + "]." + quoteIdent(f.Path[2]), typ: tyStr}
	} else if structLeaves[f.Name()] {
		var b strings.Builder
		b.WriteString(t.colRef(f.Path[0]))
		for _, s := range f.Path[1:] {
			b.WriteByte('.')
			b.WriteString(quoteIdent(s))
		}
		return sqlExpr{sql: b.String(), typ: tyStr}
	}
	return sqlExpr{sql: jsonExtract(t.colRef(rawColumn), f.Path), typ: tyRaw}
}

// systemField is the SQL of an @-field of Logs Insights.
func (t *translator) systemField(f *FieldRef) sqlExpr {
	switch f.Path[0] {
	case "@timestamp":
		return sqlExpr{sql: t.colRef("eventTime"), typ: tyTime, col: "eventTime"}
	case "@message":
		return sqlExpr{sql: t.colRef(rawColumn), typ: tyStr, col: rawColumn}
	case "@logStream":
		return sqlExpr{sql: "(" + t.colRef("recipientAccountId") + " || '_CloudTrail_' || " + t.colRef("awsRegion") + ")", typ: tyStr}
	case "@log", "@ingestionTime", "@ptr", "@entity":
		t.fail(unsupportedf(f.Pos, "%s is not supported: an event data store has no CloudWatch log group, ingestion time or record pointer", f.Path[0]))
	}
	t.fail(invalidf(f.Pos, "unknown field %s: the system fields are @timestamp, @message and @logStream", f))
	return sqlExpr{}
}

// jsonPointer is the RFC 6901 pointer of a path: /a/b/0.
func jsonPointer(path []string) string {
	var b strings.Builder
	for _, s := range path {
		b.WriteByte('/')
		if strings.ContainsAny(s, "~/") {
			s = strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
		}
		b.WriteString(s)
	}
	return b.String()
}

// jsonExtract reads path from the JSON text of sqlJSON.
func jsonExtract(sqlJSON string, path []string) string {
	return "main.json_extract_string(" + sqlJSON + ", " + sqlString(jsonPointer(path)) + ")"
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func sqlString(s string) string  { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
