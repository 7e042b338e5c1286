package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ctlake/ctlake/internal/atomicfile"
)

func testEvents(n int, start time.Time, step time.Duration, prefix string) []Event {
	evs := make([]Event, n)
	for i := range evs {
		id := fmt.Sprintf("%s-%06d", prefix, i)
		evs[i] = Event{
			EventVersion: "1.08", EventTime: start.Add(time.Duration(i) * step), EventSource: "ec2.amazonaws.com",
			EventName: "DescribeInstances", AwsRegion: "us-east-1", EventID: id, EventType: "AwsApiCall",
			EventCategory: "Management", ReadOnly: Bool(true), ManagementEvent: Bool(true),
			UserIdentity: &UserIdentity{Type: "IAMUser", ARN: "arn:aws:iam::1:user/a", SessionContext: &SessionContext{
				Attributes: &SessionAttributes{CreationDate: start, MFAAuthenticated: "false"}}},
			RequestParameters: Map{{Key: "instancesSet", Value: `{"items":[]}`}, {Key: "n", Null: true}},
			Resources:         []Resource{{Type: "AWS::EC2::Instance", ARN: "arn:aws:ec2:::instance/i-1"}},
			EventJSON:         `{"eventID":"` + id + `"}`,
		}
	}
	return evs
}

// ptrs returns pointers to the events, as Append takes them.
func ptrs(evs []Event) []*Event {
	out := make([]*Event, len(evs))
	for i := range evs {
		out[i] = &evs[i]
	}
	return out
}

