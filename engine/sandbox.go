package engine

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ctlake/ctlake/store"
)

// The sandbox's first wall: a check of every node of the parsed statement. Functions are
// allowed by an allow-list (DuckDB's built-in scalar, aggregate and window functions and
// macros, minus those that read settings, the catalog, the environment or files); table
// functions only if they generate rows (unnest, range, generate_series); tables only if they
// name an event data store or a CTE of the query. The second wall, DuckDB's own settings, is
// in engine.go.

// tableFunctions are the table functions a query may use in FROM.
var tableFunctions = map[string]bool{"unnest": true, "range": true, "generate_series": true}

// deniedFunctions are built-ins refused although DuckDB lists them as scalar, aggregate or
// macro: they expose settings, the session or the catalog, run SQL, sleep, or write.
var deniedFunctions = map[string]bool{
	"current_setting": true, "current_query": true, "current_query_id": true,
	"current_database": true, "current_catalog": true, "current_schema": true,
	"current_schemas": true, "current_user": true, "current_role": true, "session_user": true,
	"user": true, "current_connection_id": true, "current_transaction_id": true,
	"txid_current": true, "in_search_path": true, "version": true, "getvariable": true,
	"getenv": true, "json_serialize_sql": true, "json_deserialize_sql": true,
	"json_serialize_plan": true, "json_execute_serialized_sql": true, "sleep_ms": true,
	"write_log": true, "parse_duckdb_log_message": true, "nextval": true, "currval": true,
	"setseed": true, "query": true, "query_table": true, "which_secret": true, "sniff_csv": true,
	"glob": true, "checkpoint": true, "force_checkpoint": true,
	"get_block_size": true, // a macro over pragma_database_size()
}

// deniedPrefixes refuse whole families by name, whatever DuckDB version adds to them.
var deniedPrefixes = []string{"duckdb_", "pragma_", "read_", "parquet_", "pg_", "has_", "__internal", "enable_", "disable_", "test_"}

// funcSet is the allow-list of function names (lower case) a query may call.
type funcSet map[string]bool

