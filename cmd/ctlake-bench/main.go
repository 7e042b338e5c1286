// Command ctlake-bench is the whole-system benchmark behind `make bench`: it generates events,
// ingests them into a fresh store, and runs the seed-002 analyses through ctlake and, in the
// same run, through DuckDB over the raw .json.gz files, printing the ratios against the targets.
// With -insights it is `make bench-insights` instead, the CloudTrail Insights job's accuracy
// and speed (insights.go).
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/ctlake/ctlake/engine"
	"github.com/ctlake/ctlake/engine/cwli"
	"github.com/ctlake/ctlake/ingest"
	"github.com/ctlake/ctlake/queries"
	"github.com/ctlake/ctlake/store"
	"github.com/ctlake/ctlake/testdata/gen"
	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	events := flag.Int("events", 1_000_000, "events to generate")
	work := flag.String("dir", "", "work folder (default: a temporary folder, removed after)")
	runs := flag.Int("runs", 3, "ctlake runs per query (the median is reported)")
	corpus := flag.String("corpus", "../shared/corpus/aws-samples-cloud-trail-lake-query-samples", "AWS's CloudTrail Lake sample queries, run on the generated store when the folder exists")
	insightsBench := flag.Bool("insights", false, fmt.Sprintf("run the CloudTrail Insights benchmark instead: injected anomalies, recall, false insights, job speed (default -events %d)", insightsEvents))
	days := flag.Int("days", insightsDays, "with -insights: days of events, the first 7 a baseline only")
	ingestOnly := flag.Bool("ingest-only", false, "stop after the ingest and storage figures (no queries)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the ingest to this file")
	batch := flag.Int("batch-events", 0, "events per ingest commit (default: ingest's)")
	flag.Parse()
	var err error
	if *insightsBench {
		n := insightsEvents
		flag.Visit(func(f *flag.Flag) {
			if f.Name == "events" {
				n = *events
			}
		})
		err = runInsights(context.Background(), n, *days, *work)
	} else {
		err = run(context.Background(), benchConfig{events: *events, work: *work, runs: *runs, corpus: *corpus,
			ingestOnly: *ingestOnly, cpuProfile: *cpuProfile, batch: *batch})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ctlake-bench:", err)
		os.Exit(1)
	}
}

// benchConfig is the flags of the ingest and query benchmark.
type benchConfig struct {
	events     int
	work       string // work folder; a temporary one when empty
	runs       int
	corpus     string
	ingestOnly bool
	cpuProfile string // file for a CPU profile of the ingest, when set
	batch      int    // ingest.Options.BatchEvents
}

