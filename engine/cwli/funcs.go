package cwli

import (
	"fmt"
	"strings"
)

// Scalar functions. Each family registers its functions in its own file (funcs_string.go,
// funcs_number.go, funcs_time.go, funcs_general.go, funcs_ip.go) from init; the maps are
// read-only afterwards. Names are case-insensitive.

// scalarFunc translates one call; the argument count is checked before fn runs.
type scalarFunc struct {
	min, max int // max < 0: any number
	fn       func(t *translator, c *Call) sqlExpr
}

var scalarFuncs = map[string]scalarFunc{}

// unsupportedFuncs are documented Logs Insights functions this package does not run, with why.
var unsupportedFuncs = map[string]string{}

func register(name string, min, max int, fn func(t *translator, c *Call) sqlExpr) {
	scalarFuncs[strings.ToLower(name)] = scalarFunc{min: min, max: max, fn: fn}
}

func unsupported(reason string, names ...string) {
	for _, n := range names {
		unsupportedFuncs[strings.ToLower(n)] = reason
	}
}

// call translates a function call: a scalar function, a stats function where one may appear,
// or — after stats — a name the stats output has (stats count(*) | sort count(*) desc).
func (t *translator) call(c *Call) sqlExpr {
	name := strings.ToLower(c.Name)
	agg, isAgg := aggFuncs[name]
	if len(t.syms) > 0 && !(isAgg && t.aggOK && !t.inAgg) {
		if s, ok := t.syms[c.String()]; ok {
			return sqlExpr{sql: t.colRef(s.col), typ: s.typ, col: s.col}
		}
	}
	if isAgg {
		if !t.aggOK {
			t.fail(invalidf(c.Pos, "%s is a stats function: use it in a stats command", c.Name))
		}
		if t.inAgg {
			t.fail(invalidf(c.Pos, "stats functions cannot be nested: %s", c))
		}
		checkArgs(t, c, agg.min, agg.max)
		t.inAgg = true
		e := agg.fn(t, c)
		t.inAgg = false
		return e
	}
	f, ok := scalarFuncs[name]
	if !ok {
		if why, ok := unsupportedFuncs[name]; ok {
			t.fail(unsupportedf(c.Pos, "function %s is not supported: %s", c.Name, why))
		}
		t.fail(invalidf(c.Pos, "unknown function %s", c.Name))
	}
	checkArgs(t, c, f.min, f.max)
	return f.fn(t, c)
}

func checkArgs(t *translator, c *Call, min, max int) {
	n := len(c.Args)
	if n >= min && (max < 0 || n <= max) {
		return
	}
	var want string
	switch {
	case min == max:
		want = fmt.Sprintf("%d argument%s", min, plural(min))
	case max < 0:
		want = fmt.Sprintf("at least %d argument%s", min, plural(min))
	default:
		want = fmt.Sprintf("%d to %d arguments", min, max)
	}
	t.fail(invalidf(c.Pos, "%s takes %s, got %d", c.Name, want, n))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// arg translates argument i.
func (t *translator) arg(c *Call, i int) sqlExpr { return t.expr(c.Args[i]) }

// sqlCall builds a call of the DuckDB scalar function name: main.name(a, b, …). The schema
// qualification is deliberate: the engine reads its input as Lake (Trino) SQL and rewrites
// unqualified calls of Trino functions whose meaning differs from DuckDB's (concat,
// regexp_replace, substring, …); a main-qualified call is DuckDB's function as it is, so the
// SQL this package writes means the same in the engine as in plain DuckDB.
func sqlCall(name string, args ...string) string {
	return "main." + name + "(" + strings.Join(args, ", ") + ")"
}

// aggCall builds an aggregate call name(a, b, …); aggregates stay unqualified (the engine
// renames only Trino-only aggregates, which this package does not use).
func aggCall(name string, args ...string) string {
	return name + "(" + strings.Join(args, ", ") + ")"
}

// numFunc is a function of numbers that returns a number.
func numFunc(sqlName string) func(t *translator, c *Call) sqlExpr {
	return func(t *translator, c *Call) sqlExpr {
		args := make([]string, len(c.Args))
		for i := range c.Args {
			args[i] = t.num(t.arg(c, i))
		}
		return sqlExpr{sql: sqlCall(sqlName, args...), typ: tyNum}
	}
}

// strFunc is a function of text that returns text.
func strFunc(sqlName string) func(t *translator, c *Call) sqlExpr {
	return func(t *translator, c *Call) sqlExpr {
		args := make([]string, len(c.Args))
		for i := range c.Args {
			args[i] = t.str(t.arg(c, i))
		}
		return sqlExpr{sql: sqlCall(sqlName, args...), typ: tyStr}
	}
}

// stringLiteralArg returns argument i, which must be a string literal.
func (t *translator) stringLiteralArg(c *Call, i int, what string) string {
	s, ok := c.Args[i].(*StringLit)
	if !ok {
		t.fail(unsupportedf(c.Args[i].Position(), "the %s of %s must be a string literal, not %s", what, c.Name, c.Args[i]))
	}
	return s.Value
}

// common makes values of several kinds one kind, for coalesce, if and case: values of one kind
// keep it; numbers stay numbers and conditions conditions when mixed with NULL only; any
// other mix becomes text.
func (t *translator) common(es []sqlExpr) ([]string, sqlType) {
	typ, mixed := tyAny, false
	for _, e := range es {
		if e.lit && e.sql == "NULL" {
			continue
		}
		switch {
		case typ == tyAny:
			typ = e.typ
		case typ != e.typ:
			mixed = true
		}
	}
	out := make([]string, len(es))
	for i, e := range es {
		if mixed {
			out[i] = t.str(e)
		} else {
			out[i] = e.sql
		}
	}
	if mixed {
		typ = tyStr
	}
	return out, typ
}
