package cwli

// String functions. Conditions of this family (isempty, strcontains, …) display as 1 or 0.

// whitespace is what trim removes without a character list.
const whitespace = " \t\n\r\f\v"

func init() {
	register("isempty", 1, 1, func(t *translator, c *Call) sqlExpr {
		x := t.str(t.arg(c, 0))
		return sqlExpr{sql: "(" + x + " IS NULL OR " + x + " = '')", typ: tyFlag}
	})
	register("isblank", 1, 1, func(t *translator, c *Call) sqlExpr {
		x := t.str(t.arg(c, 0))
		return sqlExpr{sql: "(" + x + " IS NULL OR main.trim(" + x + ", " + sqlString(whitespace) + ") = '')", typ: tyFlag}
	})
	register("concat", 1, -1, strFunc("concat"))
	register("strlen", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: sqlCall("length", t.str(t.arg(c, 0))), typ: tyNum}
	})
	register("toupper", 1, 1, strFunc("upper"))
	register("tolower", 1, 1, strFunc("lower"))
	for name, sqlName := range map[string]string{"trim": "trim", "ltrim": "ltrim", "rtrim": "rtrim"} {
		register(name, 1, 2, func(t *translator, c *Call) sqlExpr {
			chars := sqlString(whitespace)
			if len(c.Args) == 2 {
				chars = t.str(t.arg(c, 1))
			}
			return sqlExpr{sql: sqlCall(sqlName, t.str(t.arg(c, 0)), chars), typ: tyStr}
		})
	}
	// substr(s, start [, length]): start is 0-based in Logs Insights, 1-based in SQL.
	register("substr", 2, 3, func(t *translator, c *Call) sqlExpr {
		args := []string{t.str(t.arg(c, 0)), "CAST(" + t.num(t.arg(c, 1)) + " AS BIGINT) + 1"}
		if len(c.Args) == 3 {
			args = append(args, "CAST("+t.num(t.arg(c, 2))+" AS BIGINT)")
		}
		return sqlExpr{sql: sqlCall("substring", args...), typ: tyStr}
	})
	register("replace", 3, 3, strFunc("replace"))
	register("regexReplace", 3, 3, func(t *translator, c *Call) sqlExpr {
		var pat string
		switch p := c.Args[1].(type) {
		case *RegexLit:
			pat = sqlString(t.regex(p))
		case *StringLit:
			pat = sqlString(t.regexText(p.Value, p.Pos))
		default:
			pat = t.str(t.arg(c, 1))
		}
		return sqlExpr{sql: sqlCall("regexp_replace", t.str(t.arg(c, 0)), pat, t.str(t.arg(c, 2)), "'g'"), typ: tyStr}
	})
	register("strcontains", 2, 3, func(t *translator, c *Call) sqlExpr {
		s, sub := t.str(t.arg(c, 0)), t.str(t.arg(c, 1))
		sensitive := sqlCall("contains", s, sub)
		if len(c.Args) == 2 {
			return sqlExpr{sql: sensitive, typ: tyFlag}
		}
		insensitive := sqlCall("contains", sqlCall("lower", s), sqlCall("lower", sub))
		return sqlExpr{sql: "(CASE WHEN " + t.cond(c.Args[2]) + " THEN " + insensitive + " ELSE " + sensitive + " END)", typ: tyFlag}
	})
	register("startsWith", 2, 2, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: sqlCall("starts_with", t.str(t.arg(c, 0)), t.str(t.arg(c, 1))), typ: tyFlag}
	})
	register("endsWith", 2, 2, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: sqlCall("ends_with", t.str(t.arg(c, 0)), t.str(t.arg(c, 1))), typ: tyFlag}
	})
	register("urlencode", 1, 1, strFunc("url_encode"))
	register("urldecode", 1, 1, strFunc("url_decode"))
	register("base64encode", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "main.to_base64(main.encode(" + t.str(t.arg(c, 0)) + "))", typ: tyStr}
	})
	register("base64decode", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "main.decode(main.from_base64(" + t.str(t.arg(c, 0)) + "))", typ: tyStr}
	})
	register("split", 2, 2, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: sqlCall("string_split", t.str(t.arg(c, 0)), t.str(t.arg(c, 1))), typ: tyList}
	})
	register("hexToAscii", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "main.decode(main.unhex(" + t.str(t.arg(c, 0)) + "))", typ: tyStr}
	})
	register("hexToDec", 1, 1, func(t *translator, c *Call) sqlExpr {
		x := t.str(t.arg(c, 0))
		return sqlExpr{sql: "TRY_CAST(CASE WHEN main.lower(" + x + ") LIKE '0x%' THEN " + x + " ELSE '0x' || " + x + " END AS BIGINT)", typ: tyNum}
	})
	register("decToHex", 1, 1, func(t *translator, c *Call) sqlExpr {
		n := "CAST(main.trunc(" + t.num(t.arg(c, 0)) + ") AS BIGINT)"
		return sqlExpr{sql: "(CASE WHEN " + n + " < 0 THEN '-0x' || main.lower(main.hex(-" + n + ")) ELSE '0x' || main.lower(main.hex(" + n + ")) END)", typ: tyStr}
	})
	register("md5", 1, 1, strFunc("md5"))
	register("sha256", 1, 1, strFunc("sha256"))
}
