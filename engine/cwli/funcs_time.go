package cwli

import (
	"strconv"
	"strings"
)

// Date and time functions. Timestamps are TIMESTAMP (UTC); Logs Insights' epoch numbers are
// milliseconds (toMillis, fromMillis) except now(), which is seconds.
//
// Bins are aligned to the Unix epoch in UTC (1970-01-01, a Thursday, for weeks); months,
// quarters and years are calendar bins. Logs Insights silently caps counts above a unit's size
// (bin(300s) runs as 60 s); this package refuses them instead and names the unit to use.

// periodUnits maps every spelling of a time unit to its canonical form.
var periodUnits = map[string]string{}

// unitInfo is a canonical unit: the SQL interval unit, how many of them one unit is, and the
// largest count Logs Insights accepts (0: no cap).
type unitInfo struct {
	sqlUnit string
	mult    int64
	cap     int64
	name    string
}

var unitInfos = map[string]unitInfo{
	"ms": {"milliseconds", 1, 1000, "milliseconds"},
	"s":  {"seconds", 1, 60, "seconds"},
	"m":  {"minutes", 1, 60, "minutes"},
	"h":  {"hours", 1, 24, "hours"},
	"d":  {"days", 1, 0, "days"},
	"w":  {"days", 7, 0, "weeks"},
	"mo": {"months", 1, 0, "months"},
	"q":  {"months", 3, 0, "quarters"},
	"y":  {"months", 12, 0, "years"},
}

func init() {
	for canon, spellings := range map[string][]string{
		"ms": {"ms", "msec", "msecs", "millisecond", "milliseconds"},
		"s":  {"s", "sec", "secs", "second", "seconds"},
		"m":  {"m", "min", "mins", "minute", "minutes"},
		"h":  {"h", "hr", "hrs", "hour", "hours"},
		"d":  {"d", "day", "days"},
		"w":  {"w", "week", "weeks"},
		"mo": {"mo", "mon", "mons", "month", "months"},
		"q":  {"q", "qtr", "qtrs", "quarter", "quarters"},
		"y":  {"y", "yr", "yrs", "year", "years"},
	} {
		for _, s := range spellings {
			periodUnits[s] = canon
		}
	}

	// bin(period): @timestamp rounded down to the period.
	register("bin", 1, 1, func(t *translator, c *Call) sqlExpr {
		p := t.periodArg(c, 0)
		ts := t.timestampOf(c)
		return sqlExpr{sql: t.bucket(ts, p, t.offset), typ: tyTime}
	})
	register("datefloor", 2, 2, func(t *translator, c *Call) sqlExpr {
		p := t.periodArg(c, 1)
		return sqlExpr{sql: t.bucket(t.timeOf(t.arg(c, 0)), p, nil), typ: tyTime}
	})
	register("dateceil", 2, 2, func(t *translator, c *Call) sqlExpr {
		p := t.periodArg(c, 1)
		ts := t.timeOf(t.arg(c, 0))
		floor := t.bucket(ts, p, nil)
		return sqlExpr{sql: "(CASE WHEN " + floor + " = " + ts + " THEN " + ts + " ELSE " + floor + " + " + interval(p) + " END)", typ: tyTime}
	})
	register("fromMillis", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "main.epoch_ms(CAST(" + t.num(t.arg(c, 0)) + " AS BIGINT))", typ: tyTime}
	})
	register("toMillis", 1, 1, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "main.epoch_ms(" + t.timeOf(t.arg(c, 0)) + ")", typ: tyNum}
	})
	register("now", 0, 0, func(t *translator, c *Call) sqlExpr {
		return sqlExpr{sql: "CAST(main.floor(main.epoch(main.now())) AS BIGINT)", typ: tyNum}
	})
	formatDate := func(t *translator, c *Call) sqlExpr {
		if len(c.Args) == 3 {
			t.utcArg(c, 2)
		}
		return sqlExpr{sql: sqlCall("strftime", t.timeOf(t.arg(c, 0)), t.str(t.arg(c, 1))), typ: tyStr}
	}
	register("formatDate", 2, 3, formatDate)
	register("strftime", 2, 3, formatDate)
	// parseDate(text, javaPattern [, tz]): epoch milliseconds, NULL when the text does not fit.
	register("parseDate", 2, 3, func(t *translator, c *Call) sqlExpr {
		if len(c.Args) == 3 {
			t.utcArg(c, 2)
		}
		pat := t.stringLiteralArg(c, 1, "pattern")
		f, err := javaToStrptime(pat)
		if err != "" {
			t.fail(unsupportedf(c.Args[1].Position(), "parseDate pattern %s: %s", quoteString(pat), err))
		}
		text := t.str(t.arg(c, 0))
		if strings.Contains(pat, "X") { // X writes UTC as "Z", which strptime's %z does not read
			text = "main.regexp_replace(" + text + ", 'Z$', '+00:00')"
		}
		return sqlExpr{sql: "main.epoch_ms(main.try_strptime(" + text + ", " + sqlString(f) + "))", typ: tyNum}
	})
}

