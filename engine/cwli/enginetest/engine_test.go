package enginetest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ctlake/ctlake/engine"
	"github.com/ctlake/ctlake/engine/cwli"
	"github.com/ctlake/ctlake/engine/cwli/internal/cwlitest"
	"github.com/ctlake/ctlake/ingest"
	"github.com/ctlake/ctlake/store"
)

// openEngine ingests events into a new event data store named name under a temp root and
// opens an engine on it.
func openEngine(t *testing.T, name string, events [][]byte) *engine.Engine {
	t.Helper()
	ctx := context.Background()
	// The fixture's events are from 2023 and 2024: a fixed clock keeps them inside retention.
	now := func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }
	st, err := store.Open(t.TempDir(), store.WithClock(now))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateEDS(ctx, store.CreateInput{Name: name, RetentionPeriod: 3653}); err != nil {
		t.Fatal(err)
	}
	app, err := st.NewAppender(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	p := ingest.NewParser()
	evs := make([]*store.Event, 0, len(events))
	for i, raw := range events {
		ev, err := p.Parse(raw)
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		evs = append(evs, &ev)
	}
	res, err := app.Append(ctx, evs)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != len(events) {
		t.Fatalf("stored %d of %d events: %+v", res.Added, len(events), res)
	}
	eng, err := engine.Open(ctx, engine.Config{Root: st.Root()}, st)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	return eng
}

// query runs stmt and returns its column names and rows of formatted cells.
func query(t *testing.T, eng *engine.Engine, stmt string) ([]string, [][]string) {
	t.Helper()
	rows, err := eng.Query(context.Background(), stmt)
	if err != nil {
		t.Fatalf("engine: %v\nSQL: %s", err, stmt)
	}
	defer rows.Close()
	var cols []string
	for _, c := range rows.Columns() {
		cols = append(cols, c.Name)
	}
	var out [][]string
	for rows.Next() {
		vals := rows.Values()
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = cwlitest.FormatValue(v)
		}
		out = append(out, cells)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("engine: %v\nSQL: %s", err, stmt)
	}
	return cols, out
}

// TestScriptsThroughEngine runs every case of cwli's test scripts that translates through the
// engine: the engine must accept the SQL, and where the case lists rows they must be the same.
func TestScriptsThroughEngine(t *testing.T) {
	raw := make([][]byte, len(cwlitest.Events))
	for i, e := range cwlitest.Events {
		raw[i] = []byte(e)
	}
	eng := openEngine(t, "trail", raw)
	files, err := filepath.Glob("../testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		cases, err := cwlitest.ReadScript(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			if c.Section("error") != nil {
				continue
			}
			t.Run(filepath.Base(f)+"/"+c.Name, func(t *testing.T) {
				q, err := cwli.Parse(c.Query)
				if err != nil {
					t.Fatal(err)
				}
				stmt, cols, err := cwli.Translate(q, `"trail"`)
				if err != nil {
					t.Fatal(err)
				}
				gotCols, rows := query(t, eng, stmt)
				got := make([]string, len(rows))
				for i, r := range rows {
					got[i] = strings.Join(r, " | ")
				}
				if !reflect.DeepEqual(gotCols, cols) {
					t.Errorf("columns %q, Translate said %q", gotCols, cols)
				}
				if s := c.Section("count"); s != nil {
					if n, _ := strconv.Atoi(strings.TrimSpace(strings.Join(s.Body, ""))); n != len(got) {
						t.Errorf("%d rows, want %d", len(got), n)
					}
				}
				if s := c.Section("rows"); s != nil {
					want := append([]string(nil), s.Body...)
					if len(s.Args) > 0 && s.Args[0] == "unordered" {
						sort.Strings(got)
						sort.Strings(want)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("rows\n got:\n%s\nwant:\n%s\nSQL: %s", strings.Join(got, "\n"), strings.Join(want, "\n"), stmt)
					}
				}
			})
		}
	}
}

// TestLibraryThroughEngine runs the shipped queries (queries/insights) through the engine on
// the Invictus CloudTrail sample when /work/shared/data is there.
func TestLibraryThroughEngine(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/data/invictus-sigma-aws/CloudTrail/*.json")
	if len(files) == 0 {
		t.Skip("no Invictus data under /work/shared/data")
	}
	var raw [][]byte
	for _, f := range files {
		recs, err := cwlitest.ReadRecords(f)
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, recs...)
	}
	eng := openEngine(t, "invictus", raw)
	lib, _ := filepath.Glob("../../../queries/insights/*.cwli")
	if len(lib) != 12 {
		t.Fatalf("found %d library queries, want 12", len(lib))
	}
	for _, f := range lib {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		q, err := cwli.Parse(string(text))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		stmt, _, err := cwli.Translate(q, `"invictus"`)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		_, rows := query(t, eng, stmt)
		want, known, err := cwlitest.Expected(filepath.Base(f), raw)
		if err != nil {
			t.Fatal(err)
		}
		if !known {
			t.Errorf("%s: the oracle does not know this query", f)
		} else if d := cwlitest.Diff(rows, want); d != "" {
			t.Errorf("%s through the engine:\n%s", f, d)
		}
	}
}

// TestWindowPrunes checks that the engine reads a Window's time range from the translated
// statement, as it does for Lake SQL, so that it can skip files.
func TestWindowPrunes(t *testing.T) {
	raw := make([][]byte, len(cwlitest.Events))
	for i, e := range cwlitest.Events {
		raw[i] = []byte(e)
	}
	eng := openEngine(t, "trail", raw)
	q, err := cwli.Parse("stats count(*) as n")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	to := time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)
	stmt, _, err := cwli.Translate(cwli.Window(q, from, to), `"trail"`)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := eng.Translate(context.Background(), stmt)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Views) != 1 || !plan.Views[0].From.Equal(from) || !plan.Views[0].To.Equal(to) {
		t.Errorf("the engine did not see the window: %+v", plan.Views)
	}
	if _, rows := query(t, eng, stmt); len(rows) != 1 || rows[0][0] != "8" {
		t.Errorf("rows %v, want 8 events", rows)
	}
}
