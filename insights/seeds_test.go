package insights

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

var day0 = time.Date(2019, 10, 31, 0, 0, 0, 0, time.UTC)

// Seed 004: RunInstances 3 times a day for 7 days, then 6 in one minute → one insight with
// baseline.average ≈ 0.0020833 and insight.average 6, insightDuration 1.
func TestSeedRunInstances(t *testing.T) {
	f := newFixture(t, CallRate)
	run := call{source: "ec2.amazonaws.com", name: "RunInstances"}
	var calls []call
	for d := 0; d < 7; d++ {
		for _, h := range []int{2, 10, 18} {
			c := run
			c.t = day0.AddDate(0, 0, d).Add(time.Duration(h)*time.Hour + 7*time.Minute)
			calls = append(calls, c)
		}
	}
	spike := time.Date(2019, 11, 7, 13, 25, 0, 0, time.UTC)
	calls = append(calls, burst(spike, 6, run)...)
	f.add(t, calls)
	f.run(t, time.Date(2019, 11, 7, 14, 0, 0, 0, time.UTC), time.Time{})
	recs := f.records(t)
	if len(recs) != 2 {
		t.Fatalf("got %d records, want a Start and an End: %+v", len(recs), recs)
	}
	start, end := recs[0], recs[1]
	if start.InsightDetails.State != StateStart || end.InsightDetails.State != StateEnd || start.SharedEventID != end.SharedEventID {
		t.Fatalf("records %+v", recs)
	}
	if start.EventTime != "2019-11-07T13:25:00Z" || end.EventTime != "2019-11-07T13:26:00Z" {
		t.Errorf("times %s – %s", start.EventTime, end.EventTime)
	}
	st := end.InsightDetails.InsightContext.Statistics
	if st.Baseline.Average != 0.0020833333 || st.Insight.Average != 6 || st.InsightDuration != 1 || st.BaselineDuration != 10080 {
		t.Errorf("statistics %+v", st)
	}
	if got := string(jsonOf(t, st.Baseline)); got != `{"average":0.0020833333}` {
		t.Errorf("baseline prints %s", got)
	}
	attrs := end.InsightDetails.InsightContext.Attributions
	if len(attrs) != 3 || attrs[0].Attribute != "userIdentityArn" || len(attrs[0].Insight) != 1 || attrs[0].Insight[0].Average != 6 ||
		attrs[2].Attribute != "errorCode" || attrs[2].Insight[0].Value != "null" {
		t.Errorf("attributions %+v", attrs)
	}
}

// Seed 000: DeleteAlarms at 0.05 a minute, then 3 in one minute → one insight.
func TestSeedDeleteAlarms(t *testing.T) {
	f := newFixture(t, CallRate)
	del := call{source: "monitoring.amazonaws.com", name: "DeleteAlarms"}
	calls := every(day0.Add(3*time.Minute), 20*time.Minute, 8*72, del)
	spike := time.Date(2019, 11, 7, 9, 41, 0, 0, time.UTC)
	calls = append(calls, burst(spike, 3, del)...)
	f.add(t, calls)
	f.run(t, time.Date(2019, 11, 8, 0, 0, 0, 0, time.UTC), time.Time{})
	recs := f.records(t)
	if len(recs) != 2 || recs[0].EventTime != "2019-11-07T09:41:00Z" {
		t.Fatalf("want one insight at 09:41, got %+v", recs)
	}
	if b := recs[1].InsightDetails.InsightContext.Statistics.Baseline.Average; b < 0.0499 || b > 0.0501 {
		t.Errorf("baseline.average %v, want 0.05", b)
	}
}

// The CloudTrail docs' example: AuthorizeSecurityGroupIngress steady at 20 a minute, then no
// call for 10 minutes → an insight from the first silent minute to the first minute with calls.
func TestDropToZero(t *testing.T) {
	f := newFixture(t, CallRate)
	auth := call{source: "ec2.amazonaws.com", name: "AuthorizeSecurityGroupIngress"}
	gapFrom := time.Date(2019, 11, 7, 15, 0, 0, 0, time.UTC)
	var calls []call
	for m := day0; m.Before(gapFrom.Add(time.Hour)); m = m.Add(time.Minute) {
		if !m.Before(gapFrom) && m.Before(gapFrom.Add(10*time.Minute)) {
			continue
		}
		calls = append(calls, every(m, 3*time.Second, 20, auth)...)
	}
	f.add(t, calls)
	f.run(t, gapFrom.Add(time.Hour), time.Time{})
	recs := f.records(t)
	if len(recs) != 2 || recs[0].EventTime != "2019-11-07T15:00:00Z" || recs[1].EventTime != "2019-11-07T15:10:00Z" {
		t.Fatalf("want one drop insight 15:00–15:10, got %+v", recs)
	}
	st := recs[1].InsightDetails.InsightContext.Statistics
	if st.Insight.Average != 0 || st.InsightDuration != 10 || st.Baseline.Average != 20 {
		t.Errorf("statistics %+v", st)
	}
}

// The docs' error example: no AccessDeniedException on DeleteInstanceProfile in 7 days, then
// 12 a minute → an ApiErrorRateInsight with the error code.
func TestErrorBurstFromZero(t *testing.T) {
	f := newFixture(t)
	del := call{source: "iam.amazonaws.com", name: "DeleteInstanceProfile"}
	calls := every(day0.Add(90*time.Minute), 3*time.Hour, 8*8, del)
	burstAt := time.Date(2019, 11, 7, 11, 0, 0, 0, time.UTC)
	denied := del
	denied.errorCode, denied.user = "AccessDeniedException", "arn:aws:iam::123456789012:user/mallory"
	for m := 0; m < 4; m++ {
		calls = append(calls, burst(burstAt.Add(time.Duration(m)*time.Minute), 12, denied)...)
	}
	f.add(t, calls)
	f.run(t, time.Date(2019, 11, 8, 0, 0, 0, 0, time.UTC), time.Time{})
	recs := f.records(t)
	var errs []Record
	for _, r := range recs {
		if r.InsightDetails.InsightType == ErrorRate {
			errs = append(errs, r)
		}
	}
	if len(errs) != 2 || errs[0].InsightDetails.ErrorCode != "AccessDeniedException" || errs[0].EventTime != "2019-11-07T11:00:00Z" ||
		errs[1].InsightDetails.InsightContext.Statistics.InsightDuration != 4 || errs[1].InsightDetails.InsightContext.Statistics.Insight.Average != 12 {
		t.Fatalf("want one error-rate insight 11:00–11:04 at 12/min, got %+v", errs)
	}
	a := errs[1].InsightDetails.InsightContext.Attributions[0]
	if a.Insight[0].Value != "arn:aws:iam::123456789012:user/mallory" || len(a.Baseline) != 0 {
		t.Errorf("attributions %+v", a)
	}
}

func jsonOf(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSpace(b.Bytes())
}
