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
// It runs in two passes over the AST, each bottom-up:
//
//  1. the typed pass (typed.go, unnest.go) rewrites what depends on the type of a store
//     column: a dotted path into a map column, a map column where Athena's CloudTrail table
//     has JSON text, cardinality of a list, Trino's UNNEST of rows and maps;
//  2. the function pass applies functionRules by name (the fn_*.go files, one per family),
//     and renames aggregates, in window calls too (aggregateRenames, fn_agg.go).
//
// Adding a Trino function is adding an entry to a family's rules: a rule gets the call, after
// its arguments were rewritten, and returns the node that replaces it. A name with a rule is
// allowed by the sandbox's first check even when DuckDB has no function of that name; the
// rewritten statement is parsed and checked again before it runs (see translate.go), against
// DuckDB's own functions only, so a rule cannot open the sandbox.

// functionRule rewrites one function call node. src maps positions for error messages.
type functionRule func(fn node, src *prelexed) (any, error)

// functionRules, by lower-case function name.
var functionRules = mergeRules(
	map[string]functionRule{"element_at": rewriteElementAt},
	arrayRules, jsonRules, timeRules, stringRules, regexpRules, condRules,
)

func mergeRules(families ...map[string]functionRule) map[string]functionRule {
	out := map[string]functionRule{}
	for _, f := range families {
		for name, r := range f {
			if out[name] != nil {
				panic("engine: two rules for function " + name)
			}
			out[name] = r
		}
	}
	return out
}

// lakeFunction reports whether a name the sandbox does not find among DuckDB's functions is
// still allowed in a user's statement because the rewrite replaces it.
func lakeFunction(name string) bool {
	return !deniedName(name) && (functionRules[name] != nil || aggregateRenames[name] != "")
}

// rewriteStatement runs both passes on a checked statement.
func rewriteStatement(stmt node, src *prelexed) error {
	if err := rewriteTyped(stmt, src); err != nil {
		return err
	}
	return rewriteFunctions(stmt, src)
}

// rewriteFunctions applies functionRules to every unqualified call of the statement, and
// aggregateRenames to aggregate and window calls.
func rewriteFunctions(stmt node, src *prelexed) error {
	_, err := transformAST(stmt["node"], func(n node) (any, error) {
		class := str(n, "class")
		if (class != "FUNCTION" && class != "WINDOW") || str(n, "schema") != "" || str(n, "catalog") != "" {
			return n, nil
		}
		name := strings.ToLower(str(n, "function_name"))
		if to := aggregateRenames[name]; to != "" {
			return renameAggregate(n, to, src)
		}
		rule := functionRules[name]
		if rule == nil || class != "FUNCTION" {
			return n, nil
		}
		return keepAlias(n)(rule(n, src))
	})
	return err
}

// keepAlias returns a function that gives a rule's replacement the alias of the node it
// replaces (AS name in a select list), so that the result column keeps its name and ORDER BY
// can still refer to it.
func keepAlias(old node) func(any, error) (any, error) {
	alias, _ := old["alias"].(string)
	return func(repl any, err error) (any, error) {
		if r, ok := repl.(map[string]any); ok && alias != "" && err == nil {
			if _, isExpr := r["class"]; isExpr {
				r["alias"] = alias
			}
		}
		return repl, err
	}
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
		ref.n["alias"] = ref.alias
	}
	ref.n["table_name"] = view
	ref.n["schema_name"] = ""
}

// viewSQL creates the temp view of one store reference: the Lake columns in order, from the
// listed files only, without the events before the retention cutoff. paths are absolute.
func viewSQL(view string, paths []string, cols []store.Column, cutoff time.Time) string {
	if cols == nil {
		cols = store.Columns
	}
	if len(paths) == 0 {
		return "CREATE OR REPLACE TEMP VIEW " + view + " AS " + store.EmptySelectSQL(cols)
	}
	var b strings.Builder
	b.WriteString("CREATE OR REPLACE TEMP VIEW ")
	b.WriteString(view)
	b.WriteString(" AS SELECT ")
	for i, c := range cols {
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

// plainCall reports whether fn is a call without DISTINCT, FILTER or ORDER BY: the form every
// scalar rule expects.
func plainCall(fn node) bool {
	return fn["distinct"] != true && fn["filter"] == nil && len(arr(obj(fn, "order_bys"), "orders")) == 0
}

// callArgs returns the arguments of a plain call whose number of arguments is one of counts,
// or an error at the call that shows usage.
func callArgs(fn node, src *prelexed, usage string, counts ...int) ([]any, error) {
	args := arr(fn, "children")
	if plainCall(fn) {
		for _, n := range counts {
			if len(args) == n {
				return args, nil
			}
		}
	}
	return nil, positioned(fn, src, "%s", usage)
}

// renameRule is a rule that calls another function with the same arguments; counts, when
// given, are the numbers of arguments the Trino function takes.
func renameRule(to, usage string, counts ...int) functionRule {
	return func(fn node, src *prelexed) (any, error) {
		if len(counts) > 0 {
			if _, err := callArgs(fn, src, usage, counts...); err != nil {
				return nil, err
			}
		}
		fn["function_name"] = to
		return fn, nil
	}
}

// constArg returns the text of a VARCHAR constant argument.
func constArg(args []any, i int) (string, bool) {
	if i >= len(args) {
		return "", false
	}
	a, _ := args[i].(map[string]any)
	return constantString(a)
}

// argNode returns argument i as a node (nil if it is not an object).
func argNode(args []any, i int) node {
	if i >= len(args) {
		return nil
	}
	a, _ := args[i].(map[string]any)
	return a
}
