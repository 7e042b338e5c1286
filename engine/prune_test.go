package engine

import (
	"context"
	"testing"
	"time"

	"github.com/ctlake/ctlake/store"
)

func TestParseLakeTime(t *testing.T) {
	d := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04:05.999999999", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for in, want := range map[string]time.Time{
		"2024-01-02":                      d("2024-01-02 00:00:00"),
		"2024-01-02 03:04:05":             d("2024-01-02 03:04:05"),
		"2024-01-02T03:04:05Z":            d("2024-01-02 03:04:05"),
		"2024-1-2 3:4:5":                  d("2024-01-02 03:04:05"),
		"2024-01-02 03:04":                d("2024-01-02 03:04:00"),
		"2024-01-02 03:04:05.1234567":     d("2024-01-02 03:04:05.123456"), // DuckDB truncates to µs
		"2024-01-02 03:04:05.5 UTC":       d("2024-01-02 03:04:05.5"),
		"2024-01-02 03:04:05+00:00":       d("2024-01-02 03:04:05"),
		"2024-01-02 24:00:00":             d("2024-01-03 00:00:00"),
		"2024-01-02 03:04:05+02":          {}, // offsets: not pruned on
		"2024-01-02 03:04:05 Europe/Oslo": {},
		" 2024-01-02":                     {},
		"2024-02-30":                      {},
		"2024-13-01":                      {},
		"yesterday":                       {},
	} {
		got, ok := parseLakeTime(in)
		if ok != !want.IsZero() || !got.Equal(want) {
			t.Errorf("parseLakeTime(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
}

func TestSelectFiles(t *testing.T) {
	day := func(d int, h int) time.Time { return time.Date(2024, 1, d, h, 0, 0, 0, time.UTC) }
	snap := &store.Snapshot{Files: []store.FileInfo{
		{Path: "1", MinTime: day(1, 0), MaxTime: day(1, 23)},
		{Path: "2", MinTime: day(2, 0), MaxTime: day(2, 23)},
		{Path: "3", MinTime: day(3, 0), MaxTime: day(3, 23)},
		{Path: "unknown"},
	}, RetentionCutoff: day(1, 23).Add(time.Hour)}
	paths := func(b bounds) string {
		s := ""
		for _, f := range selectFiles(snap, b) {
			s += f.Path + " "
		}
		return s
	}
	for _, tc := range []struct {
		b    bounds
		want string
	}{
		{bounds{}, "2 3 unknown "}, // file 1 is all before the retention cutoff
		{bounds{from: day(2, 23)}, "2 3 unknown "},
		{bounds{from: day(2, 23).Add(time.Microsecond)}, "3 unknown "},
		{bounds{to: day(3, 0)}, "2 3 unknown "},
		{bounds{to: day(2, 23)}, "2 unknown "},
		{bounds{from: day(5, 0)}, "unknown "},
	} {
		if got := paths(tc.b); got != tc.want {
			t.Errorf("selectFiles(%v..%v) = %q, want %q", tc.b.from, tc.b.to, got, tc.want)
		}
	}
}

func TestPruning(t *testing.T) {
	e, fx := openTest(t, Config{})
	jan := func(d, h int) time.Time { return time.Date(2024, 1, d, h, 0, 0, 0, time.UTC) }
	trail := fx.cat.stores["trail"]
	fileRows := func(idx ...int) (n int64) {
		for _, i := range idx {
			n += trail.Files[i].Rows
		}
		return n
	}
	for _, tc := range []struct {
		stmt     string
		from, to time.Time
		files    int
	}{
		{"SELECT * FROM trail", time.Time{}, time.Time{}, 3},
		{"SELECT * FROM trail WHERE eventTime > '2024-01-02 00:00:00'", jan(2, 0), time.Time{}, 2},
		{"SELECT * FROM trail WHERE '2024-01-02 00:00:00' < eventTime", jan(2, 0), time.Time{}, 2},
		{"SELECT * FROM trail WHERE eventtime <= TIMESTAMP '2024-01-01 23:00:00'", time.Time{}, jan(1, 23), 1},
		{"SELECT * FROM trail t WHERE t.eventTime BETWEEN '2024-01-02' AND CAST('2024-01-02 12:00' AS TIMESTAMP)", jan(2, 0), jan(2, 12), 1},
		{"SELECT * FROM trail WHERE eventTime = '2024-01-03 01:00:00' AND eventName = 'x'", jan(3, 1), jan(3, 1), 1},
		{"SELECT * FROM trail WHERE eventTime >= DATE '2024-01-03'", jan(3, 0), time.Time{}, 1},
		{"SELECT * FROM trail WHERE eventTime >= TIMESTAMPTZ '2024-01-03 00:00:00'", jan(3, 0), time.Time{}, 1},
		// DuckDB's parser turns NOT a < b into a >= b.
		{"SELECT * FROM trail WHERE NOT eventTime < '2024-01-03'", jan(3, 0), time.Time{}, 1},
		{"SELECT * FROM trail WHERE eventTime > '2024-01-01' AND eventTime > '2024-01-03' AND eventTime < '2024-01-05'", jan(3, 0), jan(5, 0), 1},
		{"SELECT * FROM trail CROSS JOIN UNNEST(resources) AS t(r) WHERE eventTime > '2024-01-03'", jan(3, 0), time.Time{}, 1},
		{"SELECT * FROM (SELECT * FROM trail WHERE eventTime > '2024-01-03') s", jan(3, 0), time.Time{}, 1},
		// Not understood: no pruning.
		{"SELECT * FROM trail WHERE eventTime > '2024-01-03' OR eventName = 'x'", time.Time{}, time.Time{}, 3},
		{"SELECT * FROM trail WHERE NOT eventTime > '2024-01-03' OR eventTime IS NULL", time.Time{}, time.Time{}, 3},
		{"SELECT * FROM trail WHERE date_trunc('day', eventTime) > '2024-01-03'", time.Time{}, time.Time{}, 3},
		{"SELECT * FROM trail WHERE eventTime > '2024-01-03 00:00:00+02'", time.Time{}, time.Time{}, 3},
		{"SELECT * FROM trail WHERE eventTime > TRY_CAST('2024-01-03' AS TIMESTAMP)", time.Time{}, time.Time{}, 3},
		{"SELECT * FROM trail t WHERE x.eventTime > '2024-01-03'", time.Time{}, time.Time{}, 3},
		{"SELECT * FROM trail, range(3) AS r(eventTime) WHERE eventTime > '2024-01-03'", time.Time{}, time.Time{}, 3},
		{"SELECT * FROM trail WHERE eventTime > '2024-01-03' GROUP BY ALL HAVING max(eventTime) < '2024-01-01'", jan(3, 0), time.Time{}, 1},
		// An outer WHERE does not prune a store read in a subquery.
		{"SELECT * FROM (SELECT * FROM trail) s WHERE s.eventTime > '2024-01-03'", time.Time{}, time.Time{}, 3},
	} {
		p, err := e.Translate(context.Background(), tc.stmt)
		if err != nil {
			t.Errorf("%s: %v", tc.stmt, err)
			continue
		}
		v := p.Views[0]
		if !v.From.Equal(tc.from) || !v.To.Equal(tc.to) || v.FilesScanned != tc.files || v.FilesTotal != 3 {
			t.Errorf("%s:\n got %v..%v %d/%d files, want %v..%v %d files", tc.stmt, v.From, v.To, v.FilesScanned, v.FilesTotal, tc.from, tc.to, tc.files)
		}
	}

	// A join prunes each store by its own qualified conditions.
	p, err := e.Translate(context.Background(), `SELECT * FROM trail a JOIN "other-store" b ON a.eventName = b.eventName
		WHERE a.eventTime >= '2024-01-03' AND b.eventTime < '2024-01-01'`)
	if err != nil {
		t.Fatal(err)
	}
	if p.Views[0].FilesScanned != 1 || p.Views[1].FilesScanned != 0 || p.EventsScanned != fileRows(2) {
		t.Errorf("join: %+v", p.Views)
	}

	// EventsScanned counts the rows of the overlapping files only.
	_, rows, st := mustQuery(t, e, "SELECT eventName FROM trail WHERE eventTime > '2024-01-02 00:00:00'")
	if len(rows) != 4 || st.EventsScanned != fileRows(1, 2) || st.EventsMatched != 4 {
		t.Errorf("rows=%d stats=%+v, want 4 rows, %d scanned", len(rows), st, fileRows(1, 2))
	}
	// No file left: the view is the empty relation with the Lake columns.
	_, rows, st = mustQuery(t, e, "SELECT eventName, userIdentity.sessionContext.sessionIssuer.userName FROM trail WHERE eventTime > '2030-01-01'")
	if len(rows) != 0 || st.EventsScanned != 0 || st.BytesScanned != 0 {
		t.Errorf("rows=%d stats=%+v, want none", len(rows), st)
	}
}
