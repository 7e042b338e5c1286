package anomaly

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fastjson"

	"github.com/ctlake/ctlake/ingest"
	"github.com/ctlake/ctlake/store"
	"github.com/ctlake/ctlake/testdata/gen"
)

// TestInjectRoundTrip injects a whole plan into generated data and checks, by profiling the
// files again, that every series changed exactly as planned and nothing else did; then that
// the trail ingests without a failure.
func TestInjectRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir, before := generated(t)
	plan, err := Plan(before, 5, testWindow)
	if err != nil {
		t.Fatal(err)
	}
	old, err := listTrail(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := Inject(ctx, dir, plan)
	if err != nil {
		t.Fatal(err)
	}
	after := profile(t, dir)

	// The expected series: before, plus each injection's change.
	want := map[Key][]int32{}
	for k, s := range before.Series {
		want[k] = slices.Clone(s.Counts)
	}
	var added, removed int64
	for _, in := range plan {
		from, _ := before.Minute(in.Start)
		for m := from; m < from+in.Minutes; m++ {
			switch in.Kind {
			case Drop:
				removed += int64(want[in.Key()][m])
				// Every call of a write API is a write call: its failed ones go too.
				for k := range want {
					if k.Call() == in.Key().Call() {
						want[k][m] = 0
					}
				}
			default:
				added += int64(in.PerMinute)
				bump(want, before.Minutes, in.Key(), m, in.PerMinute)
				if !in.ReadOnly && in.Kind == ErrorBurst { // failed write calls are write calls
					bump(want, before.Minutes, in.Key().Call().Series(CallRate, ""), m, in.PerMinute)
				}
			}
		}
	}
	if st.Added != added || st.Removed != removed {
		t.Errorf("Inject added %d and removed %d events, want %d and %d", st.Added, st.Removed, added, removed)
	}
	if removed == 0 || st.Rewritten == 0 {
		t.Errorf("the drops removed nothing: %+v", st)
	}
	if after.Events != before.Events+added-removed || after.EventsIn(testWindow) != before.EventsIn(testWindow)+added-removed {
		t.Errorf("%d events after, %d in the window; want %d + %d - %d, %d + %d - %d", after.Events, after.EventsIn(testWindow),
			before.Events, added, removed, before.EventsIn(testWindow), added, removed)
	}
	for k, counts := range want {
		got := after.Series[k]
		if got == nil {
			t.Errorf("%s: series missing after injection", k)
			continue
		}
		if !slices.Equal(got.Counts, counts) {
			for m := range counts {
				if got.Counts[m] != counts[m] {
					t.Errorf("%s at %s: %d calls, want %d", k, before.Start.Add(time.Duration(m)*time.Minute), got.Counts[m], counts[m])
					break
				}
			}
		}
	}
	for k := range after.Series {
		if want[k] == nil {
			t.Errorf("%s: unexpected new series", k)
		}
	}

	checkInjectedRecords(t, dir, old, plan)

	// The trail, injected files and rewritten ones included, ingests in full.
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sels, err := store.ParseSelectors([]byte(gen.Selectors))
	if err != nil {
		t.Fatal(err)
	}
	// The longest retention: the fixture's events are from 2024.
	eds, err := s.CreateEDS(ctx, store.CreateInput{Name: "injected", AdvancedEventSelectors: sels, RetentionPeriod: 3653})
	if err != nil {
		t.Fatal(err)
	}
	imp, failures, err := ingest.Run(ctx, s, ingest.Options{EDS: eds.ID(), Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if len(failures) > 0 || imp.ImportStatistics.EventsCompleted != after.Events {
		t.Fatalf("ingest stored %d of %d events, failures %v", imp.ImportStatistics.EventsCompleted, after.Events, failures)
	}
}

func bump(series map[Key][]int32, minutes int, k Key, m, n int) {
	if series[k] == nil {
		series[k] = make([]int32, minutes)
	}
	series[k][m] += int32(n)
}

// checkInjectedRecords reads the files Inject added and checks that their records are
// complete CloudTrail records of the injection's call, with unique event IDs.
func checkInjectedRecords(t *testing.T, dir string, old []trailFile, plan []Injection) {
	t.Helper()
	files, err := listTrail(dir)
	if err != nil {
		t.Fatal(err)
	}
	had := map[string]bool{}
	for _, f := range old {
		had[f.path] = true
	}
	ids := map[string]bool{}
	var p fastjson.Parser
	for _, f := range files {
		if had[f.path] {
			continue
		}
		err := readRecords(context.Background(), f.path, func(raw []byte) error {
			if t.Failed() {
				return errors.New("stopped at the first bad file")
			}
			v, err := p.ParseBytes(raw)
			if err != nil {
				return err
			}
			for _, field := range []string{"eventVersion", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
				"userAgent", "eventID", "recipientAccountId"} {
				if len(v.GetStringBytes(field)) == 0 {
					t.Errorf("%s: record without %s: %s", f.path, field, raw)
				}
			}
			if len(v.GetStringBytes("userIdentity", "type")) == 0 && len(v.GetStringBytes("userIdentity", "accountId")) == 0 {
				t.Errorf("%s: record without a caller: %s", f.path, raw)
			}
			if !v.Exists("requestParameters") || !v.GetBool("managementEvent") || string(v.GetStringBytes("eventType")) != "AwsApiCall" ||
				string(v.GetStringBytes("eventCategory")) != "Management" {
				t.Errorf("%s: not a management API call record: %s", f.path, raw)
			}
			id := string(v.GetStringBytes("eventID"))
			if ids[id] {
				t.Errorf("eventID %s twice", id)
			}
			ids[id] = true
			at, _ := time.Parse(time.RFC3339, string(v.GetStringBytes("eventTime")))
			in := injectionAt(plan, v, at)
			if in == nil {
				t.Errorf("%s: record of no injection: %s", f.path, raw)
				return nil
			}
			code := string(v.GetStringBytes("errorCode"))
			if code != in.ErrorCode || (code != "") != (len(v.GetStringBytes("errorMessage")) > 0) || v.GetBool("readOnly") != in.ReadOnly {
				t.Errorf("%s: errorCode %q, readOnly %v for %s", f.path, code, v.GetBool("readOnly"), in)
			}
			if msg := string(v.GetStringBytes("errorMessage")); strings.Contains(msg, "not authorized") &&
				!strings.Contains(msg, string(v.GetStringBytes("userIdentity", "arn"))) {
				t.Errorf("%s: access denied to someone else: %s", f.path, raw)
			}
			if !strings.Contains(f.path, filepath.Join(in.Account, "CloudTrail", in.Region)) {
				t.Errorf("%s: record of %s in the wrong folder", f.path, in)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(ids) == 0 {
		t.Fatal("no injected records found")
	}
}

func injectionAt(plan []Injection, v *fastjson.Value, at time.Time) *Injection {
	for i, in := range plan {
		if in.Kind != Drop && string(v.GetStringBytes("eventName")) == in.EventName && string(v.GetStringBytes("awsRegion")) == in.Region &&
			string(v.GetStringBytes("eventSource")) == in.EventSource && !at.Before(in.Start) && at.Before(in.End()) {
			return &plan[i]
		}
	}
	return nil
}

// TestDropKeepsOtherRecords: a drop removes the write calls of its series in its minutes
// only, and the records it keeps are byte for byte those of the file.
func TestDropKeepsOtherRecords(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 3, 11, 10, 0, 0, 0, time.UTC)
	const region, src, name = "us-east-1", "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"
	records := [][]byte{
		record(at.Add(-time.Minute), "before", region, src, name, false, true, ""),             // before the drop
		record(at.Add(10*time.Second), "dropped", region, src, name, false, true, ""),          // dropped
		record(at.Add(20*time.Second), "failed", region, src, name, false, true, "Throttling"), // dropped: a write call too
		record(at.Add(30*time.Second), "read", region, src, "DescribeSecurityGroups", true, true, ""),
		record(at.Add(40*time.Second), "other-region", "us-west-2", src, name, false, true, ""),
		record(at.Add(3*time.Minute), "after", region, src, name, false, true, ""), // after the drop
	}
	path := trailPath(dir, "111122223333", region, at.Add(-5*time.Minute), "AAAAAAAAAAAAAAAA")
	if err := writeTrailFile(path, records); err != nil {
		t.Fatal(err)
	}
	drop := Injection{Kind: Drop, Account: "111122223333", Region: region, EventSource: src, EventName: name,
		InsightType: CallRate, Start: at, Minutes: 3}
	st, err := Inject(context.Background(), dir, []Injection{drop})
	if err != nil {
		t.Fatal(err)
	}
	if st.Removed != 2 || st.Rewritten != 1 || st.Added != 0 {
		t.Fatalf("Inject = %+v, want 2 removed from 1 file", st)
	}
	var got [][]byte
	if err := readRecords(context.Background(), path, func(raw []byte) error {
		got = append(got, bytes.Clone(raw))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := [][]byte{records[0], records[3], records[4], records[5]}
	if len(got) != len(want) {
		t.Fatalf("%d records kept, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("record %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}

func TestInjectRejects(t *testing.T) {
	at := time.Date(2024, 3, 11, 10, 0, 0, 0, time.UTC)
	ok := Injection{Kind: Spike, Account: "111122223333", Region: "us-east-1", EventSource: "ec2.amazonaws.com",
		EventName: "RunInstances", InsightType: CallRate, Start: at, Minutes: 1, PerMinute: 5}
	for name, change := range map[string]func(*Injection){
		"unknown kind":        func(in *Injection) { in.Kind = "Wave" },
		"no minutes":          func(in *Injection) { in.Minutes = 0 },
		"start mid-minute":    func(in *Injection) { in.Start = at.Add(time.Second) },
		"no events":           func(in *Injection) { in.PerMinute = 0 },
		"burst without code":  func(in *Injection) { in.Kind, in.InsightType = ErrorBurst, ErrorRate },
		"read-only call rate": func(in *Injection) { in.ReadOnly = true },
	} {
		in := ok
		change(&in)
		dir := t.TempDir()
		if _, err := Inject(context.Background(), dir, []Injection{in}); err == nil {
			t.Errorf("%s: no error", name)
		}
		if files, _ := listTrail(dir); len(files) > 0 {
			t.Errorf("%s: %d files written", name, len(files))
		}
	}
	// The valid one writes one file of 5 generic records.
	dir := t.TempDir()
	st, err := Inject(context.Background(), dir, []Injection{ok})
	if err != nil || st.Added != 5 || st.Files != 1 {
		t.Fatalf("Inject(valid) = %+v, %v", st, err)
	}
}
