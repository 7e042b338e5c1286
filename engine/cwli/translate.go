package cwli

import (
	"fmt"
	"strconv"
	"strings"
)

// Translation. A query becomes one SELECT:
//
//	WITH __s1 AS (…), __s2 AS (…), …
//	SELECT <display columns AS "their names"> FROM __sN AS __r ORDER BY … LIMIT …
//
// Each stage (CTE) is one step that changes the rows or defines fields: SELECT *, expr AS
// "__fK" FROM <previous> [WHERE …] for fields, filter and parse, a GROUP BY for stats, a
// QUALIFY for dedup, ORDER BY … LIMIT for a limit that later steps depend on. Fields the query
// defines get internal column names (__fK); the translator keeps the map from Logs Insights
// names (case-sensitive) to them, and user names appear only as aliases of the final SELECT.
// Sort keys are columns too, so the final ORDER BY can name them qualified (__r."__fK") and no
// output alias can capture them. DuckDB inlines the CTEs, so stages cost nothing at run time.
//
// Row order: the last sort wins and carries through filter, fields, parse, dedup and limit;
// without a sort, events come newest first (@timestamp desc), like the console. stats output
// without a sort comes by its bin() term descending (newest bin first, as the console shows it)
// and then its other group terms ascending. Ties are broken deterministically: events by
// eventTime desc then eventID, stats rows by their group terms.

const (
	// DefaultLimit is how many rows a query without limit returns, as in Logs Insights.
	DefaultLimit = 10000
	// MaxLimit is the largest limit Logs Insights accepts.
	MaxLimit = 100000
)

// Translate turns a query into one DuckDB SELECT over the event data store table (an SQL
// identifier or quoted name the caller has made safe, e.g. "\"my-store\""), and returns it with
// the names of the output columns in order. Errors are *ParseError values that wrap ErrInvalid
// or ErrUnsupported and carry the position of the offending part of the query.
func Translate(q *Query, table string) (sql string, columns []string, err error) {
	if q == nil || len(q.Commands) == 0 {
		return "", nil, &ParseError{Msg: "empty query", Err: ErrInvalid}
	}
	if strings.TrimSpace(table) == "" {
		return "", nil, &ParseError{Msg: "no event data store to query", Err: ErrInvalid}
	}
	t := &translator{table: table, syms: map[string]symbol{}, limit: DefaultLimit}
	t.tiebreak = t.eventOrder()
	t.order = t.tiebreak
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(*ParseError)
			if !ok {
				panic(r)
			}
			sql, columns, err = "", nil, pe
		}
	}()
	for _, c := range q.Commands {
		if c == nil {
			return "", nil, &ParseError{Msg: "a command of the query is nil", Err: ErrInvalid}
		}
	}
	t.checkPipeline(q)
	for _, c := range q.Commands {
		c.translate(t)
	}
	sql, columns = t.finish()
	return sql, columns, nil
}

// translator holds the state of one translation. Errors are raised by panicking with a
// *ParseError, which Translate recovers.
type translator struct {
	table  string
	stages []string // CTE bodies; stage i is named __s<i+1>
	from   string   // the relation the next stage reads: "" for the table
	seq    int      // last internal column number

	syms       map[string]symbol // Logs Insights name → column of the current relation
	aggregated bool              // after stats: only syms exist

	order        []orderKey // the current row order, ties broken
	tiebreak     []orderKey // what breaks ties of a sort: eventTime desc, eventID; or the stats groups
	offset       *PeriodLit // the offset of the stats command whose by terms are being translated
	pendingLimit int        // a limit not yet applied as a stage (0: none)
	limit        int        // the final LIMIT when no limit is pending

	fieldsDisplay []displayItem // named by fields (or produced by stats)
	displayCmd    []displayItem // the last display command since the last stats

	qual string // when set, column references are qualified with it (the final SELECT)

	// stats context: aggregates allowed (in a stats list) and being inside one.
	aggOK, inAgg bool
}

// symbol is a user-visible name bound to a column of the current relation.
type symbol struct {
	col string
	typ sqlType
}

// orderKey is one ORDER BY key: a column of the current relation. Missing values sort last
// either way.
type orderKey struct {
	col  string
	desc bool
}

// displayItem is an output column: a name, and the field reference to resolve it by when the
// name is not one of syms.
type displayItem struct {
	name string
	ref  *FieldRef
}

func (t *translator) fail(err *ParseError) { panic(err) }

// checkPipeline enforces the rules on the order of commands: at most two stats, sort and limit
// only after the second stats, only limit after dedup.
func (t *translator) checkPipeline(q *Query) {
	nStats := 0
	for _, c := range q.Commands {
		if _, ok := c.(*StatsCommand); ok {
			nStats++
			if nStats > 2 {
				t.fail(invalidf(c.Position(), "a query can have at most two stats commands"))
			}
		}
	}
	seen, dedup := 0, Command(nil)
	for _, c := range q.Commands {
		switch c.(type) {
		case *StatsCommand:
			seen++
		case *SortCommand, *LimitCommand:
			if nStats == 2 && seen < 2 {
				t.fail(invalidf(c.Position(), "with two stats commands, sort and limit must come after the second"))
			}
		}
		if dedup != nil {
			if _, ok := c.(*LimitCommand); !ok {
				t.fail(invalidf(c.Position(), "only limit may follow dedup"))
			}
		}
		if _, ok := c.(*DedupCommand); ok {
			dedup = c
		}
	}
}

