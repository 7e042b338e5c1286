package cwli

import (
	"strings"
)

// Expression translation. Every expression becomes SQL with a kind that says how to use it:
// Logs Insights coerces freely (a field read from JSON compared with a number is compared as
// a number; isempty() is a condition that displays as 1 or 0), so the translator converts at
// the point of use with num, str, cond and value.

// sqlType is the kind of a translated expression.
type sqlType uint8

const (
	tyAny  sqlType = iota // unknown
	tyStr                 // VARCHAR
	tyRaw                 // VARCHAR read from the raw event: string, or number/boolean/object text
	tyNum                 // a number
	tyBool                // BOOLEAN
	tyFlag                // BOOLEAN that Logs Insights shows as 1 or 0
	tyTime                // TIMESTAMP
	tyJSON                // VARCHAR holding JSON from jsonParse: path access reads into it
	tyList                // VARCHAR[]
)

// sqlExpr is a translated expression.
type sqlExpr struct {
	sql string
	typ sqlType
	col string // set when sql is just this column of the current relation
	lit bool   // a literal
}

// expr translates e in the current scope.
func (t *translator) expr(e Expr) sqlExpr {
	switch x := e.(type) {
	case *FieldRef:
		return t.field(x)
	case *StringLit:
		return sqlExpr{sql: sqlString(x.Value), typ: tyStr, lit: true}
	case *NumberLit:
		return sqlExpr{sql: x.Text, typ: tyNum, lit: true}
	case *RegexLit:
		t.fail(invalidf(x.Pos, "a regex can only follow like or =~, or be the pattern of a function"))
	case *PeriodLit:
		t.fail(invalidf(x.Pos, "a time period such as %s can only be an argument of bin, datefloor or dateceil", x))
	case *ListLit:
		t.fail(invalidf(x.Pos, "a list can only follow in"))
	case *Star:
		t.fail(invalidf(x.Pos, "* can only be the argument of count(*)"))
	case *Call:
		return t.call(x)
	case *Unary:
		if x.Op == "not" {
			return sqlExpr{sql: "(NOT " + t.cond(x.X) + ")", typ: tyBool}
		}
		return sqlExpr{sql: "(-" + t.num(t.expr(x.X)) + ")", typ: tyNum}
	case *Binary:
		return t.binary(x)
	case *Match:
		return t.match(x)
	case *In:
		return t.in(x)
	case *Member, *Index:
		return t.jsonPath(e)
	}
	t.fail(invalidf(e.Position(), "cannot translate %s", e))
	return sqlExpr{}
}

// field resolves a field name: a name the query defined, a JSON path into one defined by
// jsonParse, a system field, or the event (fieldmap.go).
func (t *translator) field(f *FieldRef) sqlExpr {
	name := f.Name()
	if s, ok := t.syms[name]; ok {
		if t.aggOK && !t.inAgg {
			t.fail(invalidf(f.Pos, "%s must be inside a stats function such as count(%s)", f, f))
		}
		return sqlExpr{sql: t.colRef(s.col), typ: s.typ, col: s.col}
	}
	for i := len(f.Path) - 1; i >= 1; i-- {
		if s, ok := t.syms[strings.Join(f.Path[:i], ".")]; ok && s.typ == tyJSON {
			return sqlExpr{sql: jsonExtract(jsonGuard(t.colRef(s.col)), f.Path[i:]), typ: tyJSON}
		}
	}
	if len(f.Path) == 1 && (f.Path[0] == "true" || f.Path[0] == "false") {
		return sqlExpr{sql: f.Path[0], typ: tyBool, lit: true}
	}
	if t.aggregated {
		t.fail(invalidf(f.Pos, "field %s is not available after stats; the fields are %s", f, t.symbolNames()))
	}
	if t.aggOK && !t.inAgg {
		t.fail(invalidf(f.Pos, "%s must be inside a stats function such as count(%s)", f, f))
	}
	if len(f.Path) == 1 && strings.HasPrefix(f.Path[0], "@") {
		return t.systemField(f)
	}
	return t.lakeField(f)
}

