package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ctlake/ctlake/engine"
	"github.com/ctlake/ctlake/ingest"
	"github.com/ctlake/ctlake/queries"
	"github.com/ctlake/ctlake/store"
	"github.com/ctlake/ctlake/testdata/gen"
	"github.com/spf13/cobra"
)

// The demo week: the 7 whole days before today.
const demoDays = 7

func demoStart() time.Time { return time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -demoDays) }

func newDemoCmd(a *app) *cobra.Command {
	var (
		events int
		name   string
		q      queryFlags
	)
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Generate a week of events, ingest them into a store, run the sample analyses and CloudTrail Insights",
		Long: `Demo is the quick start: it generates realistic CloudTrail events (once), creates the
event data store "demo" in the default store folder (once), ingests the events (again
adding nothing on a re-run) and prints the answers of the twelve sample analyses. Then it adds
seed 004's RunInstances example to the week, creates the Insights store "demo-insights",
enables CloudTrail Insights and runs the job once.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := a.store()
			if err != nil {
				return err
			}
			dir := filepath.Join(st.Root(), "demo-trail", fmt.Sprintf("%d-events", events))
			if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
				gs, err := gen.Generate(ctx, gen.Config{Events: events, Seed: 1, Start: demoStart(), Days: demoDays}, dir+".tmp")
				if err != nil {
					return err
				}
				if err := os.Rename(dir+".tmp", dir); err != nil {
					return err
				}
				fmt.Printf("== generated %d events in %d trail files (%.1f MB gzip) in %s\n", gs.Events, gs.Files, float64(gs.Bytes)/1e6, gs.Elapsed.Round(time.Millisecond))
			}
			eds, err := st.GetEDS(ctx, name)
			if errors.Is(err, store.ErrNotFound) {
				sels, perr := store.ParseSelectors([]byte(gen.Selectors))
				if perr != nil {
					return perr
				}
				eds, err = st.CreateEDS(ctx, store.CreateInput{Name: name, AdvancedEventSelectors: sels, RetentionPeriod: 30})
				if err == nil {
					fmt.Printf("== created event data store %s (%s)\n", eds.Name, eds.ID())
				}
			}
			if err != nil {
				return err
			}
			t0 := time.Now()
			imp, _, err := ingest.Run(ctx, st, ingest.Options{EDS: eds.ID(), Paths: []string{dir}})
			if err != nil {
				return err
			}
			s := imp.ImportStatistics
			fmt.Printf("== ingested %d files in %s: %d events stored, %d already there, %d filtered by selectors, %d failures\n",
				s.FilesCompleted, time.Since(t0).Round(time.Millisecond), s.EventsCompleted, s.EventsDuplicate, s.EventsFiltered, s.FailedEntries)
			eng, err := a.openEngine(cmd, q)
			if err != nil {
				return err
			}
			defer eng.Close()
			for _, lq := range queries.All() {
				if lq.Lang != store.LangSQL || engine.CountParameters(lq.Text) > 0 {
					continue // the Logs Insights twins and queries that need --param: ctlake queries run
				}
				fmt.Printf("\n== %s  [%s]\n", lq.Title, lq.Name)
				rows, err := eng.Query(ctx, lq.ForStore(eds.ID()))
				if err != nil {
					return fmt.Errorf("%s: %w", lq.Name, err)
				}
				_, err = writeResults(os.Stdout, "table", rowsResult{rows})
				if cerr := rows.Close(); err == nil {
					err = cerr
				}
				if err != nil {
					return fmt.Errorf("%s: %w", lq.Name, err)
				}
				st := rows.Stats()
				fmt.Printf("(%d ms, %d events scanned)\n", st.ExecutionTime.Milliseconds(), st.EventsScanned)
			}
			return demoInsights(ctx, st, eds, demoStart(), demoDays)
		},
	}
	cmd.Flags().IntVar(&events, "events", 200_000, "events to generate")
	cmd.Flags().StringVar(&name, "name", "demo", "event data store name")
	q.register(cmd)
	return cmd
}