func liveRows(t *testing.T, s *Store, ref string) (rows int64, files int, ids map[idKey]struct{}) {
	t.Helper()
	snap, err := s.Snapshot(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	ids = map[idKey]struct{}{}
	for _, f := range snap.Files {
		rows += f.Rows
		if err := readEventIDs(filepath.Join(snap.Dir, f.Path), ids); err != nil {
			t.Fatal(err)
		}
	}
	return rows, len(snap.Files), ids
}

func TestAppendDedupAndDays(t *testing.T) {
	s, clk := openTest(t)
	ctx := context.Background()
	s.CreateEDS(ctx, CreateInput{Name: "app"})
	a, err := s.NewAppender(ctx, "app")
	if err != nil {
		t.Fatal(err)
	}
	start := clk.t.Add(-72 * time.Hour)
	evs := testEvents(1000, start, time.Minute*5, "a") // spans 4 days
	evs = append(evs, evs[0], evs[1])                  // duplicates inside the batch
	res, err := a.Append(ctx, ptrs(evs))
	if err != nil || res.Added != 1000 || res.Duplicates != 2 {
		t.Fatalf("first append: %+v %v", res, err)
	}
	res, err = a.Append(ctx, ptrs(testEvents(1000, start, time.Minute*5, "a")))
	if err != nil || res.Added != 0 || res.Duplicates != 1000 {
		t.Fatalf("re-append: %+v %v", res, err)
	}
	// A second appender (as another process would) also sees what is stored.
	b, _ := s.NewAppender(ctx, "app")
	res, err = b.Append(ctx, ptrs(testEvents(1200, start, time.Minute*5, "a")))
	if err != nil || res.Added != 200 || res.Duplicates != 1000 {
		t.Fatalf("other appender: %+v %v", res, err)
	}
	rows, files, ids := liveRows(t, s, "app")
	if rows != 1200 || len(ids) != 1200 {
		t.Fatalf("rows %d ids %d", rows, len(ids))
	}
	snap, _ := s.Snapshot(ctx, "app")
	for _, f := range snap.Files {
		if filepath.Dir(f.Path) != "eventday="+f.Day || f.MinTime.Format("2006-01-02") != f.Day || f.MaxTime.Format("2006-01-02") != f.Day {
			t.Errorf("file %+v not in its day partition", f)
		}
	}
	if files < 5 {
		t.Errorf("expected files over 5 days, got %d", files)
	}
}

// TestAppendFailsThenRetries: a batch whose files cannot be written leaves nothing behind,
// in the store or in the Appender's ids: the same batch appended again is stored whole.
func TestAppendFailsThenRetries(t *testing.T) {
	s, clk := openTest(t)
	ctx := context.Background()
	e, _ := s.CreateEDS(ctx, CreateInput{Name: "retry"})
	a, err := s.NewAppender(ctx, "retry")
	if err != nil {
		t.Fatal(err)
	}
	start := clk.t.Add(-48 * time.Hour).Truncate(24 * time.Hour)
	if _, err := a.Append(ctx, ptrs(testEvents(10, start, time.Minute, "old"))); err != nil {
		t.Fatal(err)
	}
	// A file where the next day's partition folder must go.
	blocker := filepath.Join(s.edsDir(e.ID()), "eventday="+start.AddDate(0, 0, 1).Format("2006-01-02"))
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	evs := testEvents(100, start.Add(23*time.Hour), time.Minute, "new") // two days, one blocked
	if _, err := a.Append(ctx, ptrs(evs)); err == nil {
		t.Fatal("append into a blocked partition succeeded")
	}
	if rows, _, _ := liveRows(t, s, "retry"); rows != 10 {
		t.Fatalf("after the failure: %d rows, want 10", rows)
	}
	os.Remove(blocker)
	res, err := a.Append(ctx, ptrs(evs))
	if err != nil || res.Added != 100 || res.Duplicates != 0 {
		t.Fatalf("retry: %+v %v", res, err)
	}
	if rows, _, ids := liveRows(t, s, "retry"); rows != 110 || len(ids) != 110 {
		t.Fatalf("after the retry: %d rows, %d ids, want 110", rows, len(ids))
	}
}

func TestRetention(t *testing.T) {
	s, clk := openTest(t)
	ctx := context.Background()
	s.CreateEDS(ctx, CreateInput{Name: "short", RetentionPeriod: 7})
	a, _ := s.NewAppender(ctx, "short")
	old := testEvents(10, time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC), time.Hour, "old")
	recent := testEvents(10, clk.t.Add(-48*time.Hour), time.Hour, "new")
	res, err := a.Append(ctx, ptrs(append(old, recent...)))
	if err != nil || res.Added != 10 || res.Expired != 10 {
		t.Fatalf("append: %+v %v", res, err)
	}
	// Time passes: the recent events age out too; their files leave the snapshot at once
	// and the disk after the trash grace period.
	clk.t = clk.t.Add(10 * 24 * time.Hour)
	rows, files, _ := liveRows(t, s, "short")
	if rows != 0 || files != 0 {
		t.Fatalf("after retention: %d rows in %d files", rows, files)
	}
	if _, err := s.Compact(ctx, "short"); err != nil {
		t.Fatal(err)
	}
	clk.t = clk.t.Add(2 * time.Hour)
	if _, err := s.Compact(ctx, "short"); err != nil {
		t.Fatal(err)
	}
	e, _ := s.GetEDS(ctx, "short")
	var parquet []string
	filepath.WalkDir(s.edsDir(e.ID()), func(p string, d os.DirEntry, err error) error {
		if filepath.Ext(p) == ".parquet" {
			parquet = append(parquet, p)
		}
		return nil
	})
	if len(parquet) != 0 {
		t.Errorf("expired files still on disk: %v", parquet)
	}
}