// symbolNames lists the names in scope, for error messages.
func (t *translator) symbolNames() string {
	var names []string
	for _, d := range t.fieldsDisplay {
		if _, ok := t.syms[d.name]; ok {
			names = append(names, quoteName(d.name))
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// jsonGuard makes JSON text safe to read paths from: NULL unless it is valid JSON.
func jsonGuard(s string) string {
	return "CASE WHEN main.json_valid(" + s + ") THEN " + s + " END"
}

// num is e as a number: text is converted where it reads as one (else NULL), a condition is
// 1 or 0, a timestamp its epoch milliseconds.
func (t *translator) num(e sqlExpr) string {
	switch e.typ {
	case tyNum:
		return e.sql
	case tyBool, tyFlag:
		return "CAST(" + e.sql + " AS INTEGER)"
	case tyTime:
		return "main.epoch_ms(" + e.sql + ")"
	}
	return "TRY_CAST(" + e.sql + " AS DOUBLE)"
}

// str is e as text; a timestamp as Logs Insights shows it (2006-01-02 15:04:05.000).
func (t *translator) str(e sqlExpr) string {
	switch e.typ {
	case tyStr, tyRaw, tyJSON, tyAny:
		return e.sql
	case tyTime:
		return sqlCall("strftime", e.sql, "'%Y-%m-%d %H:%M:%S.%g'")
	case tyFlag:
		return "CAST(CAST(" + e.sql + " AS INTEGER) AS VARCHAR)"
	}
	return "CAST(" + e.sql + " AS VARCHAR)"
}

// timeOf is e as a timestamp: a number is taken as epoch milliseconds, text is parsed.
func (t *translator) timeOf(e sqlExpr) string {
	switch e.typ {
	case tyTime:
		return e.sql
	case tyNum:
		return "main.epoch_ms(CAST(" + e.sql + " AS BIGINT))"
	}
	return "TRY_CAST(" + t.str(e) + " AS TIMESTAMP)"
}

// cond translates x as a condition.
func (t *translator) cond(x Expr) string {
	e := t.expr(x)
	switch e.typ {
	case tyBool, tyFlag, tyAny:
		return e.sql
	case tyNum:
		return "(" + e.sql + " <> 0)"
	}
	t.fail(invalidf(x.Position(), "%s is not a condition: compare it, e.g. %s = \"value\", or test it with ispresent(%s)", x, x, x))
	return ""
}

// value is e as Logs Insights shows it: conditions of the 1/0 kind as integers.
func (t *translator) value(e sqlExpr) sqlExpr {
	if e.typ == tyFlag {
		return sqlExpr{sql: "CAST(" + e.sql + " AS INTEGER)", typ: tyNum}
	}
	return e
}

var sqlOps = map[string]string{
	"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">=",
	"+": "+", "-": "-", "*": "*", "/": "/", "%": "%",
}

func (t *translator) binary(x *Binary) sqlExpr {
	switch x.Op {
	case "and", "or":
		return sqlExpr{sql: "(" + t.cond(x.L) + " " + strings.ToUpper(x.Op) + " " + t.cond(x.R) + ")", typ: tyBool}
	case "=", "!=", "<", "<=", ">", ">=":
		return sqlExpr{sql: t.compare(sqlOps[x.Op], t.expr(x.L), t.expr(x.R)), typ: tyBool}
	case "^":
		return sqlExpr{sql: "main.pow(" + t.num(t.expr(x.L)) + ", " + t.num(t.expr(x.R)) + ")", typ: tyNum}
	case "/": // always fractional (the engine sets integer_division); x / 0 is NULL, not infinity
		return sqlExpr{sql: "(CAST(" + t.num(t.expr(x.L)) + " AS DOUBLE) / main.nullif(CAST(" + t.num(t.expr(x.R)) + " AS DOUBLE), 0))", typ: tyNum}
	case "%":
		return sqlExpr{sql: "(" + t.num(t.expr(x.L)) + " % main.nullif(" + t.num(t.expr(x.R)) + ", 0))", typ: tyNum}
	}
	return sqlExpr{sql: "(" + t.num(t.expr(x.L)) + " " + sqlOps[x.Op] + " " + t.num(t.expr(x.R)) + ")", typ: tyNum}
}

// compare compares two values the way Logs Insights coerces them: as numbers when either is
// a number, as timestamps when either is one, else as text.
func (t *translator) compare(op string, l, r sqlExpr) string {
	ls, rs := l.sql, r.sql
	isBool := func(e sqlExpr) bool { return e.typ == tyBool || e.typ == tyFlag }
	switch {
	case l.typ == tyNum || r.typ == tyNum:
		ls, rs = t.num(l), t.num(r)
	case l.typ == tyTime || r.typ == tyTime:
		if !(l.typ == tyStr && l.lit) {
			ls = t.timeOf(l)
		}
		if !(r.typ == tyStr && r.lit) {
			rs = t.timeOf(r)
		}
	case isBool(l) && isBool(r):
	case isBool(l) || isBool(r):
		ls, rs = t.str(l), t.str(r)
	default:
		ls, rs = t.str(l), t.str(r)
	}
	return "(" + ls + " " + op + " " + rs + ")"
}

// match translates like and =~: a string pattern of like is a substring test, a regex (or any
// pattern of =~) an unanchored RE2 match.
func (t *translator) match(m *Match) sqlExpr {
	x := t.str(t.expr(m.X))
	var s string
	switch p := m.Pattern.(type) {
	case *RegexLit:
		s = "main.regexp_matches(" + x + ", " + sqlString(t.regex(p)) + ")"
	case *StringLit:
		if m.Op == "=~" {
			s = "main.regexp_matches(" + x + ", " + sqlString(t.regexText(p.Value, p.Pos)) + ")"
		} else {
			s = "main.contains(" + x + ", " + sqlString(p.Value) + ")"
		}
	default:
		pat := t.str(t.expr(p))
		if m.Op == "=~" {
			s = "main.regexp_matches(" + x + ", " + pat + ")"
		} else {
			s = "main.contains(" + x + ", " + pat + ")"
		}
	}
	if m.Not {
		s = "(NOT " + s + ")"
	}
	return sqlExpr{sql: s, typ: tyBool}
}

// in translates x in [..] (whole-value equality) and "v" in arrayField (the array contains v).
func (t *translator) in(in *In) sqlExpr {
	x := t.expr(in.X)
	var s string
	if list, ok := in.Set.(*ListLit); ok {
		items := make([]sqlExpr, len(list.Items))
		numeric := x.typ == tyNum
		for i, it := range list.Items {
			items[i] = t.expr(it)
			numeric = numeric || items[i].typ == tyNum
		}
		if len(items) == 0 {
			s = "false"
		} else {
			conv := t.str
			if numeric {
				conv = t.num
			}
			parts := make([]string, len(items))
			for i, it := range items {
				parts[i] = conv(it)
			}
			s = "(" + conv(x) + " IN (" + strings.Join(parts, ", ") + "))"
		}
	} else {
		set := t.expr(in.Set)
		if set.typ == tyList {
			s = "main.list_contains(" + set.sql + ", " + t.str(x) + ")"
		} else {
			a := t.str(set)
			s = "main.list_contains(TRY_CAST(CAST(" + jsonGuard(a) + " AS JSON) AS VARCHAR[]), " + t.str(x) + ")"
		}
	}
	if in.Not {
		s = "(NOT " + s + ")"
	}
	return sqlExpr{sql: s, typ: tyBool}
}

// jsonPath translates x.name and x[i] chains on a jsonParse value into one JSON Pointer read.
func (t *translator) jsonPath(e Expr) sqlExpr {
	var path []string
	for {
		switch x := e.(type) {
		case *Member:
			path = append(path, x.Name)
			e = x.X
			continue
		case *Index:
			n, ok := x.Index.(*NumberLit)
			if !ok || strings.Contains(n.Text, ".") {
				t.fail(unsupportedf(x.Index.Position(), "only a whole-number literal can index a list (0-based), not %s", x.Index))
			}
			path = append(path, strings.TrimLeft(n.Text, "0"))
			if path[len(path)-1] == "" {
				path[len(path)-1] = "0"
			}
			e = x.X
			continue
		}
		break
	}
	base := t.expr(e)
	if base.typ != tyJSON {
		t.fail(invalidf(e.Position(), "%s is not a map or list: only jsonParse(...) values have members and indexes", e))
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return sqlExpr{sql: jsonExtract(jsonGuard(base.sql), path), typ: tyJSON}
}
