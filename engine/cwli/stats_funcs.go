package cwli

import (
	"strconv"
	"strings"
)

// Stats (aggregate) functions, usable only in a stats command's aggregate list.
//
// Choices where Logs Insights is silent: count_distinct is exact; pct is the continuous
// (interpolated) percentile; stddev is the sample standard deviation; earliest and latest take
// the value of the earliest/latest event that has the field; min, max, sortsFirst and sortsLast
// of a field read from the raw event compare as numbers when every value is one, else as text.

type aggFunc struct {
	min, max int
	fn       func(t *translator, c *Call) sqlExpr
}

var aggFuncs = map[string]aggFunc{}

func registerAgg(name string, min, max int, fn func(t *translator, c *Call) sqlExpr) {
	aggFuncs[strings.ToLower(name)] = aggFunc{min: min, max: max, fn: fn}
}

func init() {
	registerAgg("count", 0, 1, func(t *translator, c *Call) sqlExpr {
		if len(c.Args) == 0 {
			return sqlExpr{sql: "count(*)", typ: tyNum}
		}
		if _, ok := c.Args[0].(*Star); ok {
			return sqlExpr{sql: "count(*)", typ: tyNum}
		}
		return sqlExpr{sql: aggCall("count", t.value(t.arg(c, 0)).sql), typ: tyNum}
	})
	registerAgg("count_distinct", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "count(DISTINCT " + t.value(t.arg(c, 0)).sql + ")", typ: tyNum}
	})
	for name, sqlName := range map[string]string{"sum": "sum", "avg": "avg", "stddev": "stddev_samp"} {
		registerAgg(name, 1, 1, func(t *translator, c *Call) sqlExpr {
			return sqlExpr{sql: aggCall(sqlName, t.num(t.arg(c, 0))), typ: tyNum}
		})
	}
	registerAgg("pct", 2, 2, func(t *translator, c *Call) sqlExpr {
		n, ok := c.Args[1].(*NumberLit)
		p, err := 0.0, error(nil)
		if ok {
			p, err = strconv.ParseFloat(n.Text, 64)
		}
		if !ok || err != nil || p < 0 || p > 100 {
			t.fail(invalidf(c.Args[1].Position(), "the percentile of pct must be a number from 0 to 100, not %s", c.Args[1]))
		}
		return sqlExpr{sql: aggCall("quantile_cont", t.num(t.arg(c, 0)), strconv.FormatFloat(p/100, 'g', -1, 64)), typ: tyNum}
	})
	minMax := func(sqlName, argName string) func(t *translator, c *Call) sqlExpr {
		return func(t *translator, c *Call) sqlExpr {
			x := t.value(t.arg(c, 0))
			if x.typ != tyRaw {
				return sqlExpr{sql: aggCall(sqlName, x.sql), typ: x.typ}
			}
			n := "TRY_CAST(" + x.sql + " AS DOUBLE)"
			return sqlExpr{sql: "(CASE WHEN count(" + n + ") = count(" + x.sql + ") THEN " + aggCall(argName, x.sql, n) +
				" ELSE " + aggCall(sqlName, x.sql) + " END)", typ: tyRaw}
		}
	}
	registerAgg("min", 1, 1, minMax("min", "arg_min"))
	registerAgg("max", 1, 1, minMax("max", "arg_max"))
	registerAgg("sortsFirst", 1, 1, minMax("min", "arg_min"))
	registerAgg("sortsLast", 1, 1, minMax("max", "arg_max"))
	earliest := func(sqlName string) func(t *translator, c *Call) sqlExpr {
		return func(t *translator, c *Call) sqlExpr {
			x := t.value(t.arg(c, 0))
			ts := t.timestampOf(c)
			return sqlExpr{sql: aggCall(sqlName, x.sql, "CASE WHEN "+x.sql+" IS NOT NULL THEN "+ts+" END"), typ: x.typ}
		}
	}
	registerAgg("earliest", 1, 1, earliest("arg_min"))
	registerAgg("latest", 1, 1, earliest("arg_max"))

	unsupported("time-series stats functions are not supported", "rate", "count_over_time", "countOverTime",
		"sum_over_time", "sumOverTime", "histogram")
}
