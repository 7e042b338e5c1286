package results

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ctlake/ctlake/internal/atomicfile"
)

const edsARN = "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/6ac5e7a8-5b3f-4a5f-9b7e-1c2d3e4f5a6b"

func TestCreateDescribe(t *testing.T) {
	ctx := context.Background()
	s, clock := newTestStore(t)
	rec, err := s.Create(ctx, "SELECT eventName FROM x", "", []string{edsARN}, "s3://bucket-1/some/prefix")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.QueryID) != 36 || checkID(rec.QueryID) != nil {
		t.Errorf("QueryId %q is not a lower-case UUID", rec.QueryID)
	}
	want := Record{
		QueryID: rec.QueryID, QueryString: "SELECT eventName FROM x", QueryStatus: Queued,
		QueryStatistics: Statistics{CreationTime: clock.Now()},
		DeliveryS3URI:   "s3://bucket-1/some/prefix", DeliveryStatus: DeliveryPending,
		EventDataStores: []string{edsARN}, Lang: "sql",
	}
	got, err := s.Describe(ctx, rec.QueryID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", want) {
		t.Errorf("Describe:\n got %+v\nwant %+v", *got, want)
	}
	// Records are copies.
	got.EventDataStores[0] = "changed"
	again, _ := s.Describe(ctx, rec.QueryID)
	if again.EventDataStores[0] != edsARN {
		t.Error("changing a returned record changed the store")
	}

	for _, tc := range []struct{ stmt, lang, uri string }{
		{"  ", "sql", ""},
		{"SELECT 1", "cobol", ""},
		{"SELECT 1", "sql", "s3://B/x"},
		{"SELECT 1", "sql", "http://example.com/x"},
		{"SELECT 1", "sql", "file://relative/dir"},
	} {
		if _, err := s.Create(ctx, tc.stmt, tc.lang, nil, tc.uri); !errors.Is(err, ErrInvalidParameter) {
			t.Errorf("Create(%q, %q, %q): %v, want ErrInvalidParameter", tc.stmt, tc.lang, tc.uri, err)
		}
	}
	if rec, err := s.Create(ctx, "fields @timestamp", "insights", nil, ""); err != nil || rec.Lang != "insights" || rec.DeliveryStatus != "" {
		t.Errorf("insights query: %+v, %v", rec, err)
	}
}

func TestDescribeNotFound(t *testing.T) {
	s, _ := newTestStore(t)
	for _, id := range []string{
		"00000000-0000-4000-8000-000000000000", "../../etc/passwd", "", "ABCDEF00-0000-4000-8000-000000000000",
		"signing-key.pem",
	} {
		if _, err := s.Describe(context.Background(), id); !errors.Is(err, ErrQueryNotFound) {
			t.Errorf("Describe(%q): %v, want ErrQueryNotFound", id, err)
		}
	}
}

func TestFinish(t *testing.T) {
	ctx := context.Background()
	s, clock := newTestStore(t)
	rec, _ := s.Create(ctx, "SELECT 1", "sql", nil, "")
	if err := s.SetRunning(ctx, rec.QueryID); err != nil {
		t.Fatal(err)
	}
	mustIs(t, s.SetRunning(ctx, rec.QueryID), ErrInvalidQueryStatus)
	if got, _ := s.Describe(ctx, rec.QueryID); got.QueryStatus != Running || !got.StartTime.Equal(clock.Now()) {
		t.Errorf("after SetRunning: %s since %s", got.QueryStatus, got.StartTime)
	}
	clock.Advance(2 * time.Second)
	cols, rows := numberedRows(3)
	got, err := s.Finish(ctx, rec.QueryID, newFakeRows(cols, rows), nil)
	if err != nil {
		t.Fatal(err)
	}
	wantStats := Statistics{EventsMatched: 3, EventsScanned: 1000, BytesScanned: 123456, ExecutionTimeInMillis: 1500, CreationTime: rec.QueryStatistics.CreationTime}
	if got.QueryStatus != Finished || got.QueryStatistics != wantStats || got.ResultsCount != 3 || !got.CompletionTime.Equal(clock.Now()) || got.ErrorMessage != "" {
		t.Errorf("finished record: %+v", got)
	}
	gcols, grows := allText(t, s, rec.QueryID)
	if !slices.Equal(gcols, cols) || fmt.Sprint(grows) != fmt.Sprint(textRows(rows)) {
		t.Errorf("stored result: %v %v", gcols, grows)
	}
	if st := readStored(t, s, rec.QueryID); st.Owner != nil || st.Result == nil || st.Result.Rows != 3 {
		t.Errorf("stored record: owner %+v result %+v", st.Owner, st.Result)
	}
	// A second Finish is refused.
	_, err = s.Finish(ctx, rec.QueryID, newFakeRows(cols, rows), nil)
	mustIs(t, err, ErrInactiveQuery)
	_, err = s.Finish(ctx, "00000000-0000-4000-8000-000000000000", nil, errors.New("x"))
	mustIs(t, err, ErrQueryNotFound)
	// No temporary files are left.
	entries, _ := os.ReadDir(s.queryDir(rec.QueryID))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), atomicfile.TempPrefix) {
			t.Errorf("left %s", e.Name())
		}
	}
}

