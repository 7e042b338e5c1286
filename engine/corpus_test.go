package engine

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ctlake/ctlake/queries"

	"github.com/ctlake/ctlake/ingest"
	"github.com/ctlake/ctlake/store"
)

// The corpus test runs the public query collections in ../../shared/corpus (when present; it is
// not part of the project and the test skips without it) against a real store: the events of
// testdata/corpus-events.jsonl, written by the store package like any ingest, into one main
// event data store and three smaller ones for the multi-store samples.
//
// Every query must translate and run, except those listed as invalid with their reason; those
// must fail with ErrInvalidQuery. The Athena playbooks are written for Athena's CloudTrail table
// (eventTime as ISO text, requestParameters as JSON text); they run on Lake's schema through the
// typed rewrites (typed.go).

const corpusRoot = "../../shared/corpus"

// corpusClock is "now" for the corpus stores, so that their retention keeps every event.
var corpusClock = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

// corpusStores is the corpus fixture: a store root and the IDs of its event data stores.
type corpusStores struct {
	st                     *store.Store
	main, eds1, eds2, eds3 string
	events                 int
}

// buildCorpusStores writes the corpus events into a new store under dir: all of them into
// "corpus", the S3 events into "eds1", those of January 2023 into "eds2", the IAM ones into
// "eds3" (so that the stores share some eventIDs, for joins).
func buildCorpusStores(tb testing.TB, dir string) *corpusStores {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(dir, store.WithClock(func() time.Time { return corpusClock }))
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Open(filepath.Join("testdata", "corpus-events.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	p := ingest.NewParser()
	var all []*store.Event
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		ev, err := p.Parse(sc.Bytes())
		if err != nil {
			tb.Fatalf("corpus-events.jsonl: %v", err)
		}
		all = append(all, &ev)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	no := false
	create := func(name string, keep func(*store.Event) bool) string {
		eds, err := st.CreateEDS(ctx, store.CreateInput{Name: name, RetentionPeriod: 3653, TerminationProtection: &no})
		if err != nil {
			tb.Fatal(err)
		}
		var evs []*store.Event
		for _, ev := range all {
			if keep(ev) {
				evs = append(evs, ev)
			}
		}
		app, err := st.NewAppender(ctx, eds.ID())
		if err != nil {
			tb.Fatal(err)
		}
		res, err := app.Append(ctx, evs)
		if err != nil {
			tb.Fatal(err)
		}
		if res.Added != len(evs) {
			tb.Fatalf("store %s: %d of %d events added (%+v)", name, res.Added, len(evs), res)
		}
		return eds.ID()
	}
	return &corpusStores{
		st:     st,
		events: len(all),
		main:   create("corpus", func(*store.Event) bool { return true }),
		eds1:   create("eds1", func(ev *store.Event) bool { return ev.EventSource == "s3.amazonaws.com" }),
		eds2:   create("eds2", func(ev *store.Event) bool { return ev.EventTime.Format("2006-01") == "2023-01" }),
		eds3:   create("eds3", func(ev *store.Event) bool { return ev.EventSource == "iam.amazonaws.com" }),
	}
}

// openCorpusEngine builds the corpus stores and an engine over them.
func openCorpusEngine(tb testing.TB) (*Engine, *corpusStores) {
	tb.Helper()
	cs := buildCorpusStores(tb, tb.TempDir())
	e, err := Open(context.Background(), Config{Root: cs.st.Root(), MemoryLimit: "512MB", Threads: 2}, cs.st)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := e.Close(); err != nil {
			tb.Error(err)
		}
	})
	return e, cs
}

// corpusSet is one folder of the corpus and how its files become statements for the fixture.
type corpusSet struct {
	dir string
	// prepare replaces the placeholders of a file (store names, time windows) by fixture values.
	prepare func(cs *corpusStores, sql string) string
	// invalid lists the files that cannot run, with the reason; they must fail with
	// ErrInvalidQuery and an error containing err.
	invalid map[string]invalidQuery
}

type invalidQuery struct{ reason, err string }

var edsNumber = regexp.MustCompile(`(?i)\beds([123])\b`)

func prepareLake(cs *corpusStores, sql string) string {
	sql = queries.FillStore(sql, cs.main)
	sql = edsNumber.ReplaceAllStringFunc(sql, func(m string) string {
		return map[byte]string{'1': cs.eds1, '2': cs.eds2, '3': cs.eds3}[m[len(m)-1]]
	})
	// '${date_filter}' is the start of the window, then its end.
	sql = strings.Replace(sql, "${date_filter}", "2023-01-01 00:00:00", 1)
	return strings.ReplaceAll(sql, "${date_filter}", "2024-12-31 23:59:59")
}

