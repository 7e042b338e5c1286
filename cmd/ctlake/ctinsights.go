package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ctlake/ctlake/insights"
	"github.com/ctlake/ctlake/store"
	"github.com/spf13/cobra"
)

// `ctlake insights`: CloudTrail Insights (anomalies in API call and error rates), not to be
// confused with the Logs Insights query language (`ctlake query --lang insights`).
func newInsightsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "insights",
		Short: "CloudTrail Insights: unusual API call and error rates, as Start/End records in an Insights store",
		Long: `CloudTrail Insights watches the write management calls (ApiCallRateInsight) and the errors
(ApiErrorRateInsight) of a source event data store, per minute and per API, against a baseline
of the previous 7 days, and writes an Insights Start record when the rate becomes unusual and an
End record when it is normal again, into an Insights destination store.

  ctlake eds create trail-insights --selectors '[{"Name":"insights","FieldSelectors":[{"Field":"eventCategory","Equals":["Insight"]}]}]'
  ctlake insights enable --source trail --destination trail-insights
  ctlake insights run                      # or: ctlake insights schedule --every 5m
  ctlake insights list
  ctlake insights show <id> --image graph.svg
  ctlake query 'SELECT * FROM "trail-insights".baseline LIMIT 10'`,
	}
	cmd.AddCommand(insightsEnableCmd(a), insightsGetCmd(a), insightsDisableCmd(a), insightsRunCmd(a),
		insightsScheduleCmd(a), insightsListCmd(a), insightsShowCmd(a), insightsMetricsCmd(a))
	return cmd
}

func insightsEnableCmd(a *app) *cobra.Command {
	var in insights.EnableInput
	var types string
	cmd := &cobra.Command{
		Use:   "enable --source STORE --destination STORE",
		Short: "Turn Insights on for a store (PutInsightSelectors); prints the selectors",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			if types != "" {
				in.Types = strings.Split(types, ",")
			}
			s, err := insights.Enable(cmd.Context(), st, in)
			if err != nil {
				return err
			}
			return printJSON(s)
		},
	}
	cmd.Flags().StringVar(&in.Source, "source", "", "the store whose management events are analysed (required)")
	cmd.Flags().StringVar(&in.Destination, "destination", "", "the Insights store the records go to (required)")
	cmd.Flags().StringVar(&types, "types", "", "insight types, comma-separated (default ApiCallRateInsight,ApiErrorRateInsight)")
	cmd.Flags().StringVar(&in.DeliverTo, "deliver", "", "also write trail files under AWSLogs/<account>/CloudTrail-Insight/ here (s3://bucket/prefix or a folder)")
	cmd.MarkFlagRequired("source")
	cmd.MarkFlagRequired("destination")
	return cmd
}

func sourceCmd(a *app, use, short string, fn func(context.Context, *store.Store, string) (any, error)) *cobra.Command {
	var source string
	cmd := &cobra.Command{
		Use:   use + " --source STORE",
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			v, err := fn(cmd.Context(), st, source)
			if err != nil {
				return err
			}
			return printJSON(v)
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "the source store (required)")
	cmd.MarkFlagRequired("source")
	return cmd
}

func insightsGetCmd(a *app) *cobra.Command {
	return sourceCmd(a, "get", "Print a store's insight selectors (GetInsightSelectors)",
		func(ctx context.Context, st *store.Store, source string) (any, error) {
			return insights.Get(ctx, st, source)
		})
}

func insightsDisableCmd(a *app) *cobra.Command {
	return sourceCmd(a, "disable", "Turn Insights off for a store; its insights and baselines stay",
		func(ctx context.Context, st *store.Store, source string) (any, error) {
			return insights.Disable(ctx, st, source)
		})
}

