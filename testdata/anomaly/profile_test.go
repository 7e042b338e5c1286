package anomaly

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/valyala/fastjson"
)

// TestProfileCounts profiles a hand-made trail: write management calls count for the call
// rate, management calls with an error code for the error rate, and nothing else does.
func TestProfileCounts(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)
	const acct, region, ec2 = "111122223333", "us-east-1", "ec2.amazonaws.com"
	files := map[time.Time][][]byte{
		t0: {
			record(t0.Add(5*time.Second), "b", region, ec2, "RunInstances", false, true, ""),
			record(t0.Add(7*time.Second), "a", region, ec2, "RunInstances", false, true, ""),                              // its eventID sorts first, but it is later: not the sample
			record(t0.Add(20*time.Second), "c", region, ec2, "RunInstances", false, true, "Client.UnauthorizedOperation"), // both series
			record(t0.Add(30*time.Second), "d", region, ec2, "DescribeInstances", true, true, "Client.RequestLimitExceeded"),
			record(t0.Add(40*time.Second), "e", region, ec2, "DescribeInstances", true, true, ""), // a read: no series
			record(t0.Add(90*time.Second), "f", region, "s3.amazonaws.com", "PutObject", false, false, ""),
		},
		t0.Add(5 * time.Minute): {
			record(t0.Add(6*time.Minute), "g", region, ec2, "RunInstances", false, true, ""),
			record(t0.Add(-48*time.Hour), "h", region, ec2, "RunInstances", false, true, ""), // before the range
		},
	}
	for stamp, recs := range files {
		if err := writeTrailFile(trailPath(dir, acct, region, stamp, "BBBBBBBBBBBBBBBB"), recs); err != nil {
			t.Fatal(err)
		}
	}
	p, err := ProfileTrail(context.Background(), dir, t0, 60)
	if err != nil {
		t.Fatal(err)
	}
	if p.Events != 8 || p.Outside != 1 {
		t.Errorf("Events %d, Outside %d; want 8 and 1", p.Events, p.Outside)
	}
	run := Call{acct, region, ec2, "RunInstances"}
	describe := Call{acct, region, ec2, "DescribeInstances"}
	counts := func(pairs ...int) []int32 { // minute, count, minute, count…
		c := make([]int32, 60)
		for i := 0; i < len(pairs); i += 2 {
			c[pairs[i]] = int32(pairs[i+1])
		}
		return c
	}
	want := map[Key][]int32{
		run.Series(CallRate, ""):                                  counts(0, 3, 6, 1),
		run.Series(ErrorRate, "Client.UnauthorizedOperation"):     counts(0, 1),
		describe.Series(ErrorRate, "Client.RequestLimitExceeded"): counts(0, 1),
	}
	got := map[Key][]int32{}
	for k, s := range p.Series {
		got[k] = s.Counts
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("series:\n got %v\nwant %v", got, want)
	}
	info := p.Calls[run]
	if info == nil || info.Calls != 4 || info.ReadOnly || info.Errors["Client.UnauthorizedOperation"] != 1 {
		t.Fatalf("RunInstances: %+v", info)
	}
	if id := fastjson.GetString(info.Sample, "eventID"); id != "b" {
		t.Errorf("sample eventID %q, want b: the earliest successful call", id)
	}
	if d := p.Calls[describe]; d == nil || !d.ReadOnly || d.Calls != 2 {
		t.Errorf("DescribeInstances: %+v", d)
	}
	if !reflect.DeepEqual(p.PerMinute, counts(0, 5, 1, 1, 6, 1)) || p.EventsIn(Window{t0.Add(time.Minute), t0.Add(2 * time.Hour)}) != 2 {
		t.Errorf("events per minute %v", p.PerMinute)
	}
	if a, r := p.Home(); a != acct || r != region {
		t.Errorf("Home() = %s, %s", a, r)
	}
}

func TestProfileRejectsStrayFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.json.gz"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ProfileTrail(context.Background(), dir, time.Now(), 60); err == nil {
		t.Fatal("a file outside the trail layout: no error")
	}
}