type engineTimeout struct{}

func (engineTimeout) Error() string { return "query timed out: the query ran longer than 1h0m0s" }

func TestFinishErrors(t *testing.T) {
	ctx := context.Background()
	errTimeout := engineTimeout{}
	s, clock := newTestStore(t, WithStatusOf(func(err error) Status {
		if errors.As(err, new(engineTimeout)) {
			return TimedOut
		}
		return defaultStatusOf(err)
	}))
	cols, rows := numberedRows(5)
	long := strings.Repeat("é", 1500)
	for _, tc := range []struct {
		name    string
		rows    RowSource
		err     error
		status  Status
		message string
	}{
		{"failed", nil, errors.New("Binder Error: column x not found"), Failed, "Binder Error: column x not found"},
		{"short message", nil, errors.New("EOF"), Failed, "query failed: EOF"},
		{"long message", nil, errors.New(long), Failed, strings.Repeat("é", 997) + "..."},
		{"deadline", nil, fmt.Errorf("query timed out (%w)", context.DeadlineExceeded), TimedOut, "query timed out (context deadline exceeded)"},
		{"custom timeout", nil, errTimeout, TimedOut, errTimeout.Error()},
		{"canceled", nil, fmt.Errorf("query canceled (%w)", context.Canceled), Cancelled, ""},
		{"rows error", &fakeRows{cols: cols, rows: rows, err: errors.New("conversion error on row 3"), failAfter: 2}, nil, Failed, "conversion error on row 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, _ := s.Create(ctx, "SELECT 1", "sql", nil, "s3://bucket-1/p")
			if err := s.SetRunning(ctx, rec.QueryID); err != nil {
				t.Fatal(err)
			}
			clock.Advance(3 * time.Second)
			got, err := s.Finish(ctx, rec.QueryID, tc.rows, tc.err)
			if err != nil {
				t.Fatal(err)
			}
			if got.QueryStatus != tc.status || got.ErrorMessage != tc.message {
				t.Errorf("got %s %q, want %s %q", got.QueryStatus, got.ErrorMessage, tc.status, tc.message)
			}
			if got.DeliveryStatus != DeliveryCancelled {
				t.Errorf("pending delivery of a query that did not finish: %s, want CANCELLED", got.DeliveryStatus)
			}
			if tc.rows == nil && got.QueryStatistics.ExecutionTimeInMillis != 3000 {
				t.Errorf("ExecutionTimeInMillis %d, want 3000 (since RUNNING)", got.QueryStatistics.ExecutionTimeInMillis)
			}
			if _, err := os.Stat(filepath.Join(s.queryDir(rec.QueryID), resultFile)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a query that did not finish has a result file (%v)", err)
			}
			_, err = s.OpenResult(ctx, rec.QueryID)
			mustIs(t, err, ErrInvalidQueryStatus)
		})
	}
}

func TestFinishRowMismatch(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	rec, _ := s.Create(ctx, "SELECT 1", "sql", nil, "")
	got, err := s.Finish(ctx, rec.QueryID, newFakeRows([]string{"a", "b"}, [][]any{{"1", "2"}, {"only one"}}), nil)
	mustIs(t, err, ErrInvalidParameter)
	if got == nil || got.QueryStatus != Failed || !strings.Contains(got.ErrorMessage, "row 2 has 1 values for 2 columns") {
		t.Errorf("record: %+v", got)
	}
	_, err = s.Finish(ctx, rec.QueryID, nil, nil)
	mustIs(t, err, ErrInactiveQuery)
	rec, _ = s.Create(ctx, "SELECT 1", "sql", nil, "")
	got, err = s.Finish(ctx, rec.QueryID, nil, nil)
	mustIs(t, err, ErrInvalidParameter)
	if got.QueryStatus != Failed {
		t.Errorf("Finish without rows or error: %s", got.QueryStatus)
	}
}

func TestFinishContextEnds(t *testing.T) {
	s, _ := newTestStore(t)
	cols, rows := numberedRows(2500)
	rec, _ := s.Create(context.Background(), "SELECT 1", "sql", nil, "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, err := s.Finish(ctx, rec.QueryID, newFakeRows(cols, rows), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.QueryStatus != Cancelled {
		t.Errorf("status %s, want CANCELLED", got.QueryStatus)
	}
}

