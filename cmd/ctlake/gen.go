package main

import (
	"fmt"
	"time"

	"github.com/ctlake/ctlake/testdata/gen"
	"github.com/spf13/cobra"
)

func newGenCmd() *cobra.Command {
	var (
		cfg   gen.Config
		out   string
		start string
	)
	cmd := &cobra.Command{
		Use:   "gen --events N --out DIR",
		Short: "Generate realistic CloudTrail events as trail-layout .json.gz files",
		Long: `Gen writes deterministic, realistic CloudTrail events (many services, IAM users,
assumed roles, AWS services and root, reads and writes, errors, console sign-ins, data
events, a daily rhythm) under DIR/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/.
The same seed and flags give the same files.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if start != "" {
				t, err := parseTime(start)
				if err != nil {
					return fmt.Errorf("--start: %w", err)
				}
				cfg.Start = t
			}
			st, err := gen.Generate(cmd.Context(), cfg, out)
			if err != nil {
				return err
			}
			fmt.Printf("generated %d events in %d files (%.1f MB gzip) under %s in %s (%.0f events/s)\n",
				st.Events, st.Files, float64(st.Bytes)/1e6, out, st.Elapsed.Round(time.Millisecond),
				float64(st.Events)/st.Elapsed.Seconds())
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&cfg.Events, "events", 100_000, "number of events")
	f.StringVar(&out, "out", "", "output folder")
	f.Int64Var(&cfg.Seed, "seed", 1, "random seed")
	f.StringVar(&start, "start", "", "first day (default: 7 days before today, UTC)")
	f.IntVar(&cfg.Days, "days", 7, "number of days")
	cmd.MarkFlagRequired("out")
	return cmd
}

func newCompactCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "compact STORE",
		Short: "Merge small Parquet files and apply retention (ingest does this too)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			res, err := st.Compact(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			fmt.Printf("compacted %s: %d files -> %d files\n", args[0], res.FilesBefore, res.FilesAfter)
			return nil
		},
	}
}