// prepareAthena names the main store for Athena's table and fills the playbooks' placeholders.
func prepareAthena(cs *corpusStores, sql string) string {
	return strings.NewReplacer(
		"cloudtrail_logs", cs.main,
		"START_TIME", "2024-05-01T00:00:00Z",
		"END_TIME", "2024-05-31T23:59:59Z",
		"BUCKET_NAME", "customer-pii-bucket",
		"TABLE_NAME", "orders",
		"SUSPECTED_PRINCIPAL", "SuspiciousRole",
		"SUSPECT_PRINCIPAL", "arn:aws:sts::999888777666:assumed-role/SuspiciousRole/exfil",
	).Replace(sql)
}

const (
	errSyntax = "syntax error"
	errCfg    = `Referenced table "eventData" not found`
	reasonCfg = "reads a Config configuration-item event data store (eventData.resourceType, eventData.configuration " +
		"…); CloudTrail event data stores have no eventData column"
)

var corpusSets = []corpusSet{
	{
		dir:     "aws-samples-cloud-trail-lake-query-samples",
		prepare: prepareLake,
		invalid: map[string]invalidQuery{
			"ConfigItemCountQuery.sql": {"queries the Athena table default.awsconfig built over AWS Config snapshot files " +
				`("$path", configurationitems), not an event data store`, `syntax error at or near "default"`},
			"ConfigTableCreation.sql":                      {"CREATE EXTERNAL TABLE: Athena DDL, not a query", `syntax error at or near "EXTERNAL"`},
			"iam-idc-authenticate-api.sql":                 {"FROM FROM: a typo upstream", errSyntax},
			"list-all-errors-for-s3-events.sql":            {"the query twice, glued by stray text (…'s3.amazonaws.com'example: select …)", errSyntax},
			"list-all-events-not-in-authorized-region.sql": {"the query twice, glued by stray text (…'<accountid>': select …)", errSyntax},
			"list-attempted-s3-requests..sql":              {"requestParametersORDER BY: a missing space upstream", errSyntax},
			"list-publicly-accessible-rds-instances.sql":   {"the query twice without a separator ('true'SELECT)", errSyntax},
			"network-activity-events-vpce-access-denied-s3.sql": {"selects userIdentity.username, eventType, eventCategory and " +
				"errorCode, which are neither grouped nor aggregated (it groups by userIdentity.arn): Trino refuses it too", "GROUP BY"},
			"ssm-patch-compliance-all-ec2-instances-time-range.sql":     {reasonCfg, errCfg},
			"ssm-patch-compliance-all-ec2-instances.sql":                {reasonCfg, errCfg},
			"ssm-patch-compliance-distinct-ec2-instance-latest.sql":     {reasonCfg, errCfg},
			"ssm-patch-compliance-selected-ec2-instance-time-range.sql": {reasonCfg, errCfg},
			"ssm-patch-compliance-selected-ec2-instance.sql":            {reasonCfg, errCfg},
			"top-errors.sql":     {"errorMessageORDER BY eventCount DESCLIMIT 10: missing spaces upstream", errSyntax},
			"top-s3-actions.sql": {"eventNameORDER BY: a missing space upstream", errSyntax},
		},
	},
	{
		dir:     "aws-docs-cloudtrail-lake",
		prepare: prepareLake,
		invalid: map[string]invalidQuery{
			"query-create-edit-query_01.sql": {"`< =` with a space is not an operator: a typo in the AWS page", errSyntax},
			"query-limitations-multitable_02.sql": {"element_at(edsA.map, 'test'): `map` stands for some map column; " +
				"an event data store has no column of that name", `"map"`},
		},
	},
	{
		dir:     "aws-ir-playbooks-athena",
		prepare: prepareAthena,
		invalid: map[string]invalidQuery{},
	},
	{
		dir:     "aws-docs-athena-cloudtrail",
		prepare: prepareAthena,
		invalid: map[string]invalidQuery{},
	},
}

// corpusKey names a corpus file in testdata/corpus-rows.txt (and in subtest names): the
// folder and the file name, spaces as underscores.
func corpusKey(dir, name string) string { return dir + "/" + strings.ReplaceAll(name, " ", "_") }

