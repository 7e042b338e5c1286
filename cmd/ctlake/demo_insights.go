package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ctlake/ctlake/ingest"
	"github.com/ctlake/ctlake/insights"
	"github.com/ctlake/ctlake/store"
)

// demoInsights is the demo's CloudTrail Insights part: seed 004's example (RunInstances three
// times a day, then six in one minute) added to the demo week, an Insights store, one run of
// the job, and the insights it found.
func demoInsights(ctx context.Context, st *store.Store, source *store.EventDataStore, day0 time.Time, days int) error {
	dir := filepath.Join(st.Root(), "demo-trail", "seed-004")
	if err := writeSeed004(dir, day0, days); err != nil {
		return err
	}
	if _, _, err := ingest.Run(ctx, st, ingest.Options{EDS: source.ID(), Paths: []string{dir}}); err != nil {
		return err
	}
	name := source.Name + "-insights"
	if _, err := st.GetEDS(ctx, name); errors.Is(err, store.ErrNotFound) {
		sels := []store.AdvancedEventSelector{{Name: "insights", FieldSelectors: []store.FieldSelector{{Field: "eventCategory", Equals: []string{"Insight"}}}}}
		if _, err := st.CreateEDS(ctx, store.CreateInput{Name: name, AdvancedEventSelectors: sels, RetentionPeriod: 30}); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if _, err := insights.Enable(ctx, st, insights.EnableInput{Source: source.ID(), Destination: name}); err != nil {
		return err
	}
	rep, err := insights.Run(ctx, st, insights.RunOptions{Source: source.ID()})
	if err != nil {
		return err
	}
	fmt.Printf("\n== CloudTrail Insights on %s → %s\n", source.Name, name)
	if err := printRunReport(rep, "text"); err != nil {
		return err
	}
	all, err := insights.ListInsights(ctx, st, name)
	if err != nil {
		return err
	}
	for _, in := range all {
		s := in.Last().InsightDetails.InsightContext.Statistics
		fmt.Printf("  %s  %s  %s %s %s (%s): baseline %s/min, insight %s/min\n", in.SharedEventID, in.Start.Format("2006-01-02 15:04"),
			in.Key.InsightType, in.Key.EventSource, in.Key.EventName, in.Key.Region, number(float64(s.Baseline.Average)), number(float64(s.Insight.Average)))
	}
	fmt.Printf("(ctlake insights show ID draws one; ctlake query 'SELECT * FROM \"%s\".baseline' shows the baselines)\n", name)
	return nil
}

// writeSeed004 writes the seed-004 example into dir (once): RunInstances in eu-north-1 three
// times a day on every day but the last, then six calls in the minute 13:25 of the last day.
func writeSeed004(dir string, day0 time.Time, days int) error {
	path := filepath.Join(dir, "seed-004.json")
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	var recs []map[string]any
	add := func(t time.Time, user string) {
		recs = append(recs, map[string]any{
			"eventVersion": "1.08", "eventTime": t.Format(time.RFC3339), "eventSource": "ec2.amazonaws.com", "eventName": "RunInstances",
			"awsRegion": "eu-north-1", "eventID": fmt.Sprintf("5eed0004-0000-4000-8000-%012d", len(recs)), "readOnly": false,
			"eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "123456789012", "eventCategory": "Management",
			"userIdentity": map[string]any{"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/" + user},
			"userAgent":    "aws-cli/2.15.0", "sourceIPAddress": "198.51.100.7",
		})
	}
	for d := 0; d < days-1; d++ {
		for _, h := range []int{2, 10, 18} {
			add(day0.AddDate(0, 0, d).Add(time.Duration(h)*time.Hour+7*time.Minute), "ops")
		}
	}
	spike := day0.AddDate(0, 0, days-1).Add(13*time.Hour + 25*time.Minute)
	for i := 0; i < 6; i++ {
		add(spike.Add(time.Duration(i)*time.Second), "mallory")
	}
	body, err := json.Marshal(map[string]any{"Records": recs})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, body, 0o644)
}
