package engine

import (
	"strings"
	"testing"
)

func TestFormatTranslation(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{"%Y-%m-%d %H:00", "%Y-%m-%d %H:00", ""},
		{"%Y-%m-%d %H:%i:%s", "%Y-%m-%d %H:%M:%S", ""},
		{"%M %W %c/%e %k %l %p %T %r %f %j %%", "%B %A %-m/%-d %-H %-I %p %H:%M:%S %I:%M:%S %p %f %j %%", ""},
		{"%x-%v", "%G-%V", ""},
		{"%D", "", "%D is not supported"},
		{"%U", "", "%U is not supported"},
		{"50%", "", "lone %"},
		{"%Q", "Q", ""}, // MySQL: %x for any other x is x
	} {
		got, err := mysqlFormat(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("mysqlFormat(%q) = %q, %v; want error %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("mysqlFormat(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct{ in, want, parse, err string }{
		{"yyyy-MM-dd HH:mm:ss", "%Y-%m-%d %H:%M:%S", "", ""},
		{"yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "%Y-%m-%dT%H:%M:%S.%gZ", "", ""},
		{"EEEE, MMMM d, yy h:mm a", "%A, %B %-d, %y %-I:%M %p", "", ""},
		{"EEE MMM dd DDD", "%a %b %d %j", "", ""},
		{"HH:mm Z", "%H:%M +0000", "%H:%M %z", ""},
		{"HH:mm ZZ z", "%H:%M +00:00 UTC", "%H:%M %z %Z", ""},
		{"'it''s' 100%", "it's 100%%", "", ""},
		{"SSSSSS", "%f", "", ""},
		{"G", "", "", "pattern letter \"G\""},
		{"S", "", "", "fraction of second"},
		{"'open", "", "", "unterminated"},
	} {
		got, err := jodaFormat(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("jodaFormat(%q) = %q, %v; want error %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("jodaFormat(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		if c.parse != "" {
			if got, err := jodaParseFormat(c.in); err != nil || got != c.parse {
				t.Errorf("jodaParseFormat(%q) = %q, %v; want %q", c.in, got, err, c.parse)
			}
		}
	}
}

func TestTimeFunctions(t *testing.T) {
	e, _ := openTest(t, Config{})
	const ts = "TIMESTAMP '2024-01-07 13:04:05.678'" // a Sunday
	checkExprs(t, e, []exprCase{
		{in: "date_add('day', 1, TIMESTAMP '2024-01-31 10:00:00')", want: "2024-02-01 10:00:00 +0000 UTC"},
		{in: "date_add('month', 1, TIMESTAMP '2024-01-31 10:00:00')", want: "2024-02-29 10:00:00 +0000 UTC"},
		{in: "date_add('quarter', 1, TIMESTAMP '2024-01-31 10:00:00')", want: "2024-04-30 10:00:00 +0000 UTC"},
		{in: "date_add('HOUR', -2, TIMESTAMP '2024-01-01 01:00:00')", want: "2023-12-31 23:00:00 +0000 UTC"},
		{in: "date_add('millisecond', 1500, TIMESTAMP '2024-01-01 00:00:00')", want: "2024-01-01 00:00:01.5 +0000 UTC"},
		{in: "date_add('week', 1, DATE '2024-01-01')", want: "2024-01-08 00:00:00 +0000 UTC"},
		{in: "date_add('fortnight', 1, DATE '2024-01-01')", err: `unknown unit "fortnight"`},
		{in: "date_add(eventName, 1, eventTime) FROM trail", err: "the unit must be a string literal"},
		{in: "count(*) FROM trail WHERE eventTime > date_add('day', -100000, now())", want: "6"},
		{in: "date_diff('hour', TIMESTAMP '2024-01-01 23:59:59', TIMESTAMP '2024-01-02 01:58:00')", want: "1"},
		{in: "date_diff('day', TIMESTAMP '2024-01-01 12:00', TIMESTAMP '2024-01-03 11:00')", want: "1"},
		{in: "date_diff('Month', DATE '2024-01-31', DATE '2024-03-01')", want: "1"},
		{in: "date_diff('second', TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 00:01:00')", want: "60"},
		{in: "date_trunc('hour', " + ts + ")", want: "2024-01-07 13:00:00 +0000 UTC"},
		{in: "date_format(" + ts + ", '%Y-%m-%d %H:%i:%s')", want: "2024-01-07 13:04:05"},
		{in: "date_format(" + ts + ", '%W %M %e, %l %p')", want: "Sunday January 7, 1 PM"},
		{in: "date_format(eventTime, '%Y-%m-%d %H:00') FROM trail WHERE eventName = 'PutObject'", want: "2024-01-01 12:00"},
		{in: "date_format(" + ts + ", '%D')", err: "date_format: %D is not supported"},
		{in: "date_parse('2024-01-07 13:04', '%Y-%m-%d %H:%i')", want: "2024-01-07 13:04:00 +0000 UTC"},
		{in: "format_datetime(" + ts + ", 'yyyy-MM-dd''T''HH:mm:ss.SSS')", want: "2024-01-07T13:04:05.678"},
		{in: "format_datetime(" + ts + ", 'EEE, d MMM yyyy HH:mm Z')", want: "Sun, 7 Jan 2024 13:04 +0000"},
		{in: "parse_datetime('2024-01-07 13:04:05', 'yyyy-MM-dd HH:mm:ss')", want: "2024-01-07 13:04:05 +0000 UTC"},
		{in: "from_iso8601_timestamp('2024-01-07T13:04:05Z')", want: "2024-01-07 13:04:05 +0000 UTC"},
		{in: "from_iso8601_timestamp('2024-01-07T15:04:05.5+02:00')", want: "2024-01-07 13:04:05.5 +0000 UTC"},
		{in: "from_iso8601_timestamp('2024-01-07')", want: "2024-01-07 00:00:00 +0000 UTC"},
		// Athena's eventTime is ISO text; Lake's is a timestamp: the same instant.
		{in: "from_iso8601_timestamp(eventTime) = eventTime FROM trail WHERE eventName = 'PutObject'", want: "true"},
		{in: "from_iso8601_date('2024-01-07')", want: "2024-01-07"},
		{in: "to_iso8601(" + ts + ")", want: "2024-01-07T13:04:05.678"},
		{in: "to_iso8601(from_iso8601_timestamp('2024-01-07T13:04:05Z'))", want: "2024-01-07T13:04:05.000Z"},
		{in: "to_iso8601(DATE '2024-01-07')", want: "2024-01-07"},
		{in: "from_unixtime(1700000000)", want: "2023-11-14 22:13:20 +0000 UTC"},
		{in: "to_unixtime(TIMESTAMP '2024-01-01 00:00:01.5')", want: "1.7040672015e+09"},
		{in: "[day_of_week(" + ts + "), dow(" + ts + "), day_of_year(" + ts + "), doy(" + ts + "), day_of_month(" + ts + ")]", want: "[7 7 7 7 7]"},
		{in: "[year(" + ts + "), month(" + ts + "), day(" + ts + "), hour(" + ts + "), minute(" + ts + "), second(" + ts + ")]", want: "[2024 1 7 13 4 5]"},
		{in: "[quarter(" + ts + "), week(" + ts + "), week_of_year(" + ts + "), year_of_week(" + ts + ")]", want: "[1 1 1 2024]"},
		{in: "millisecond(" + ts + ")", want: "678"},
		{in: "last_day_of_month(DATE '2024-02-10')", want: "2024-02-29"},
		{in: "typeof(current_timestamp) = typeof(now())", want: "true"},
		{in: "current_timestamp > TIMESTAMP '2024-01-01 00:00:00'", want: "true"},
		{in: "TIMESTAMP '2024-01-01 00:00:00 UTC' = TIMESTAMP '2024-01-01 00:00:00'", want: "true"},
		{in: "count(*) FROM trail WHERE eventTime BETWEEN TIMESTAMP '2024-01-02 00:00:00' AND TIMESTAMP '2024-01-02 23:59:59'", want: "2"},
		{in: "count(*) FROM trail WHERE eventTime > now() - INTERVAL '100000' DAY", want: "6"},
	})
}
