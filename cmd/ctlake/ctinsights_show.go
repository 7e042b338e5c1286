package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/ctlake/ctlake/insights"
	"github.com/ctlake/ctlake/insights/chart"
	"github.com/ctlake/ctlake/store"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func insightsListCmd(a *app) *cobra.Command {
	var dest, output string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the insights of the Insights stores (or --destination), oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			all, err := insights.ListInsights(cmd.Context(), st, dest)
			if err != nil {
				return err
			}
			if output == "json" {
				return printJSON(all)
			}
			t := newTable(os.Stdout, 70, "ID", "Start (UTC)", "Minutes", "Type", "API", "Error", "Region", "Baseline/min", "Insight/min")
			for _, in := range all {
				stats := in.Last().InsightDetails.InsightContext.Statistics
				minutes := "open"
				if in.EndRecord != nil {
					minutes = strconv.Itoa(stats.InsightDuration)
				}
				t.Append(in.SharedEventID, in.Start.Format("2006-01-02 15:04"), minutes, in.Key.InsightType,
					in.Key.EventSource+" "+in.Key.EventName, in.Key.ErrorCode, in.Key.Region,
					number(float64(stats.Baseline.Average)), number(float64(stats.Insight.Average)))
			}
			if err := t.Render(); err != nil {
				return err
			}
			fmt.Printf("(%d insights)\n", len(all))
			return nil
		},
	}
	cmd.Flags().StringVar(&dest, "destination", "", "this Insights store only")
	cmd.Flags().StringVar(&output, "output", "table", "table or json")
	return cmd
}

func insightsShowCmd(a *app) *cobra.Command {
	var dest, source, image string
	var before, after time.Duration
	var width, height int
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Draw an insight's graph (call volume, the insight highlighted) and its attributions",
		Long: `show finds an insight by its sharedEventID or the eventID of its Start or End record (8 or more
leading characters are enough), draws the per-minute volume of its API around it with the
insight's span highlighted and the baseline average as a line, like the console's Insights
graph, and prints the statistics and the attribution tables (top user identities, user agents
and error codes, during the insight and in the baseline). --image writes the graph as SVG or
PNG.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			in, err := insights.FindInsight(cmd.Context(), st, dest, args[0])
			if err != nil {
				return err
			}
			if source == "" {
				if source, err = sourceOf(cmd.Context(), st, in.Destination); err != nil {
					return err
				}
			}
			g, err := insightGraph(cmd.Context(), st, source, in, before, after)
			if err != nil {
				return err
			}
			if image != "" {
				if err := chart.WriteImage(g, image, 1200, 500); err != nil {
					return err
				}
			}
			out := os.Stdout
			color := term.IsTerminal(int(out.Fd()))
			if width == 0 {
				width = 100
				if w, _, err := term.GetSize(int(out.Fd())); err == nil && w > 40 {
					width = w
				}
			}
			text, err := chart.Terminal(g, width, height, color)
			if err != nil {
				return err
			}
			fmt.Fprintln(out, text)
			printInsightDetails(out, in)
			if image != "" {
				fmt.Fprintln(out, "graph written to", image)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&dest, "destination", "", "the Insights store (default: every Insights destination)")
	f.StringVar(&source, "source", "", "the store the insight was found in (default: the destination's source)")
	f.StringVar(&image, "image", "", "also write the graph to this .svg or .png file")
	f.DurationVar(&before, "before", 2*time.Hour, "how much of the graph comes before the insight")
	f.DurationVar(&after, "after", time.Hour, "how much of the graph comes after the insight")
	f.IntVar(&width, "width", 0, "chart width in cells (default: the terminal's)")
	f.IntVar(&height, "height", 18, "chart height in lines")
	return cmd
}

// sourceOf returns the source store whose insights go to destination.
func sourceOf(ctx context.Context, st *store.Store, destination string) (string, error) {
	d, err := st.GetEDS(ctx, destination)
	if err != nil {
		return "", err
	}
	sels, err := insights.List(ctx, st)
	if err != nil {
		return "", err
	}
	for _, s := range sels {
		if s.InsightsDestination == d.EventDataStoreArn {
			return s.EventDataStoreArn, nil
		}
	}
	return "", fmt.Errorf("%w: no store with Insights enabled sends its insights to %s: name the source with --source", insights.ErrNotEnabled, d.Name)
}

// insightGraph reads the insight's series around it.
func insightGraph(ctx context.Context, st *store.Store, source string, in *insights.Insight, before, after time.Duration) (chart.Graph, error) {
	end := in.End
	if end.IsZero() { // still open: up to the newest minute processed
		end = in.Start.Add(time.Minute)
	}
	k := in.Key
	m, err := insights.Metrics(ctx, st, insights.MetricsInput{Source: source, EventSource: k.EventSource, EventName: k.EventName,
		InsightType: k.InsightType, ErrorCode: k.ErrorCode, Account: k.Account, Region: k.Region,
		StartTime: in.Start.Add(-before), EndTime: end.Add(after)})
	if err != nil {
		return chart.Graph{}, err
	}
	g := chart.Graph{
		Title:    fmt.Sprintf("%s %s — %s (%s, %s)", k.EventSource, k.EventName, k.InsightType, k.Region, k.Account),
		YLabel:   "API calls per minute",
		Start:    in.Start,
		End:      end,
		Baseline: float64(in.Last().InsightDetails.InsightContext.Statistics.Baseline.Average),
	}
	if k.InsightType == insights.ErrorRate {
		g.YLabel = k.ErrorCode + " errors per minute"
	}
	for i, t := range m.Timestamps {
		g.Series = append(g.Series, chart.Point{Time: t, Value: m.Values[i]})
	}
	return g, nil
}

// printInsightDetails prints the statistics and the attribution tables (the console's
// Attributions tab).
func printInsightDetails(w io.Writer, in *insights.Insight) {
	r := in.Last()
	st := r.InsightDetails.InsightContext.Statistics
	state := "open (no End record yet)"
	if in.EndRecord != nil {
		state = fmt.Sprintf("%s – %s UTC, %d minutes", in.Start.Format("2006-01-02 15:04"), in.End.Format("15:04"), st.InsightDuration)
	}
	fmt.Fprintf(w, "\nInsight %s: %s\n", in.SharedEventID, state)
	fmt.Fprintf(w, "  baseline average %s per minute over %d minutes; insight average %s per minute\n\n",
		number(float64(st.Baseline.Average)), st.BaselineDuration, number(float64(st.Insight.Average)))
	titles := map[string]string{"userIdentityArn": "Top user identity ARNs", "userAgent": "Top user agents", "errorCode": "Top error codes"}
	for _, a := range r.InsightDetails.InsightContext.Attributions {
		fmt.Fprintln(w, titles[a.Attribute])
		t := newTable(w, 70, "Value", "Insight average", "Baseline average")
		base := map[string]float64{}
		for _, v := range a.Baseline {
			base[v.Value] = float64(v.Average)
		}
		shown := map[string]bool{}
		for _, v := range a.Insight {
			shown[v.Value] = true
			b := "-"
			if x, ok := base[v.Value]; ok {
				b = number(x)
			}
			t.Append(v.Value, number(float64(v.Average)), b)
		}
		for _, v := range a.Baseline {
			if !shown[v.Value] {
				t.Append(v.Value, "-", number(float64(v.Average)))
			}
		}
		t.Render()
		fmt.Fprintln(w)
	}
}

func number(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