// loadFunctions reads the allow-list from duckdb_functions(): functions of schema main, so
// that the pg_catalog compatibility macros (pg_get_viewdef, …) stay out. Call it after the
// engine's own macros exist, so that they are allowed too.
func loadFunctions(ctx context.Context, db *sql.DB) (funcSet, error) {
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT lower(function_name) FROM duckdb_functions()
		WHERE function_type IN ('scalar', 'aggregate', 'macro') AND schema_name = 'main'`)
	if err != nil {
		return nil, fmt.Errorf("list functions: %w", err)
	}
	defer rows.Close()
	fs := funcSet{"unnest": true} // unnest in a select list
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("list functions: %w", err)
		}
		if !deniedName(name) {
			fs[name] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list functions: %w", err)
	}
	return fs, nil
}

func deniedName(name string) bool {
	if deniedFunctions[name] {
		return true
	}
	for _, p := range deniedPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// refusedTableTypes are table reference kinds a query may not use (SHOW/DESCRIBE/SUMMARIZE,
// PIVOT, …); the allowed ones are BASE_TABLE, JOIN, SUBQUERY, TABLE_FUNCTION,
// EXPRESSION_LIST (VALUES) and EMPTY.
var refusedTableTypes = map[string]string{
	"SHOW_REF":        "DESCRIBE, SHOW and SUMMARIZE",
	"PIVOT":           "PIVOT and UNPIVOT",
	"COLUMN_DATA":     "materialized data",
	"DELIM_GET":       "internal table references",
	"BOUND_TABLE_REF": "internal table references",
	"CTE":             "internal table references",
	"INVALID":         "invalid table references",
}

// allowedQueryNodes are the query node kinds a query may contain.
var allowedQueryNodes = map[string]bool{"SELECT_NODE": true, "SET_OPERATION_NODE": true, "RECURSIVE_CTE_NODE": true}

// tableRef is one reference to an event data store in the statement.
type tableRef struct {
	n     node   // the BASE_TABLE node; the rewrite edits it in place
	name  string // as written (after the pre-lexer's quoting)
	alias string // the alias, or name when there is none
	snap  *store.Snapshot
	sel   *selectScope
}

// selectScope is one SELECT: its WHERE and the items of its FROM (for partition pruning).
type selectScope struct {
	where node
	items []fromItem
}

// fromItem is one relation in a FROM list.
type fromItem struct {
	alias     string   // name a column can be qualified with
	cols      []string // column aliases of a table function, e.g. t(r)
	generator bool     // a table function (unnest, range, generate_series)
	ref       *tableRef
}

// cteScope holds the CTE names visible at one place of the statement.
type cteScope struct {
	parent *cteScope
	names  map[string]string // lower-case name as written → name in the rewritten statement
}

func (s *cteScope) lookup(name string) (string, bool) {
	for ; s != nil; s = s.parent {
		if v, ok := s.names[strings.ToLower(name)]; ok {
			return v, true
		}
	}
	return "", false
}

// checker walks a statement once, refusing what the sandbox does not allow and collecting the
// event data store references.
//
// With renameCTEs, every CTE gets a fresh name (__cte_N) and so does every reference that the
// checker resolves to it: should the checker ever think a name is a CTE where DuckDB does not,
// DuckDB then finds no relation of that name at all, instead of a catalog table or a file that
// a replacement scan would read.
type checker struct {
	funcs funcSet
	// resolve finds the event data store a table name refers to. In the verification of a
	// translated statement it accepts the engine's view names only.
	resolve func(name string) (*store.Snapshot, error)
	// resolveTable finds a derived table (<store>.<table>); nil refuses qualified names.
	resolveTable func(name, table string) (*store.Snapshot, error)
	renameCTEs   bool
	// lake also allows the Trino functions the rewrite replaces (lakeFunction); the check of a
	// translated statement leaves it off, so that only DuckDB's allowed functions pass there.
	lake bool
	src  *prelexed

	cteSeq   int
	cur      *selectScope
	refs     []*tableRef
	problems []*QueryError
	fatal    error // not about the statement (catalog I/O): stops the check
}

// check walks a statement (the object holding "node") and returns its event data store
// references in statement order, or the first problem in the user's text.
func (c *checker) check(stmt node) ([]*tableRef, error) {
	c.walk(stmt["node"], nil)
	if c.fatal != nil {
		return nil, c.fatal
	}
	if len(c.problems) > 0 {
		// Report the problem that comes first in the text; those without a position last.
		slices.SortStableFunc(c.problems, func(a, b *QueryError) int {
			if (a.Line == 0) != (b.Line == 0) {
				if a.Line == 0 {
					return 1
				}
				return -1
			}
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
		})
		return nil, c.problems[0]
	}
	slices.SortStableFunc(c.refs, func(a, b *tableRef) int { return cmp.Compare(location(a.n), location(b.n)) })
	return c.refs, nil
}

// problem records that n is refused.
func (c *checker) problem(n node, err error, format string, args ...any) {
	qe := &QueryError{Msg: fmt.Sprintf(format, args...), Err: err}
	if loc := location(n); loc >= 0 && c.src != nil {
		qe.Line, qe.Col = c.src.lineCol(loc)
	}
	c.problems = append(c.problems, qe)
}

func (c *checker) walk(v any, sc *cteScope) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			c.walk(e, sc)
		}
	case map[string]any:
		c.walkNode(x, sc)
	}
}

// walkChildren walks n's fields except skip, in key order so that CTE numbering and catalog
// look-ups do not depend on map iteration order.
func (c *checker) walkChildren(n node, sc *cteScope, skip string) {
	for _, k := range slices.Sorted(maps.Keys(n)) {
		if k != skip {
			c.walk(n[k], sc)
		}
	}
}

func (c *checker) walkNode(n node, sc *cteScope) {
	if isExpr(n) {
		c.expr(n, sc)
		return
	}
	typ := str(n, "type")
	if _, ok := n["cte_map"]; ok || strings.HasSuffix(typ, "_NODE") {
		c.queryNode(n, sc)
		return
	}
	switch typ {
	case "BASE_TABLE":
		c.baseTable(n, sc)
		return
	case "TABLE_FUNCTION":
		c.tableFunction(n, sc)
		return
	case "SUBQUERY", "EXPRESSION_LIST":
		c.addItem(fromItem{alias: str(n, "alias")})
	}
	if what, ok := refusedTableTypes[typ]; ok {
		c.problem(n, ErrInvalidQuery, "%s are not allowed: only SELECT queries over event data stores", what)
		return
	}
	c.walkChildren(n, sc, "")
}

func (c *checker) addItem(it fromItem) {
	if c.cur != nil {
		c.cur.items = append(c.cur.items, it)
	}
}

// queryNode checks a SELECT, set operation or recursive CTE node and its CTEs. A CTE's body
// sees the CTEs before it, and itself when it is recursive; the node sees all of them.
func (c *checker) queryNode(n node, sc *cteScope) {
	typ := str(n, "type")
	if !allowedQueryNodes[typ] {
		c.problem(n, ErrInvalidQuery, "only SELECT queries are allowed (found %s)", strings.ToLower(strings.TrimSuffix(typ, "_NODE")))
		return
	}
	inner := &cteScope{parent: sc, names: map[string]string{}}
	for _, e := range arr(obj(n, "cte_map"), "map") {
		entry, ok := e.(map[string]any)
		if !ok {
			continue
		}
		name := str(entry, "key")
		val := obj(entry, "value")
		qn := obj(obj(val, "query"), "node")
		recursive := str(qn, "type") == "RECURSIVE_CTE_NODE" && strings.EqualFold(str(qn, "cte_name"), name)
		newName := name
		if c.renameCTEs {
			newName = fmt.Sprintf("__cte_%d", c.cteSeq)
			c.cteSeq++
			entry["key"] = newName
			if recursive {
				qn["cte_name"] = newName
			}
		}
		if recursive {
			inner.names[strings.ToLower(name)] = newName
		}
		c.walk(val, inner)
		inner.names[strings.ToLower(name)] = newName
	}
	prev := c.cur
	c.cur = nil
	if typ == "SELECT_NODE" {
		c.cur = &selectScope{where: obj(n, "where_clause")}
	}
	c.walkChildren(n, inner, "cte_map")
	c.cur = prev
}

func (c *checker) baseTable(n node, sc *cteScope) {
	name := str(n, "table_name")
	schema, cat := str(n, "schema_name"), str(n, "catalog_name")
	table := ""
	if schema != "" && cat == "" && c.resolveTable != nil && store.TableColumns[strings.ToLower(name)] != nil {
		// <store>.<table>: a derived table of an event data store (the Insights baseline).
		name, table = schema, strings.ToLower(name)
	} else if schema != "" || cat != "" {
		c.problem(n, ErrInvalidQuery, "qualified table name %s is not allowed: name an event data store by its name, ID or ARN, or a table of one as <store>.%s",
			strings.Trim(cat+"."+schema+"."+name, "."), store.TableBaseline)
		return
	}
	if n["at_clause"] != nil {
		c.problem(n, ErrInvalidQuery, "AT clauses are not allowed")
		return
	}
	alias := str(n, "alias")
	if alias == "" {
		alias = name
		if table != "" {
			alias = table
		}
	}
	if newName, ok := sc.lookup(name); ok && table == "" {
		if c.renameCTEs {
			n["alias"] = alias
			n["table_name"] = newName
		}
		c.addItem(fromItem{alias: alias})
		return
	}
	if c.fatal != nil {
		return
	}
	var snap *store.Snapshot
	var err error
	if table != "" {
		snap, err = c.resolveTable(name, table)
	} else {
		snap, err = c.resolve(name)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		c.problem(n, err, "event data store %q not found", name)
		return
	case errors.Is(err, ErrInvalidQuery):
		c.problem(n, err, "%s", err.Error())
		return
	case err != nil:
		c.fatal = fmt.Errorf("resolve %q: %w", name, err)
		return
	}
	ref := &tableRef{n: n, name: name, alias: alias, snap: snap, sel: c.cur}
	c.refs = append(c.refs, ref)
	c.addItem(fromItem{alias: alias, ref: ref})
}

func (c *checker) tableFunction(n node, sc *cteScope) {
	fn := obj(n, "function")
	name := strings.ToLower(str(fn, "function_name"))
	if !tableFunctions[name] || str(fn, "schema") != "" || str(fn, "catalog") != "" {
		c.problem(n, ErrInvalidQuery, "table function %s is not allowed: only unnest, range and generate_series", qualifiedFunc(fn))
		return
	}
	var cols []string
	for _, a := range arr(n, "column_name_alias") {
		s, _ := a.(string)
		cols = append(cols, s)
	}
	c.addItem(fromItem{alias: str(n, "alias"), cols: cols, generator: true})
	c.walk(fn["children"], sc)
	c.walkChildren(n, sc, "function")
}

func (c *checker) expr(n node, sc *cteScope) {
	switch str(n, "class") {
	case "FUNCTION", "WINDOW", "AGGREGATE":
		name := strings.ToLower(str(n, "function_name"))
		schema, cat := str(n, "schema"), str(n, "catalog")
		if (schema != "" && schema != "main") || cat != "" || (!c.funcs[name] && !(c.lake && schema == "" && lakeFunction(name))) {
			c.problem(n, ErrInvalidQuery, "function %s is not allowed", qualifiedFunc(n))
			return
		}
	case "PARAMETER":
		c.problem(n, ErrInvalidQuery, "query parameters are not supported")
		return
	}
	c.walkChildren(n, sc, "")
}

func qualifiedFunc(fn node) string {
	return strings.Trim(str(fn, "catalog")+"."+str(fn, "schema")+"."+str(fn, "function_name"), ".")
}