func run(ctx context.Context, cfg benchConfig) error {
	events, work, runs, corpus := cfg.events, cfg.work, cfg.runs, cfg.corpus
	if work == "" {
		dir, err := os.MkdirTemp("", "ctlake-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		work = dir
	}
	trail := filepath.Join(work, "trail")
	fmt.Printf("ctlake benchmark: %d events, 2 cores expected (this machine: see nproc)\n\n", events)

	today := time.Now().UTC().Truncate(24 * time.Hour)
	gs, err := gen.Generate(ctx, gen.Config{Events: events, Seed: 42, Start: today.AddDate(0, 0, -7), Days: 7}, trail)
	if err != nil {
		return err
	}
	fmt.Printf("generate: %d events, %d files, %.1f MB gzip JSON, %.1f s (%.0f events/s)\n",
		gs.Events, gs.Files, mb(gs.Bytes), gs.Elapsed.Seconds(), float64(gs.Events)/gs.Elapsed.Seconds())

	st, err := store.Open(filepath.Join(work, "home"))
	if err != nil {
		return err
	}
	sels, err := store.ParseSelectors([]byte(gen.Selectors))
	if err != nil {
		return err
	}
	eds, err := st.CreateEDS(ctx, store.CreateInput{Name: "bench", AdvancedEventSelectors: sels})
	if err != nil {
		return err
	}
	stopProfile, err := startProfile(cfg.cpuProfile)
	if err != nil {
		return err
	}
	t0, cpu0 := time.Now(), cpuUsage()
	imp, failures, err := ingest.Run(ctx, st, ingest.Options{EDS: eds.ID(), Paths: []string{trail}, BatchEvents: cfg.batch})
	ingestTime, cpu1 := time.Since(t0), cpuUsage()
	stopProfile()
	if err != nil {
		return err
	}
	stored := imp.ImportStatistics.EventsCompleted
	if len(failures) > 0 || stored != int64(gs.Events) {
		return fmt.Errorf("ingest stored %d of %d events with %d failures", stored, gs.Events, len(failures))
	}
	snap, err := st.Snapshot(ctx, eds.ID())
	if err != nil {
		return err
	}
	var storedBytes int64
	for _, f := range snap.Files {
		storedBytes += f.Bytes
	}
	rate := float64(stored) / ingestTime.Seconds()
	fmt.Printf("ingest:   %d events in %.1f s = %.0f events/s (target >= 100000: %s), %d Parquet files\n",
		stored, ingestTime.Seconds(), rate, verdict(rate >= 100_000), len(snap.Files))
	fmt.Printf("          %s\n", cpu1.perEvent(cpu0, stored))
	fmt.Printf("storage:  %.1f MB Parquet = %.0f bytes/event; gzip JSON %.0f bytes/event; ratio %.2f (target <= 1: %s)\n\n",
		mb(storedBytes), float64(storedBytes)/float64(stored), float64(gs.Bytes)/float64(stored),
		float64(storedBytes)/float64(gs.Bytes), verdict(storedBytes <= gs.Bytes))
	if cfg.ingestOnly {
		return nil
	}
	// The queries start on a collected heap, as in a separate process: the ingest's garbage
	// would otherwise be collected in the middle of the first queries' timings.
	runtime.GC()

	eng, err := engine.Open(ctx, engine.Config{Root: st.Root()}, st)
	if err != nil {
		return err
	}
	defer eng.Close()
	peer, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer peer.Close()
	if _, err := peer.ExecContext(ctx, fmt.Sprintf(rawView, trail)); err != nil {
		return fmt.Errorf("peer view: %w", err)
	}

	fmt.Printf("%-36s %10s %14s %8s %6s %s\n", "query", "ctlake ms", "duckdb-raw ms", "ratio", "rows", "target >= 10x")
	worst, maxTranslate := -1.0, time.Duration(0)
	peerTimes := map[string]time.Duration{}
	for _, q := range queries.All() {
		base := strings.TrimSuffix(q.Name, "-insights")
		peerSQL, ok := peerQueries[base]
		if !ok {
			continue
		}
		stmt := q.ForStore(eds.ID())
		if q.Lang == "insights" {
			t0 := time.Now()
			parsed, err := cwli.Parse(q.Text)
			if err == nil {
				stmt, _, err = cwli.Translate(parsed, `"`+eds.ID()+`"`)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", q.Name, err)
			}
			maxTranslate = max(maxTranslate, time.Since(t0))
		}
		var times []time.Duration
		var rows int
		for i := 0; i < runs; i++ {
			d, n, err := timeEngine(ctx, eng, stmt)
			if err != nil {
				return fmt.Errorf("%s: %w", q.Name, err)
			}
			times, rows = append(times, d), n
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		ours := times[len(times)/2]
		theirs, seen := peerTimes[base]
		peerRows := rows
		if !seen { // the peer runs each analysis once; both languages are compared with that run
			var err error
			if theirs, peerRows, err = timePeer(ctx, peer, peerSQL); err != nil {
				return fmt.Errorf("%s (peer): %w", q.Name, err)
			}
			peerTimes[base] = theirs
		}
		ratio := theirs.Seconds() / ours.Seconds()
		if worst < 0 || ratio < worst {
			worst = ratio
		}
		rowsNote := fmt.Sprint(rows)
		if rows != peerRows {
			rowsNote = fmt.Sprintf("%d!=%d", rows, peerRows)
		}
		fmt.Printf("%-36s %10.1f %14.1f %7.1fx %6s %s\n", q.Name, ms(ours), ms(theirs), ratio, rowsNote, verdict(ratio >= 10))
	}
	fmt.Printf("\nslowest ratio: %.1fx (target >= 10x: %s)\n", worst, verdict(worst >= 10))
	fmt.Printf("Logs Insights translation: at most %.3f ms per query (target < 5 ms: %s)\n", ms(maxTranslate), verdict(maxTranslate < 5*time.Millisecond))
	return runCorpus(ctx, eng, eds.ID(), corpus)
}

// runCorpus runs AWS's CloudTrail Lake sample queries on the generated store and reports the
// translation time; the samples that are invalid upstream (engine/corpus_test.go lists them
// with the reason) are counted as refused.
func runCorpus(ctx context.Context, eng *engine.Engine, id, dir string) error {
	files, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
	if len(files) == 0 {
		fmt.Printf("AWS sample corpus: %s not found, skipped\n", dir)
		return nil
	}
	var ran, refused int
	var translate, total, worst time.Duration
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		stmt := queries.FillStore(string(data), id)
		var ds [5]time.Duration // the median: the first call of a kind warms caches
		for i := range ds {
			t0 := time.Now()
			_, err = eng.Translate(ctx, stmt)
			ds[i] = time.Since(t0)
		}
		slices.Sort(ds[:])
		d := ds[len(ds)/2]
		translate += d
		worst = max(worst, d)
		if err != nil {
			refused++
			continue
		}
		t1 := time.Now()
		rows, err := eng.Query(ctx, stmt)
		if err != nil {
			refused++
			continue
		}
		for rows.Next() {
		}
		rows.Close()
		total += time.Since(t1)
		ran++
	}
	fmt.Printf("AWS sample corpus: %d queries, %d ran (%.1f ms mean), %d refused; translation %.2f ms mean, %.2f ms max (target < 5 ms: %s)\n",
		len(files), ran, ms(total)/float64(max(ran, 1)), refused, ms(translate)/float64(len(files)), ms(worst), verdict(worst < 5*time.Millisecond))
	return nil
}

func timeEngine(ctx context.Context, eng *engine.Engine, stmt string) (time.Duration, int, error) {
	t0 := time.Now()
	rows, err := eng.Query(ctx, stmt)
	if err != nil {
		return 0, 0, err
	}
	n := 0
	for rows.Next() {
		rows.Values()
		n++
	}
	if err := rows.Close(); err != nil {
		return 0, 0, err
	}
	return time.Since(t0), n, rows.Err()
}

func timePeer(ctx context.Context, db *sql.DB, stmt string) (time.Duration, int, error) {
	t0 := time.Now()
	rows, err := db.QueryContext(ctx, stmt)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return time.Since(t0), n, rows.Err()
}

func mb(b int64) float64         { return float64(b) / 1e6 }
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// startProfile starts a CPU profile into path (nothing when path is empty) and returns its stop.
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// usage is the CPU time and page faults of this process so far.
type usage struct {
	user, sys time.Duration
	faults    int64 // minor and major page faults
}

func cpuUsage() usage {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return usage{}
	}
	return usage{time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), ru.Minflt + ru.Majflt}
}

// perEvent prints the CPU and page faults between two usages, per event.
func (u usage) perEvent(since usage, events int64) string {
	us := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(events) }
	user, sys := u.user-since.user, u.sys-since.sys
	return fmt.Sprintf("CPU %.1f µs/event (user %.1f + system %.1f, all cores), %.0f page faults per 1,000 events",
		us(user+sys), us(user), us(sys), float64(u.faults-since.faults)*1000/float64(events))
}