// corpusMinRows reads testdata/corpus-rows.txt: corpus key → least number of rows.
func corpusMinRows(tb testing.TB) map[string]int {
	data, err := os.ReadFile(filepath.Join("testdata", "corpus-rows.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]int{}
	for i, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		var path string
		var n int
		if _, err := fmt.Sscan(l, &path, &n); err != nil {
			tb.Fatalf("corpus-rows.txt:%d: %v", i+1, err)
		}
		out[path] = n
	}
	return out
}

// corpusFiles returns the .sql files of a corpus folder, sorted; ok is false without it.
func corpusFiles(dir string) ([]string, bool) {
	entries, err := os.ReadDir(filepath.Join(corpusRoot, dir))
	if err != nil {
		return nil, false
	}
	var out []string
	for _, de := range entries {
		if !de.IsDir() && strings.HasSuffix(de.Name(), ".sql") {
			out = append(out, de.Name())
		}
	}
	slices.Sort(out)
	return out, true
}

func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusRoot); err != nil {
		t.Skipf("no corpus at %s", corpusRoot)
	}
	e, cs := openCorpusEngine(t)
	minRows := corpusMinRows(t)
	unmatched := maps.Clone(minRows)
	ctx := context.Background()
	ran, invalid := 0, 0
	for _, set := range corpusSets {
		files, ok := corpusFiles(set.dir)
		if !ok {
			t.Logf("%s: not present, skipped", set.dir)
			continue
		}
		for name := range set.invalid {
			if !slices.Contains(files, name) {
				t.Errorf("%s: invalid list names %s, which is not in the corpus", set.dir, name)
			}
		}
		for _, name := range files {
			delete(unmatched, corpusKey(set.dir, name))
		}
		for _, name := range files {
			t.Run(set.dir+"/"+name, func(t *testing.T) {
				data, err := os.ReadFile(filepath.Join(corpusRoot, set.dir, name))
				if err != nil {
					t.Fatal(err)
				}
				stmt := set.prepare(cs, string(data))
				plan, terr := e.Translate(ctx, stmt)
				_, rows, _, qerr := queryAll(t, e, stmt)
				if bad, ok := set.invalid[name]; ok {
					invalid++
					if qerr == nil || !errors.Is(qerr, ErrInvalidQuery) || !strings.Contains(qerr.Error(), bad.err) {
						t.Errorf("listed as invalid (%s): Query error = %v, want ErrInvalidQuery containing %q", bad.reason, qerr, bad.err)
					}
					return
				}
				ran++
				if terr != nil {
					t.Fatalf("Translate: %v\n%s", terr, stmt)
				}
				if qerr != nil {
					t.Fatalf("Query: %v\n%s", qerr, plan.SQL)
				}
				if want := minRows[corpusKey(set.dir, name)]; len(rows) < want {
					t.Errorf("%d rows, want at least %d\n%s", len(rows), want, plan.SQL)
				}
				t.Logf("%d rows", len(rows))
			})
		}
	}
	for _, set := range corpusSets {
		if _, ok := corpusFiles(set.dir); !ok {
			for k := range unmatched {
				if strings.HasPrefix(k, set.dir+"/") {
					delete(unmatched, k) // the folder is absent
				}
			}
		}
	}
	for k := range unmatched {
		t.Errorf("testdata/corpus-rows.txt names %s, which is not in the corpus", k)
	}
	t.Logf("corpus: %d queries ran, %d listed invalid with their reason (fixture: %d events)", ran, invalid, cs.events)
}

// sampleStatements returns the AWS samples that must run, prepared for the fixture.
func sampleStatements(tb testing.TB, cs *corpusStores) []string {
	set := corpusSets[0]
	files, ok := corpusFiles(set.dir)
	if !ok {
		tb.Skipf("no corpus at %s", filepath.Join(corpusRoot, set.dir))
	}
	var out []string
	for _, name := range files {
		if _, bad := set.invalid[name]; bad {
			continue
		}
		data, err := os.ReadFile(filepath.Join(corpusRoot, set.dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, set.prepare(cs, string(data)))
	}
	return out
}

// BenchmarkTranslateCorpus translates the AWS samples; ms/query must stay under 5.
func BenchmarkTranslateCorpus(b *testing.B) {
	e, cs := openCorpusEngine(b)
	stmts := sampleStatements(b, cs)
	ctx := context.Background()
	b.ReportAllocs()
	n := 0
	start := time.Now()
	for b.Loop() {
		if _, err := e.Translate(ctx, stmts[n%len(stmts)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(n), "ms/query")
}