// periodArg returns argument i, which must be a time period.
func (t *translator) periodArg(c *Call, i int) *PeriodLit {
	p, ok := c.Args[i].(*PeriodLit)
	if !ok {
		t.fail(invalidf(c.Args[i].Position(), "%s needs a time period such as 5m or 1h, not %s", c.Name, c.Args[i]))
	}
	info := unitInfos[periodUnits[p.Unit]]
	if p.N < 1 {
		t.fail(invalidf(p.Pos, "the period %s must be at least 1 %s", p, info.name))
	}
	if info.cap > 0 && p.N > info.cap {
		t.fail(invalidf(p.Pos, "the period %s is longer than %d %s, which Logs Insights caps silently; use a larger unit", p, info.cap, info.name))
	}
	return p
}

// utcArg checks a time zone argument: only UTC is supported.
func (t *translator) utcArg(c *Call, i int) {
	tz := t.stringLiteralArg(c, i, "time zone")
	switch strings.ToUpper(tz) {
	case "UTC", "GMT", "Z", "+00:00", "ETC/UTC":
		return
	}
	t.fail(unsupportedf(c.Args[i].Position(), "time zone %s is not supported: event times are UTC", quoteString(tz)))
}

// timestampOf is @timestamp for bin(): the event time, or a field the query named @timestamp.
func (t *translator) timestampOf(c *Call) string {
	if _, ok := t.syms["@timestamp"]; !ok && t.aggregated {
		t.fail(invalidf(c.Pos, "%s reads @timestamp, which is not available after stats; keep a time in the first stats (max(@timestamp) as t) and use datefloor(t, period)", c))
	}
	return t.timeOf(t.field(&FieldRef{Pos: c.Pos, Path: []string{"@timestamp"}}))
}

// interval is the SQL interval of a period.
func interval(p *PeriodLit) string {
	info := unitInfos[periodUnits[p.Unit]]
	return "INTERVAL '" + strconv.FormatInt(p.N*info.mult, 10) + " " + info.sqlUnit + "'"
}

// bucket rounds ts down to the period, bins aligned to the epoch (shifted by offset).
func (t *translator) bucket(ts string, p, offset *PeriodLit) string {
	origin := "TIMESTAMP '1970-01-01 00:00:00'"
	if offset != nil {
		origin = "(" + origin + " + " + interval(offset) + ")"
	}
	return "main.time_bucket(" + interval(p) + ", " + ts + ", " + origin + ")"
}

// javaToStrptime converts a Java DateTimeFormatter pattern to DuckDB strptime, or returns why
// it cannot.
func javaToStrptime(p string) (string, string) {
	var b strings.Builder
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(p[i+1:], '\'')
			if j < 0 {
				return "", "unterminated quote"
			}
			lit := p[i+1 : i+1+j]
			if lit == "" {
				lit = "'"
			}
			b.WriteString(strings.ReplaceAll(lit, "%", "%%"))
			i += j + 2
		case isLetter(c):
			j := i
			for j < len(p) && p[j] == c {
				j++
			}
			run := p[i:j]
			f, ok := javaFields[run]
			if !ok {
				return "", "the field " + quoteString(run) + " is not supported"
			}
			b.WriteString(f)
			i = j
		case c == '%':
			b.WriteString("%%")
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), ""
}

var javaFields = map[string]string{
	"yyyy": "%Y", "uuuu": "%Y", "yy": "%y", "MM": "%m", "M": "%m", "MMM": "%b", "MMMM": "%B",
	"dd": "%d", "d": "%d", "HH": "%H", "H": "%H", "hh": "%I", "h": "%I", "mm": "%M", "m": "%M",
	"ss": "%S", "s": "%S", "SSS": "%g", "SSSSSS": "%f", "a": "%p", "EEE": "%a", "EEEE": "%A",
	"X": "%z", "XX": "%z", "XXX": "%z", "Z": "%z", "ZZ": "%z", "z": "%Z",
}
