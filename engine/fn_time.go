package engine

import (
	"strings"
)

// Date and time functions. The engine runs with TimeZone UTC, so TIMESTAMP WITH TIME ZONE
// values print and compare in UTC, as in Lake. Same in DuckDB 1.5: date_trunc, year, quarter,
// month, week, day, hour, minute, second, current_timestamp, now(), current_date, date(x),
// last_day, TIMESTAMP '…' and INTERVAL literals. Different:
//
//   - date_add(unit, n, ts): DuckDB's date_add takes (date, interval); a literal unit makes
//     it ts + to_<unit>s(n);
//   - date_diff(unit, a, b) counts whole units in Trino, boundaries crossed in DuckDB:
//     date_sub counts whole units;
//   - date_format/date_parse take MySQL specifiers, format_datetime/parse_datetime Joda
//     patterns: both become strftime/strptime formats (fn_timefmt.go);
//   - millisecond is 0‥999 in Trino, 0‥59999 in DuckDB;
//   - day_of_week is ISO (1 = Monday): isodow; the other names are macros.

var timeMacros = []string{
	// On a TIMESTAMP (Lake's eventTime) the cast is the same instant: Athena's CloudTrail table
	// has eventTime as ISO text, Lake as a timestamp, and the queries of both read the same.
	`CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
	`CREATE MACRO from_iso8601_date(s) AS CAST(s AS DATE)`,
	// Trino prints timestamp(3) as 2024-01-01T10:00:00.000, with a zone as …000Z (UTC here).
	`CREATE MACRO to_iso8601(x) AS CASE typeof(x)
		WHEN 'DATE' THEN strftime(x, '%Y-%m-%d')
		WHEN 'TIMESTAMP WITH TIME ZONE' THEN strftime(x, '%Y-%m-%dT%H:%M:%S.%gZ')
		ELSE strftime(x, '%Y-%m-%dT%H:%M:%S.%g') END`,
	`CREATE MACRO from_unixtime(x) AS to_timestamp(x)`,
	`CREATE MACRO to_unixtime(ts) AS epoch(ts)`,
	`CREATE MACRO day_of_week(ts) AS isodow(ts)`,
	`CREATE MACRO dow(ts) AS isodow(ts)`,
	`CREATE MACRO day_of_year(ts) AS dayofyear(ts)`,
	`CREATE MACRO doy(ts) AS dayofyear(ts)`,
	`CREATE MACRO day_of_month(ts) AS day(ts)`,
	`CREATE MACRO week_of_year(ts) AS week(ts)`,
	`CREATE MACRO year_of_week(ts) AS isoyear(ts)`,
	`CREATE MACRO yow(ts) AS isoyear(ts)`,
	`CREATE MACRO last_day_of_month(ts) AS last_day(ts)`,
	`CREATE MACRO tr_millisecond(ts) AS millisecond(ts) % 1000`,
}

var timeRules = map[string]functionRule{
	"date_add":        rewriteDateAdd,
	"date_diff":       rewriteDateDiff,
	"date_format":     formatRule("strftime", mysqlFormat),
	"date_parse":      formatRule("strptime", mysqlFormat),
	"format_datetime": formatRule("strftime", jodaFormat),
	"parse_datetime":  formatRule("strptime", jodaParseFormat),
	"millisecond":     renameRule("tr_millisecond", "millisecond takes one timestamp", 1),
}

// intervalFuncs turn a number of units into an INTERVAL, and the type the number needs.
var intervalFuncs = map[string]struct{ fn, typ string }{
	"millisecond": {"to_milliseconds", "BIGINT"},
	"second":      {"to_seconds", "DOUBLE"},
	"minute":      {"to_minutes", "BIGINT"},
	"hour":        {"to_hours", "BIGINT"},
	"day":         {"to_days", "INTEGER"},
	"week":        {"to_weeks", "INTEGER"},
	"month":       {"to_months", "INTEGER"},
	"quarter":     {"to_months", "INTEGER"},
	"year":        {"to_years", "INTEGER"},
}

// timeUnit reads the literal unit argument of date_add and date_diff.
func timeUnit(fn node, args []any, src *prelexed) (string, error) {
	name := str(fn, "function_name")
	u, ok := constArg(args, 0)
	if !ok {
		return "", positioned(fn, src, "%s: the unit must be a string literal such as 'day'", name)
	}
	unit := strings.ToLower(strings.TrimSpace(u))
	if _, ok := intervalFuncs[unit]; !ok {
		return "", positioned(argNode(args, 0), src,
			"%s: unknown unit %q: use millisecond, second, minute, hour, day, week, month, quarter or year", name, u)
	}
	return unit, nil
}

// rewriteDateAdd: date_add('day', n, ts) → ts + to_days(CAST(n AS INTEGER)). DuckDB's own
// two-argument date_add(ts, interval) stays.
func rewriteDateAdd(fn node, src *prelexed) (any, error) {
	if len(arr(fn, "children")) == 2 {
		return fn, nil
	}
	args, err := callArgs(fn, src, "date_add takes a unit, a number and a timestamp: date_add('day', 1, eventTime)", 3)
	if err != nil {
		return nil, err
	}
	unit, err := timeUnit(fn, args, src)
	if err != nil {
		return nil, err
	}
	loc := fn["query_location"]
	iv := intervalFuncs[unit]
	var n any = castTo(args[1], iv.typ, loc)
	if unit == "quarter" {
		n = operator("*", loc, n, intConst(3))
	}
	return operator("+", loc, args[2], call(iv.fn, loc, n)), nil
}

// rewriteDateDiff: date_diff(unit, a, b) → date_sub(unit, a, b), the number of whole units
// from a to b.
func rewriteDateDiff(fn node, src *prelexed) (any, error) {
	args, err := callArgs(fn, src, "date_diff takes a unit and two timestamps: date_diff('day', a, b)", 3)
	if err != nil {
		return nil, err
	}
	if _, isConst := constArg(args, 0); isConst {
		unit, err := timeUnit(fn, args, src)
		if err != nil {
			return nil, err
		}
		args[0] = stringConst(unit)
	}
	fn["function_name"] = "date_sub"
	return fn, nil
}

// formatRule calls to (strftime or strptime) with the format argument (the second) translated
// by conv; the format must be a literal.
func formatRule(to string, conv func(string) (string, error)) functionRule {
	return func(fn node, src *prelexed) (any, error) {
		name := str(fn, "function_name")
		args, err := callArgs(fn, src, name+" takes a value and a format string", 2)
		if err != nil {
			return nil, err
		}
		f, ok := constArg(args, 1)
		if !ok {
			return nil, positioned(fn, src, "%s: the format must be a string literal", name)
		}
		out, err := conv(f)
		if err != nil {
			return nil, positioned(argNode(args, 1), src, "%s: %v", name, err)
		}
		args[1] = stringConst(out)
		fn["function_name"] = to
		return fn, nil
	}
}
