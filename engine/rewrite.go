package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/ctlake/ctlake/store"
)

// The rewrite turns a checked Lake statement into the DuckDB statement that runs: event data
// store references become temp views over the store's files, and calls whose DuckDB meaning
// differs from Lake's (Trino's) are replaced.
//
// Adding a Trino function is adding an entry to functionRules: a rule gets the call, after its
// arguments were rewritten, and returns the node that replaces it. The rewritten statement is
// parsed and checked again before it runs (see translate.go), so a rule cannot open the sandbox.

// functionRule rewrites one function call node. src maps positions for error messages.
type functionRule func(fn node, src *prelexed) (any, error)

// functionRules, by lower-case function name.
var functionRules = map[string]functionRule{
	"element_at": rewriteElementAt,
}

// rewriteFunctions applies functionRules to every unqualified call of the statement.
func rewriteFunctions(stmt node, src *prelexed) error {
	_, err := transformAST(stmt["node"], func(n node) (any, error) {
		if str(n, "class") != "FUNCTION" || str(n, "schema") != "" || str(n, "catalog") != "" {
			return n, nil
		}
		rule := functionRules[strings.ToLower(str(n, "function_name"))]
		if rule == nil {
			return n, nil
		}
		return rule(n, src)
	})
	return err
}

// rewriteElementAt: Trino's element_at(map, key) is the value or NULL, element_at(array, i)
// the 1-based element (negative from the end) or NULL. In DuckDB 1.5 element_at on a MAP
// returns a one-element LIST and does not exist for LISTs; the subscript m[k] / a[i]
// (ARRAY_EXTRACT) has Trino's meaning for both.
func rewriteElementAt(fn node, src *prelexed) (any, error) {
	args := arr(fn, "children")
	if len(args) != 2 || fn["distinct"] == true || fn["filter"] != nil || len(arr(obj(fn, "order_bys"), "orders")) > 0 {
		return nil, positioned(fn, src, "element_at takes two arguments: a map and a key, or an array and an index")
	}
	return node{
		"class":          "OPERATOR",
		"type":           "ARRAY_EXTRACT",
		"alias":          fn["alias"],
		"query_location": fn["query_location"],
		"children":       args,
	}, nil
}

// positioned returns an ErrInvalidQuery QueryError at n's place in the user's text.
func positioned(n node, src *prelexed, format string, args ...any) *QueryError {
	qe := invalidf(format, args...)
	if loc := location(n); loc >= 0 && src != nil {
		qe.Line, qe.Col = src.lineCol(loc)
	}
	return qe
}

// viewName names the temp view of the i-th store reference of a statement.
func viewName(i int) string { return fmt.Sprintf("__eds_%d", i) }

// replaceTable points a store reference at its view. Without an alias the reference keeps its
// written name as alias, so that `"my-store".eventName` still binds.
func replaceTable(ref *tableRef, view string) {
	if str(ref.n, "alias") == "" {
		ref.n["alias"] = ref.name
	}
	ref.n["table_name"] = view
}

// viewSQL creates the temp view of one store reference: the Lake columns in order, from the
// listed files only, without the events before the retention cutoff. paths are absolute.
func viewSQL(view string, paths []string, cutoff time.Time) string {
	if len(paths) == 0 {
		return "CREATE OR REPLACE TEMP VIEW " + view + " AS " + store.EmptySelectSQL()
	}
	var b strings.Builder
	b.WriteString("CREATE OR REPLACE TEMP VIEW ")
	b.WriteString(view)
	b.WriteString(" AS SELECT ")
	for i, c := range store.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteIdent(c.Name))
	}
	b.WriteString(" FROM read_parquet([")
	for i, p := range paths {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteString(p))
	}
	b.WriteString("], hive_partitioning=false, union_by_name=false)")
	if !cutoff.IsZero() {
		b.WriteString(" WHERE \"eventTime\" >= TIMESTAMP ")
		b.WriteString(quoteString(cutoff.UTC().Format("2006-01-02 15:04:05.999999")))
	}
	return b.String()
}

func quoteIdent(s string) string  { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