func insightsRunCmd(a *app) *cobra.Command {
	var at, since, source, output string
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run the Insights job once over the minutes not processed yet",
		Long: `run processes, for every store with Insights enabled (or --source), the minutes from where the
last run stopped up to now (or --at), writes the Start and End records of the insights it finds
and the day's baselines, and remembers where it stopped. Running it again for the same time adds
nothing. The first run of a source starts one day after its oldest event, or at --since.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			opts := insights.RunOptions{Source: source}
			if opts.At, err = optTime("at", at); err != nil {
				return err
			}
			if opts.Since, err = optTime("since", since); err != nil {
				return err
			}
			rep, err := insights.Run(cmd.Context(), st, opts)
			if err != nil {
				return err
			}
			return printRunReport(rep, output)
		},
	}
	cmd.Flags().StringVar(&at, "at", "", "process the minutes before this time (default now)")
	cmd.Flags().StringVar(&since, "since", "", "skip the minutes before this time")
	cmd.Flags().StringVar(&source, "source", "", "run for this source store only")
	cmd.Flags().StringVar(&output, "output", "text", "text or json")
	return cmd
}

func optTime(name, v string) (time.Time, error) {
	t, err := parseTimeFlag(name, v)
	if err != nil || t == nil {
		return time.Time{}, err
	}
	return *t, nil
}

func printRunReport(rep *insights.Report, output string) error {
	switch output {
	case "json":
		return printJSON(rep)
	case "text":
	default:
		return fmt.Errorf("%w: --output %q: use text or json", store.ErrInvalidParameter, output)
	}
	if len(rep.Sources) == 0 {
		fmt.Println("no store has Insights enabled (ctlake insights enable --source STORE --destination STORE)")
		return nil
	}
	for _, s := range rep.Sources {
		if s.Minutes == 0 && s.From.IsZero() {
			fmt.Printf("%s → %s: nothing new to process\n", s.Source, s.Destination)
			continue
		}
		fmt.Printf("%s → %s: %s to %s, %d minutes, %d events, %d series: %d insights started, %d ended, %d open\n",
			s.Source, s.Destination, s.From.Format("2006-01-02 15:04"), s.To.Format("2006-01-02 15:04"),
			s.Minutes, s.Events, s.Series, s.Started, s.Ended, s.Open)
		for _, u := range s.Delivered {
			fmt.Println("  delivered", u)
		}
	}
	fmt.Printf("(%.2f s)\n", rep.Elapsed.Seconds())
	return nil
}

func insightsMetricsCmd(a *app) *cobra.Command {
	var in insights.MetricsInput
	var start, end string
	cmd := &cobra.Command{
		Use:   "metrics --source STORE --event-source S --event-name N --type T",
		Short: "Print an API's calls or errors per period (ListInsightsMetricData)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			if in.StartTime, err = optTime("start-time", start); err != nil {
				return err
			}
			if in.EndTime, err = optTime("end-time", end); err != nil {
				return err
			}
			if in.Source == "" {
				if in.Source, err = onlySource(cmd.Context(), st); err != nil {
					return err
				}
			}
			out, err := insights.Metrics(cmd.Context(), st, in)
			if err != nil {
				return err
			}
			return printJSON(out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&in.Source, "source", "", "the source store (default: the only store with Insights enabled)")
	f.StringVar(&in.EventSource, "event-source", "", "e.g. ec2.amazonaws.com (required)")
	f.StringVar(&in.EventName, "event-name", "", "e.g. RunInstances (required)")
	f.StringVar(&in.InsightType, "type", insights.CallRate, "ApiCallRateInsight or ApiErrorRateInsight")
	f.StringVar(&in.ErrorCode, "error-code", "", "ApiErrorRateInsight: count this error code only")
	f.StringVar(&in.Account, "account", "", "this account only (default all)")
	f.StringVar(&in.Region, "region", "", "this region only (default all)")
	f.IntVar(&in.Period, "period", 60, "seconds per value, 60 to 3600")
	f.StringVar(&in.DataType, "data-type", insights.FillWithZeros, "FillWithZeros or NonZeroData")
	f.StringVar(&start, "start-time", "", "default: 24 hours before the end")
	f.StringVar(&end, "end-time", "", "default: just after the newest event")
	cmd.MarkFlagRequired("event-source")
	cmd.MarkFlagRequired("event-name")
	return cmd
}

// onlySource returns the one store with Insights enabled.
func onlySource(ctx context.Context, st *store.Store) (string, error) {
	sels, err := insights.List(ctx, st)
	if err != nil {
		return "", err
	}
	switch len(sels) {
	case 0:
		return "", fmt.Errorf("%w: no store has Insights enabled", insights.ErrNotEnabled)
	case 1:
		return sels[0].EventDataStoreArn, nil
	}
	return "", fmt.Errorf("%w: %d stores have Insights enabled: name one with --source", insights.ErrInvalidParameter, len(sels))
}
