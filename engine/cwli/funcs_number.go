package cwli

// Numeric functions. Arguments read as numbers: text that is not a number is NULL.

func init() {
	register("abs", 1, 1, numFunc("abs"))
	register("ceil", 1, 1, numFunc("ceil"))
	register("floor", 1, 1, numFunc("floor"))
	register("sqrt", 1, 1, numFunc("sqrt"))
	register("log", 1, 1, numFunc("ln")) // natural logarithm; DuckDB's log is base 10
	register("pow", 2, 2, numFunc("pow"))
	register("greatest", 1, -1, numFunc("greatest"))
	register("least", 1, -1, numFunc("least"))
	register("round", 1, 2, func(t *translator, c *Call) sqlExpr {
		if len(c.Args) == 1 {
			return sqlExpr{sql: sqlCall("round", t.num(t.arg(c, 0))), typ: tyNum}
		}
		return sqlExpr{sql: sqlCall("round", t.num(t.arg(c, 0)), "CAST("+t.num(t.arg(c, 1))+" AS INTEGER)"), typ: tyNum}
	})
	register("toNumber", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: t.num(t.arg(c, 0)), typ: tyNum}
	})
	register("toDouble", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "CAST(" + t.num(t.arg(c, 0)) + " AS DOUBLE)", typ: tyNum}
	})
	register("toInt", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "TRY_CAST(main.trunc(" + t.num(t.arg(c, 0)) + ") AS INTEGER)", typ: tyNum}
	})
	register("toLong", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "TRY_CAST(main.trunc(" + t.num(t.arg(c, 0)) + ") AS BIGINT)", typ: tyNum}
	})
	// haversine(lat1, lon1, lat2, lon2): great-circle distance in km (mean Earth radius 6371 km).
	register("haversine", 4, 4, func(t *translator, c *Call) sqlExpr {
		r := func(i int) string { return "main.radians(" + t.num(t.arg(c, i)) + ")" }
		lat1, lon1, lat2, lon2 := r(0), r(1), r(2), r(3)
		s := "(2 * 6371 * main.asin(main.sqrt(main.pow(main.sin((" + lat2 + " - " + lat1 + ") / 2), 2) + main.cos(" + lat1 + ") * main.cos(" + lat2 +
			") * main.pow(main.sin((" + lon2 + " - " + lon1 + ") / 2), 2))))"
		return sqlExpr{sql: s, typ: tyNum}
	})
}
