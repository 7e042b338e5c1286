package cwlitest

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ctlake/ctlake/store"
)

// LakeSelect is a DuckDB SELECT of store.Columns (names, order, types) from a relation src
// with one column j holding each event's raw JSON text, converting the way ingest does:
// strings and booleans by name, eventTime parsed, structs, maps and the resources list from
// their JSON (keys the type lacks are ignored), eventJson the text itself.
func LakeSelect(src string) string {
	var cols []string
	for _, c := range store.Columns {
		ptr := sqlString("/" + c.Name)
		var e string
		switch {
		case c.Name == "eventJson":
			e = "j"
		case c.Name == "eventJsonChecksum":
			e = "sha256(j)"
		case c.Name == "eventTime":
			e = "CAST(json_extract_string(j, " + ptr + ") AS TIMESTAMP)"
		case c.Type == "VARCHAR":
			e = "json_extract_string(j, " + ptr + ")"
		case c.Type == "BOOLEAN":
			e = "TRY_CAST(json_extract_string(j, " + ptr + ") AS BOOLEAN)"
		case strings.HasPrefix(c.Type, "MAP("):
			e = "CAST(json_extract(j, " + ptr + ") AS " + c.Type + ")"
		default:
			shape, _ := shapeOf(c.Type, 0)
			e = "json_transform(json_extract(j, " + ptr + "), " + sqlString(shape) + ")"
		}
		cols = append(cols, "CAST("+e+" AS "+c.Type+") AS \""+c.Name+"\"")
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM (" + src + ")"
}

// ValuesOf is a VALUES relation of JSON texts as column j.
func ValuesOf(events []string) string {
	rows := make([]string, len(events))
	for i, e := range events {
		rows[i] = "(" + sqlString(e) + ")"
	}
	return "SELECT * FROM (VALUES " + strings.Join(rows, ", ") + ") v(j)"
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// shapeOf turns the DuckDB type at s[i:] into json_transform's structure description:
// STRUCT(a T, "b" U) → {"a":…,"b":…}, T[] → […], any other type → its name as a string. It
// returns the offset after the type.
func shapeOf(s string, i int) (string, int) {
	var out string
	if strings.HasPrefix(s[i:], "STRUCT(") {
		i += len("STRUCT(")
		var parts []string
		for s[i] != ')' {
			for s[i] == ' ' || s[i] == ',' {
				i++
			}
			var name string
			if s[i] == '"' {
				j := strings.IndexByte(s[i+1:], '"')
				name, i = s[i+1:i+1+j], i+j+2
			} else {
				j := strings.IndexByte(s[i:], ' ')
				name, i = s[i:i+j], i+j
			}
			for s[i] == ' ' {
				i++
			}
			var sub string
			sub, i = shapeOf(s, i)
			parts = append(parts, strconv.Quote(name)+":"+sub)
		}
		i++
		out = "{" + strings.Join(parts, ",") + "}"
	} else {
		begin, depth := i, 0
	scan:
		for ; i < len(s); i++ {
			switch s[i] {
			case '(':
				depth++
			case ')', ',':
				if depth == 0 {
					break scan
				}
				if s[i] == ')' {
					depth--
				}
			case '[':
				if depth == 0 {
					break scan
				}
			}
		}
		out = strconv.Quote(strings.TrimSpace(s[begin:i]))
	}
	if strings.HasPrefix(s[i:], "[]") {
		return "[" + out + "]", i + 2
	}
	return out, i
}

// FormatValue prints a result value for comparison: NULL, "" for the empty string, timestamps
// as 2006-01-02 15:04:05[.fraction], whole floats without a fraction.
func FormatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		if x == "" {
			return `""`
		}
		return x
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05.999999")
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return strconv.FormatFloat(x, 'g', 10, 64)
	case float32:
		return FormatValue(float64(x))
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = FormatValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + FormatValue(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}
