package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ctlake/ctlake/testdata/moto"
)

const insightsSelectors = `[{"Name":"insights","FieldSelectors":[{"Field":"eventCategory","Equals":["Insight"]}]}]`

// anomalyTrail writes a trail file with three anomalies over a week of their APIs' usual
// activity, in a region the generator does not use, and returns its folder.
func anomalyTrail(t *testing.T, day0 time.Time) string {
	t.Helper()
	var recs []map[string]any
	n := 0
	add := func(at time.Time, source, name, errorCode, user string) {
		n++
		r := map[string]any{
			"eventVersion": "1.08", "eventTime": at.UTC().Format(time.RFC3339), "eventSource": source, "eventName": name,
			"awsRegion": "eu-north-1", "eventID": fmt.Sprintf("aaaaaaaa-0000-4000-8000-%012d", n), "readOnly": false,
			"eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "123456789012", "eventCategory": "Management",
			"userIdentity": map[string]any{"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/" + user},
			"userAgent":    "aws-cli/2.15.0", "sourceIPAddress": "198.51.100.7",
		}
		if errorCode != "" {
			r["errorCode"] = errorCode
		}
		recs = append(recs, r)
	}
	for d := 0; d < 9; d++ {
		day := day0.AddDate(0, 0, d)
		for _, h := range []int{2, 10, 18} { // RunInstances 3 times a day (seed 004)
			add(day.Add(time.Duration(h)*time.Hour+7*time.Minute), "ec2.amazonaws.com", "RunInstances", "", "ops")
		}
		for _, h := range []int{4, 16} { // TerminateInstances twice a day
			add(day.Add(time.Duration(h)*time.Hour+30*time.Minute), "ec2.amazonaws.com", "TerminateInstances", "", "ops")
		}
		add(day.Add(12*time.Hour), "iam.amazonaws.com", "DeleteInstanceProfile", "", "ops")
	}
	spike := day0.AddDate(0, 0, 7).Add(13*time.Hour + 25*time.Minute)
	for i := 0; i < 6; i++ {
		add(spike.Add(time.Duration(i)*time.Second), "ec2.amazonaws.com", "RunInstances", "", "mallory")
	}
	long := day0.AddDate(0, 0, 8).Add(10 * time.Hour)
	for m := 0; m < 3; m++ {
		for i := 0; i < 10; i++ {
			add(long.Add(time.Duration(m)*time.Minute+time.Duration(i)*time.Second), "ec2.amazonaws.com", "TerminateInstances", "", "mallory")
		}
	}
	denied := day0.AddDate(0, 0, 8).Add(15 * time.Hour)
	for m := 0; m < 2; m++ {
		for i := 0; i < 12; i++ {
			add(denied.Add(time.Duration(m)*time.Minute+time.Duration(i)*time.Second), "iam.amazonaws.com", "DeleteInstanceProfile", "AccessDeniedException", "mallory")
		}
	}
	dir := filepath.Join(t.TempDir(), "anomalies")
	os.MkdirAll(dir, 0o755)
	body, _ := json.Marshal(map[string]any{"Records": recs})
	if err := os.WriteFile(filepath.Join(dir, "anomalies.json"), body, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

type insightRow struct {
	SharedEventID string
	Start, End    time.Time
	Series        struct{ EventName, InsightType, ErrorCode, AwsRegion string }
}

// The user story of CloudTrail Insights: enable it on a store, ingest more than a week with
// anomalies, run the job, find the Start/End records (also in the bucket), query the baseline
// table, and look at the graph; runs are incremental and idempotent, and an open insight is
// continued by the next run.
func TestInsightsEndToEnd(t *testing.T) {
	c := newCLI(t)
	srv := moto.Start(t)
	srv.AWS("s3", "mb", "s3://insights-bucket")
	day0 := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -10)
	trail := filepath.Join(t.TempDir(), "trail")
	c.ok("gen", "--events", "60000", "--out", trail, "--seed", "7", "--start", day0.Format("2006-01-02"), "--days", "9")
	c.ok("eds", "create", "trail")
	c.ok("eds", "create", "trail-insights", "--selectors", insightsSelectors)

	c.ok("eds", "create", "other")
	c.fails([]string{"InvalidParameterException", "trail-insights does not log management events"}, "insights", "enable", "--source", "trail-insights", "--destination", "trail")
	c.fails([]string{"InvalidParameterException", "other is not an Insights event data store"}, "insights", "enable", "--source", "trail", "--destination", "other")
	c.fails([]string{"InvalidParameterException", "the same store"}, "insights", "enable", "--source", "trail", "--destination", "trail")
	c.fails([]string{"InvalidInsightSelectorsException", "ApiCallRate"}, "insights", "enable", "--source", "trail", "--destination", "trail-insights", "--types", "ApiCallRate")
	c.fails([]string{"InsightNotEnabledException"}, "insights", "get", "--source", "trail")
	c.ok("insights", "enable", "--source", "trail", "--destination", "trail-insights", "--deliver", "s3://insights-bucket/org")
	var sel struct {
		InsightSelectors    []struct{ InsightType string }
		InsightsDestination string
	}
	c.jsonOut(&sel, "insights", "get", "--source", "trail")
	if len(sel.InsightSelectors) != 2 || !strings.Contains(sel.InsightsDestination, ":eventdatastore/") {
		t.Fatalf("get-insight-selectors: %+v", sel)
	}

	c.ok("ingest", "--eds", "trail", trail, anomalyTrail(t, day0))
	// Run up to the middle of the 3-minute TerminateInstances spike: its Start is written and
	// it stays open.
	mid := day0.AddDate(0, 0, 8).Add(10*time.Hour + time.Minute + 30*time.Second)
	c.ok("insights", "run", "--at", mid.Format(time.RFC3339))
	var open []insightRow
	c.jsonOut(&open, "insights", "list", "--output", "json")
	if len(open) != 2 || !open[1].End.IsZero() || open[1].Series.EventName != "TerminateInstances" {
		t.Fatalf("after the first run: %+v", open)
	}
	end := day0.AddDate(0, 0, 9)
	out := c.ok("insights", "run", "--at", end.Format(time.RFC3339))
	if !strings.Contains(out, "1 insights started, 1 ended") && !strings.Contains(out, "insights started") {
		t.Fatalf("second run: %s", out)
	}
	// The same window again adds nothing.
	if out := c.ok("insights", "run", "--at", end.Format(time.RFC3339)); !strings.Contains(out, "nothing new") {
		t.Errorf("a repeated run did something: %s", out)
	}
	var all []insightRow
	c.jsonOut(&all, "insights", "list", "--output", "json")
	want := []struct {
		name, typ, code string
		start           time.Time
		minutes         int
	}{
		{"RunInstances", "ApiCallRateInsight", "", day0.AddDate(0, 0, 7).Add(13*time.Hour + 25*time.Minute), 1},
		{"TerminateInstances", "ApiCallRateInsight", "", day0.AddDate(0, 0, 8).Add(10 * time.Hour), 3},
		// The denied calls are writes too: their rate is an insight of its own.
		{"DeleteInstanceProfile", "ApiCallRateInsight", "", day0.AddDate(0, 0, 8).Add(15 * time.Hour), 2},
		{"DeleteInstanceProfile", "ApiErrorRateInsight", "AccessDeniedException", day0.AddDate(0, 0, 8).Add(15 * time.Hour), 2},
	}
	if len(all) != len(want) {
		t.Fatalf("got %d insights, want %d (no false ones on the generated week): %+v", len(all), len(want), all)
	}
	for i, w := range want {
		g := all[i]
		if g.Series.EventName != w.name || g.Series.InsightType != w.typ || g.Series.ErrorCode != w.code ||
			!g.Start.Equal(w.start) || !g.End.Equal(w.start.Add(time.Duration(w.minutes)*time.Minute)) {
			t.Errorf("insight %d: %+v, want %+v", i, g, w)
		}
	}
	if all[1].SharedEventID != open[1].SharedEventID {
		t.Errorf("the open insight was restarted: %s then %s", open[1].SharedEventID, all[1].SharedEventID)
	}

	// The records are queryable with SQL, in CloudTrail's format.
	rows := c.rows(`SELECT eventTime, eventJson FROM "trail-insights" WHERE element_at(insightDetails, 'eventName') = 'RunInstances' ORDER BY eventTime`)
	if len(rows) != 2 {
		t.Fatalf("RunInstances records: %v", rows)
	}
	startJSON := rows[0]["eventJson"].(string)
	for _, part := range []string{`{"eventVersion":"1.07","eventTime":"`, `"eventType":"AwsCloudTrailInsight","recipientAccountId":"123456789012","sharedEventID":"`,
		`"insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight","insightContext":{"statistics":{"baseline":{"average":0.0020833333},"insight":{"average":6},"baselineDuration":10080},"attributions":[{"attribute":"userIdentityArn","insight":[{"value":"arn:aws:iam::123456789012:user/mallory","average":6}]`,
		`"eventCategory":"Insight"}`} {
		if !strings.Contains(startJSON, part) {
			t.Errorf("Start record lacks %s:\n%s", part, startJSON)
		}
	}
	if !strings.Contains(rows[1]["eventJson"].(string), `"insightDuration":1,"baselineDuration":10080`) {
		t.Errorf("End record: %s", rows[1]["eventJson"])
	}

	// The baseline table.
	base := c.rows(`SELECT baseline_average, baseline_duration, day FROM "trail-insights".baseline
		WHERE event_name = 'RunInstances' AND aws_region = 'eu-north-1' AND insight_type = 'ApiCallRateInsight' ORDER BY day`)
	if len(base) != 2 || base[0]["baseline_duration"].(float64) != 10080 || fmt.Sprint(base[0]["baseline_average"]) != "0.0020833333333333333" {
		t.Errorf("baseline rows: %v", base)
	}

	// The series (ListInsightsMetricData).
	var m struct {
		Timestamps []time.Time
		Values     []float64
	}
	spike := want[0].start
	c.jsonOut(&m, "insights", "metrics", "--event-source", "ec2.amazonaws.com", "--event-name", "RunInstances", "--region", "eu-north-1",
		"--start-time", spike.Add(-2*time.Minute).Format(time.RFC3339), "--end-time", spike.Add(3*time.Minute).Format(time.RFC3339))
	if fmt.Sprint(m.Values) != "[0 0 6 0 0]" || !m.Timestamps[2].Equal(spike) {
		t.Errorf("metrics: %+v", m)
	}

	// The graph and the attributions.
	svg := filepath.Join(t.TempDir(), "graph.svg")
	out = c.ok("insights", "show", all[0].SharedEventID[:8], "--image", svg, "--width", "90")
	for _, w := range []string{"RunInstances", "insight: " + spike.Format("15:04") + "–" + spike.Add(time.Minute).Format("15:04") + " UTC",
		"Top user identity ARNs", "arn:aws:iam::123456789012:user/mallory", "Top error codes", "0.0020833"} {
		if !strings.Contains(out, w) {
			t.Errorf("show lacks %q:\n%s", w, out)
		}
	}
	if b, err := os.ReadFile(svg); err != nil || !bytes.Contains(b, []byte("<svg")) {
		t.Errorf("graph image: %v", err)
	}

	// The trail files in the bucket hold the same records.
	keys := srv.Keys("insights-bucket")
	var delivered []map[string]any
	for _, k := range keys {
		if !strings.HasPrefix(k, "org/AWSLogs/123456789012/CloudTrail-Insight/eu-north-1/") || !strings.HasSuffix(k, ".json.gz") {
			t.Errorf("bucket key %s", k)
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(srv.Download("insights-bucket", k)))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(zr)
		var f struct{ Records []map[string]any }
		if err := json.Unmarshal(body, &f); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		delivered = append(delivered, f.Records...)
	}
	if len(delivered) != 8 {
		t.Errorf("delivered %d records in %v, want 8", len(delivered), keys)
	}

	c.ok("insights", "disable", "--source", "trail")
	c.fails([]string{"InsightNotEnabledException"}, "insights", "get", "--source", "trail")
}

// `insights schedule` runs the job at once and then on its interval, and stops cleanly.
func TestInsightsSchedule(t *testing.T) {
	c := newCLI(t)
	day0 := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -9)
	c.ok("eds", "create", "trail")
	c.ok("eds", "create", "trail-insights", "--selectors", insightsSelectors)
	c.ok("insights", "enable", "--source", "trail", "--destination", "trail-insights")
	c.ok("ingest", "--eds", "trail", anomalyTrail(t, day0))
	c.fails([]string{"InvalidParameterException"}, "insights", "schedule", "--cron", "not a cron")
	cmd := exec.Command(binPath, "insights", "schedule", "--every", "1s")
	cmd.Env = append(os.Environ(), "CTLAKE_HOME="+c.home)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for strings.Count(stdout.String(), "trail → trail-insights") < 2 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("schedule: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "insights started") || !strings.Contains(stdout.String(), "nothing new") && strings.Count(stdout.String(), "trail → trail-insights") < 2 {
		t.Fatalf("schedule output:\n%s\n%s", stdout.String(), stderr.String())
	}
	var all []insightRow
	c.jsonOut(&all, "insights", "list", "--output", "json")
	if len(all) != 4 {
		t.Errorf("scheduled runs found %d insights, want 4: %+v", len(all), all)
	}
}