func TestCancel(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	rec, _ := s.Create(ctx, "SELECT 1", "sql", nil, "file:///tmp")
	got, err := s.Cancel(ctx, rec.QueryID)
	if err != nil {
		t.Fatal(err)
	}
	if got.QueryStatus != Cancelled || got.DeliveryStatus != DeliveryCancelled || got.CompletionTime.IsZero() {
		t.Errorf("cancelled record: %+v", got)
	}
	_, err = s.Cancel(ctx, rec.QueryID)
	mustIs(t, err, ErrInactiveQuery)
	mustIs(t, s.SetRunning(ctx, rec.QueryID), ErrInactiveQuery)
	// The runner's Finish keeps CANCELLED and discards the rows.
	cols, rows := numberedRows(3)
	got, err = s.Finish(ctx, rec.QueryID, newFakeRows(cols, rows), nil)
	if err != nil || got.QueryStatus != Cancelled {
		t.Errorf("Finish after Cancel: %v %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(s.queryDir(rec.QueryID), resultFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a cancelled query kept a result (%v)", err)
	}
	done := runQuery(t, s, cols, rows)
	_, err = s.Cancel(ctx, done.QueryID)
	mustIs(t, err, ErrInactiveQuery)
	_, err = s.Cancel(ctx, "00000000-0000-4000-8000-000000000000")
	mustIs(t, err, ErrQueryNotFound)
}

func TestCancelContext(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)

	// In this process: at once.
	rec, _ := s.Create(ctx, "SELECT 1", "sql", nil, "")
	s.SetRunning(ctx, rec.QueryID)
	qctx, stop := s.CancelContext(ctx, rec.QueryID)
	defer stop()
	if _, err := s.Cancel(ctx, rec.QueryID); err != nil {
		t.Fatal(err)
	}
	select {
	case <-qctx.Done():
	case <-time.After(50 * time.Millisecond):
		t.Fatal("Cancel did not cancel the query's context at once")
	}

	// From another process (another Store on the same folder): within the poll interval.
	rec, _ = s.Create(ctx, "SELECT 1", "sql", nil, "")
	s.SetRunning(ctx, rec.QueryID)
	qctx2, stop2 := s.CancelContext(ctx, rec.QueryID)
	defer stop2()
	other, err := Open(s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Cancel(ctx, rec.QueryID); err != nil {
		t.Fatal(err)
	}
	select {
	case <-qctx2.Done():
	case <-time.After(10 * cancelPoll):
		t.Fatal("a Cancel from another store did not reach the query's context")
	}

	// stop unregisters; a stopped context does not leak hooks.
	rec, _ = s.Create(ctx, "SELECT 1", "sql", nil, "")
	_, stop3 := s.CancelContext(ctx, rec.QueryID)
	stop3()
	s.mu.Lock()
	n := len(s.cancels[rec.QueryID])
	s.mu.Unlock()
	if n != 0 {
		t.Errorf("%d hooks left after stop", n)
	}
}

func TestAbandonedQuery(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	rec, _ := s.Create(ctx, "SELECT 1", "sql", nil, "")
	s.SetRunning(ctx, rec.QueryID)

	// A process that has ended.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no `true` to make a dead pid:", err)
	}
	if _, err := s.update(ctx, rec.QueryID, func(st *stored) error {
		st.Owner.PID = cmd.Process.Pid
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Describe(ctx, rec.QueryID)
	if err != nil {
		t.Fatal(err)
	}
	if got.QueryStatus != Failed || !strings.Contains(got.ErrorMessage, "ended before the query did") {
		t.Errorf("abandoned query: %s %q", got.QueryStatus, got.ErrorMessage)
	}

	// Another host's owner is never judged.
	rec, _ = s.Create(ctx, "SELECT 1", "sql", nil, "")
	s.update(ctx, rec.QueryID, func(st *stored) error {
		st.Owner = &owner{Host: "some-other-host", PID: cmd.Process.Pid}
		return nil
	})
	if got, _ := s.Describe(ctx, rec.QueryID); got.QueryStatus != Queued {
		t.Errorf("query owned by another host: %s", got.QueryStatus)
	}
	list, _ := s.List(ctx, ListFilter{Status: Failed})
	if len(list) != 1 {
		t.Errorf("List(FAILED) = %d records, want 1", len(list))
	}
}

func TestConcurrentFinishAndCancel(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	cols, rows := numberedRows(50)
	for range 20 {
		rec, _ := s.Create(ctx, "SELECT 1", "sql", nil, "")
		s.SetRunning(ctx, rec.QueryID)
		errc := make(chan error, 1)
		go func() {
			_, err := s.Cancel(ctx, rec.QueryID)
			if errors.Is(err, ErrInactiveQuery) {
				err = nil
			}
			errc <- err
		}()
		got, err := s.Finish(ctx, rec.QueryID, newFakeRows(cols, rows), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		final, _ := s.Describe(ctx, rec.QueryID)
		if final.QueryStatus != got.QueryStatus {
			t.Fatalf("Finish said %s, record says %s", got.QueryStatus, final.QueryStatus)
		}
		if final.QueryStatus == Finished {
			if _, r := allText(t, s, rec.QueryID); len(r) != 50 {
				t.Fatalf("finished with %d rows", len(r))
			}
		}
	}
}