func TestCompactKeepsEverything(t *testing.T) {
	s, clk := openTest(t)
	ctx := context.Background()
	s.CreateEDS(ctx, CreateInput{Name: "cmp"})
	a, _ := s.NewAppender(ctx, "cmp")
	day := clk.t.Add(-30 * time.Hour).Truncate(24 * time.Hour)
	for i := 0; i < 5; i++ {
		if _, err := a.Append(ctx, ptrs(testEvents(300, day.Add(time.Duration(i)*time.Second), time.Minute, fmt.Sprintf("b%d", i)))); err != nil {
			t.Fatal(err)
		}
	}
	before, filesBefore, idsBefore := liveRows(t, s, "cmp")
	res, err := s.Compact(ctx, "cmp")
	if err != nil {
		t.Fatal(err)
	}
	after, filesAfter, idsAfter := liveRows(t, s, "cmp")
	if before != 1500 || after != before || len(idsAfter) != len(idsBefore) {
		t.Fatalf("rows %d -> %d, ids %d -> %d", before, after, len(idsBefore), len(idsAfter))
	}
	if filesAfter != 1 || filesBefore != 5 || res.FilesAfter != 1 {
		t.Errorf("files %d -> %d (%+v)", filesBefore, filesAfter, res)
	}
	// The Hive tree holds exactly the live files: replaced ones wait in .trash, where external
	// readers globbing eventday=*/ do not see them.
	snap, _ := s.Snapshot(ctx, "cmp")
	live := map[string]bool{}
	for _, f := range snap.Files {
		live[f.Path] = true
	}
	hive, _ := filepath.Glob(filepath.Join(snap.Dir, "eventday=*", "*.parquet"))
	trash, _ := filepath.Glob(filepath.Join(snap.Dir, ".trash", "*.parquet"))
	if len(hive) != len(live) || len(trash) != 5 {
		t.Errorf("hive tree %v, trash %v, live %v", hive, trash, live)
	}
	for _, h := range hive {
		rel, _ := filepath.Rel(snap.Dir, h)
		if !live[rel] {
			t.Errorf("%s in the Hive tree is not live", rel)
		}
	}
	// Appending after compaction still deduplicates against the merged file.
	b, _ := s.NewAppender(ctx, "cmp")
	if r, err := b.Append(ctx, ptrs(testEvents(300, day, time.Minute, "b0"))); err != nil || r.Added != 0 {
		t.Errorf("append after compact: %+v %v", r, err)
	}
}

func TestConcurrentAppenders(t *testing.T) {
	s, clk := openTest(t)
	ctx := context.Background()
	s.CreateEDS(ctx, CreateInput{Name: "conc"})
	start := clk.t.Add(-24 * time.Hour)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := s.NewAppender(ctx, "conc")
			if err != nil {
				t.Error(err)
				return
			}
			// Every writer offers the same 500 events plus 100 of its own.
			evs := append(testEvents(500, start, time.Second, "shared"), testEvents(100, start, time.Second, fmt.Sprintf("own%d", w))...)
			if _, err := a.Append(ctx, ptrs(evs)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	rows, _, ids := liveRows(t, s, "conc")
	if rows != 900 || len(ids) != 900 {
		t.Errorf("rows %d ids %d, want 900", rows, len(ids))
	}
}

func TestOrphansInvisibleAndCollected(t *testing.T) {
	s, clk := openTest(t)
	ctx := context.Background()
	e, _ := s.CreateEDS(ctx, CreateInput{Name: "orph"})
	dir := s.edsDir(e.ID())
	// A crash between writing a file and committing the manifest leaves an orphan.
	fi, err := writeParquet(ctx, dir, partFile("2025-03-09", clk.t), ptrs(testEvents(5, clk.t.Add(-27*time.Hour), time.Minute, "o")))
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, atomicfile.TempPrefix+"half-written")
	os.WriteFile(tmp, []byte("partial"), 0o644)
	if rows, _, _ := liveRows(t, s, "orph"); rows != 0 {
		t.Fatalf("orphan visible: %d rows", rows)
	}
	old := clk.t.Add(-2 * time.Hour)
	os.Chtimes(filepath.Join(dir, fi.Path), old, old)
	os.Chtimes(tmp, old, old)
	if _, err := s.Compact(ctx, "orph"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(dir, fi.Path), tmp} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s not collected: %v", p, err)
		}
	}
}
