package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// outputFormats are the values of --output.
var outputFormats = []string{"table", "csv", "json", "ndjson"}

// resultSet is what a formatter reads: column names and a row iterator.
type resultSet interface {
	ColumnNames() []string
	Next() bool
	Values() []any
	Err() error
}

// writeResults prints a result in one of outputFormats and returns the number of rows.
func writeResults(w io.Writer, format string, rs resultSet) (int64, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	defer bw.Flush()
	cols := rs.ColumnNames()
	var n int64
	switch format {
	case "csv":
		cw := csv.NewWriter(bw)
		cw.Write(cols)
		rec := make([]string, len(cols))
		for rs.Next() {
			for i, v := range rs.Values() {
				rec[i] = cellText(v)
			}
			cw.Write(rec)
			n++
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return n, err
		}
	case "json", "ndjson":
		if format == "json" {
			bw.WriteString("[")
		}
		for rs.Next() {
			if format == "json" {
				if n > 0 {
					bw.WriteString(",")
				}
				bw.WriteString("\n")
			}
			if err := writeJSONRow(bw, cols, rs.Values()); err != nil {
				return n, err
			}
			if format == "ndjson" {
				bw.WriteString("\n")
			}
			n++
		}
		if format == "json" {
			if n > 0 {
				bw.WriteString("\n")
			}
			bw.WriteString("]\n")
		}
	case "table":
		t := newTable(bw, 60, toAny(cols)...)
		row := make([]any, len(cols))
		for rs.Next() {
			for i, v := range rs.Values() {
				row[i] = cellText(v)
			}
			if err := t.Append(row...); err != nil {
				return n, err
			}
			n++
		}
		if err := rs.Err(); err != nil {
			return n, err
		}
		if err := t.Render(); err != nil {
			return n, err
		}
		fmt.Fprintf(bw, "(%d rows)\n", n)
	default:
		return 0, fmt.Errorf("unknown output format %q (use %s)", format, strings.Join(outputFormats, ", "))
	}
	return n, rs.Err()
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// timeLayout is how Lake prints timestamps in results.
const timeLayout = "2006-01-02 15:04:05.000"

// cellText is a value as one text cell: strings as is, timestamps in Lake's layout, nested
// values as JSON, NULL as empty.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.UTC().Format(timeLayout)
	case bool:
		return strconv.FormatBool(x)
	case map[string]any, []any:
		b, _ := json.Marshal(jsonValue(x))
		return string(b)
	default:
		return fmt.Sprint(x)
	}
}

// jsonValue prepares a value for encoding/json: timestamps in Lake's layout, recursively.
func jsonValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(timeLayout)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return strconv.FormatFloat(x, 'g', -1, 64) // JSON has no NaN or Infinity
		}
		return x
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	default:
		return v
	}
}

// writeJSONRow writes one row as a JSON object with keys in column order.
func writeJSONRow(w *bufio.Writer, cols []string, vals []any) error {
	w.WriteString("{")
	for i, c := range cols {
		if i > 0 {
			w.WriteString(",")
		}
		k, _ := json.Marshal(c)
		w.Write(k)
		w.WriteString(":")
		b, err := json.Marshal(jsonValue(vals[i]))
		if err != nil {
			return fmt.Errorf("column %s: %w", c, err)
		}
		w.Write(b)
	}
	w.WriteString("}")
	return nil
}

// newTable starts an aligned table whose cells are cut at maxWidth characters.
func newTable(w io.Writer, maxWidth int, header ...any) *tablewriter.Table {
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapTruncate),
		tablewriter.WithRowMaxWidth(maxWidth),
		tablewriter.WithTrimSpace(tw.Off))
	t.Header(header...)
	return t
}
