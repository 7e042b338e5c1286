package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ctlake/ctlake/insights"
	"github.com/ctlake/ctlake/store"
	"github.com/go-co-op/gocron/v2"
	"github.com/spf13/cobra"
)

func insightsScheduleCmd(a *app) *cobra.Command {
	var every time.Duration
	var cron, source string
	var delay time.Duration
	cmd := &cobra.Command{
		Use:   "schedule [--every 5m | --cron EXPR]",
		Short: "Run the Insights job on an interval or a cron schedule until interrupted",
		Long: `schedule runs the job now and then every --every (default 1m) or on a 5-field --cron
expression (UTC), until Ctrl-C or SIGTERM. Runs never overlap; each one processes the minutes
since the last one, so an anomaly shows up within one interval. Stopping and starting again
continues where the job stopped. --delay leaves the newest minutes for a later run, for trails
whose files arrive a few minutes late.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			def := gocron.DurationJob(every)
			if cron != "" {
				def = gocron.CronJob(cron, false)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return schedule(ctx, st, def, insights.RunOptions{Source: source}, delay)
		},
	}
	cmd.Flags().DurationVar(&every, "every", time.Minute, "interval between runs")
	cmd.Flags().StringVar(&cron, "cron", "", `cron expression instead of --every, e.g. "*/5 * * * *"`)
	cmd.Flags().StringVar(&source, "source", "", "run for this source store only")
	cmd.Flags().DurationVar(&delay, "delay", 0, "process only minutes older than this")
	return cmd
}

// schedule runs the job with gocron until ctx ends. A failed run is reported and the schedule
// goes on: the next run retries the same minutes.
func schedule(ctx context.Context, st *store.Store, def gocron.JobDefinition, opts insights.RunOptions, delay time.Duration) error {
	s, err := gocron.NewScheduler(gocron.WithLocation(time.UTC))
	if err != nil {
		return err
	}
	task := func() {
		o := opts
		o.At = st.Now().Add(-delay)
		rep, err := insights.Run(ctx, st, o)
		stamp := time.Now().UTC().Format(time.RFC3339)
		if err != nil {
			if ctx.Err() == nil {
				fmt.Fprintf(os.Stderr, "%s insights run failed: %v\n", stamp, err)
			}
			return
		}
		fmt.Printf("%s ", stamp)
		printRunReport(rep, "text")
	}
	if _, err := s.NewJob(def, gocron.NewTask(task), gocron.WithSingletonMode(gocron.LimitModeReschedule),
		gocron.WithStartAt(gocron.WithStartImmediately())); err != nil {
		return fmt.Errorf("%w: schedule: %w", store.ErrInvalidParameter, err)
	}
	s.Start()
	fmt.Fprintln(os.Stderr, "insights schedule started; Ctrl-C stops it")
	<-ctx.Done()
	return s.Shutdown()
}