// newCol returns a fresh internal column name.
func (t *translator) newCol() string {
	t.seq++
	return "__f" + strconv.Itoa(t.seq)
}

// colRef is the SQL reference to a column of the current relation.
func (t *translator) colRef(col string) string {
	if t.qual != "" {
		return t.qual + "." + quoteIdent(col)
	}
	return quoteIdent(col)
}

// fromSQL is the FROM of the next stage.
func (t *translator) fromSQL() string {
	if t.from == "" {
		return t.table + " AS __src"
	}
	return t.from
}

// addStage appends a stage; body reads fromSQL().
func (t *translator) addStage(body string) {
	t.stages = append(t.stages, body)
	t.from = "__s" + strconv.Itoa(len(t.stages))
}

// def is one column a stage adds.
type def struct {
	col string
	sql string
}

// project adds a stage that keeps every column and adds defs.
func (t *translator) project(defs []def) {
	if len(defs) == 0 {
		return
	}
	t.flushLimit()
	var b strings.Builder
	b.WriteString("SELECT *")
	for _, d := range defs {
		b.WriteString(", ")
		b.WriteString(d.sql)
		b.WriteString(" AS ")
		b.WriteString(quoteIdent(d.col))
	}
	b.WriteString(" FROM ")
	b.WriteString(t.fromSQL())
	t.addStage(b.String())
}

// filterStage adds a stage keeping the rows where cond holds.
func (t *translator) filterStage(cond string) {
	t.flushLimit()
	t.addStage("SELECT * FROM " + t.fromSQL() + " WHERE " + cond)
}

// flushLimit applies a pending limit as a stage, before a step that depends on it.
func (t *translator) flushLimit() {
	if t.pendingLimit == 0 {
		return
	}
	n := t.pendingLimit
	t.pendingLimit = 0
	t.addStage("SELECT * FROM " + t.fromSQL() + t.orderBy() + " LIMIT " + strconv.Itoa(n))
}

// orderBy is the current order as an ORDER BY clause with a leading space, or "" when the
// rows have no order (the single row of a stats without by).
func (t *translator) orderBy() string {
	if len(t.order) == 0 {
		return ""
	}
	return " ORDER BY " + t.orderSQL()
}

// orderSQL is the current order as an ORDER BY list.
func (t *translator) orderSQL() string {
	var b strings.Builder
	for i, k := range t.order {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.colRef(k.col))
		if k.desc {
			b.WriteString(" DESC NULLS LAST")
		} else {
			b.WriteString(" ASC NULLS LAST")
		}
	}
	return b.String()
}

// withTiebreak is keys followed by the tie-breaking keys on columns keys do not sort by yet.
func (t *translator) withTiebreak(keys []orderKey) []orderKey {
	out := append([]orderKey(nil), keys...)
	for _, k := range t.tiebreak {
		dup := false
		for _, o := range keys {
			dup = dup || o.col == k.col
		}
		if !dup {
			out = append(out, k)
		}
	}
	return out
}

// eventOrder is the default order of events: newest first, then by eventID.
func (t *translator) eventOrder() []orderKey {
	return []orderKey{{col: "eventTime", desc: true}, {col: "eventID"}}
}

// bind makes name refer to col from now on.
func (t *translator) bind(name, col string, typ sqlType) {
	t.syms[name] = symbol{col: col, typ: typ}
}

// addDisplay appends an output column named by fields, unless it is listed already.
func (t *translator) addDisplay(it displayItem) {
	for _, d := range t.fieldsDisplay {
		if d.name == it.name {
			return
		}
	}
	t.fieldsDisplay = append(t.fieldsDisplay, it)
}

// finish builds the statement.
func (t *translator) finish() (string, []string) {
	items := t.displayCmd
	if items == nil {
		items = t.fieldsDisplay
	}
	if len(items) == 0 {
		items = []displayItem{
			{name: "@timestamp", ref: &FieldRef{Path: []string{"@timestamp"}}},
			{name: "@message", ref: &FieldRef{Path: []string{"@message"}}},
		}
	}
	limit := t.limit
	if t.pendingLimit > 0 {
		limit = t.pendingLimit
	}
	t.qual = "__r"
	var b strings.Builder
	if len(t.stages) > 0 {
		b.WriteString("WITH ")
		for i, s := range t.stages {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "__s%d AS (%s)", i+1, s)
		}
		b.WriteByte(' ')
	}
	b.WriteString("SELECT ")
	cols := make([]string, len(items))
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.outputSQL(it))
		b.WriteString(" AS ")
		b.WriteString(quoteIdent(it.name))
		cols[i] = it.name
	}
	b.WriteString(" FROM ")
	if t.from == "" {
		b.WriteString(t.table)
	} else {
		b.WriteString(t.from)
	}
	b.WriteString(" AS __r")
	b.WriteString(t.orderBy())
	b.WriteString(" LIMIT ")
	b.WriteString(strconv.Itoa(limit))
	return b.String(), cols
}

// outputSQL is the value of a display item in the final SELECT.
func (t *translator) outputSQL(it displayItem) string {
	var e sqlExpr
	switch s, ok := t.syms[it.name]; {
	case ok:
		e = sqlExpr{sql: t.colRef(s.col), typ: s.typ}
	case it.ref != nil:
		e = t.field(it.ref)
	default:
		e = t.field(&FieldRef{Path: []string{it.name}})
	}
	return t.value(e).sql
}
