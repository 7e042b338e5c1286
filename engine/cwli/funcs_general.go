package cwli

import "strings"

// General and JSON functions.

func init() {
	register("ispresent", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "(" + t.arg(c, 0).sql + " IS NOT NULL)", typ: tyBool}
	})
	register("coalesce", 1, -1, func(t *translator, c *Call) sqlExpr {
		es := make([]sqlExpr, len(c.Args))
		for i := range c.Args {
			es[i] = t.arg(c, i)
		}
		args, typ := t.common(es)
		return sqlExpr{sql: aggCall("coalesce", args...), typ: typ} // a special form: not qualifiable
	})
	register("if", 3, 3, func(t *translator, c *Call) sqlExpr {
		cond := t.cond(c.Args[0])
		vals, typ := t.common([]sqlExpr{t.arg(c, 1), t.arg(c, 2)})
		return sqlExpr{sql: "(CASE WHEN " + cond + " THEN " + vals[0] + " ELSE " + vals[1] + " END)", typ: typ}
	})
	// case(c1, v1, c2, v2, …, [default]): at most 10 branches.
	register("case", 2, 21, func(t *translator, c *Call) sqlExpr {
		var conds []string
		var vals []sqlExpr
		for i := 0; i+1 < len(c.Args); i += 2 {
			conds = append(conds, t.cond(c.Args[i]))
			vals = append(vals, t.arg(c, i+1))
		}
		hasDefault := len(c.Args)%2 == 1
		if hasDefault {
			vals = append(vals, t.arg(c, len(c.Args)-1))
		}
		out, typ := t.common(vals)
		var b strings.Builder
		b.WriteString("(CASE")
		for i, cond := range conds {
			b.WriteString(" WHEN " + cond + " THEN " + out[i])
		}
		if hasDefault {
			b.WriteString(" ELSE " + out[len(out)-1])
		}
		b.WriteString(" END)")
		return sqlExpr{sql: b.String(), typ: typ}
	})
	register("isNumeric", 1, 1, func(t *translator, c *Call) sqlExpr {
		e := t.arg(c, 0)
		if e.typ == tyNum {
			return sqlExpr{sql: "(" + e.sql + " IS NOT NULL)", typ: tyBool}
		}
		return sqlExpr{sql: "(TRY_CAST(" + t.str(e) + " AS DOUBLE) IS NOT NULL)", typ: tyBool}
	})
	register("messageSize", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: sqlCall("strlen", t.str(t.arg(c, 0))), typ: tyNum}
	})

	register("jsonParse", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "(" + jsonGuard(t.str(t.arg(c, 0))) + ")", typ: tyJSON}
	})
	register("jsonStringify", 1, 1, func(t *translator, c *Call) sqlExpr {
		e := t.arg(c, 0)
		return sqlExpr{sql: sqlCall("json_extract_string", jsonGuard(t.str(e)), "'$'"), typ: tyStr}
	})
	register("jsonArraySize", 1, 1, func(t *translator, c *Call) sqlExpr {
		a := jsonGuard(t.str(t.arg(c, 0)))
		return sqlExpr{sql: "(CASE WHEN main.json_type(" + a + ") = 'ARRAY' THEN main.json_array_length(" + a + ") END)", typ: tyNum}
	})
	register("jsonArrayContains", 2, 2, func(t *translator, c *Call) sqlExpr {
		a := jsonGuard(t.str(t.arg(c, 0)))
		v := t.str(t.arg(c, 1))
		return sqlExpr{sql: "coalesce(main.json_type(" + a + ") = 'ARRAY' AND main.list_contains(TRY_CAST(CAST(" + a + " AS JSON) AS VARCHAR[]), " + v + "), false)", typ: tyFlag}
	})

	unsupported("an event data store query has no time window of its own", "queryStartTime", "queryEndTime", "queryTimeRange")
}
