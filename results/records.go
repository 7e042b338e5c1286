package results

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ctlake/ctlake/internal/atomicfile"

	"github.com/google/uuid"
)

// Status is a query's status, as CloudTrail's QueryStatus.
type Status string

// The query statuses.
const (
	Queued    Status = "QUEUED"
	Running   Status = "RUNNING"
	Finished  Status = "FINISHED"
	Failed    Status = "FAILED"
	Cancelled Status = "CANCELLED"
	TimedOut  Status = "TIMED_OUT"
)

// Statuses lists every query status.
var Statuses = []Status{Queued, Running, Finished, Failed, Cancelled, TimedOut}

// Active reports whether a query in this status may still change: QUEUED or RUNNING.
func (s Status) Active() bool { return s == Queued || s == Running }

// DeliveryStatus is the state of a query's result delivery, as CloudTrail's DeliveryStatus.
type DeliveryStatus string

// The delivery statuses.
const (
	DeliverySuccess                 DeliveryStatus = "SUCCESS"
	DeliveryFailed                  DeliveryStatus = "FAILED"
	DeliveryFailedSigningFile       DeliveryStatus = "FAILED_SIGNING_FILE"
	DeliveryPending                 DeliveryStatus = "PENDING"
	DeliveryResourceNotFound        DeliveryStatus = "RESOURCE_NOT_FOUND"
	DeliveryAccessDenied            DeliveryStatus = "ACCESS_DENIED"
	DeliveryAccessDeniedSigningFile DeliveryStatus = "ACCESS_DENIED_SIGNING_FILE"
	DeliveryCancelled               DeliveryStatus = "CANCELLED"
	DeliveryUnknown                 DeliveryStatus = "UNKNOWN"
)

// Statistics is DescribeQuery's QueryStatistics.
type Statistics struct {
	EventsMatched         int64     `json:"EventsMatched"`
	EventsScanned         int64     `json:"EventsScanned"`
	BytesScanned          int64     `json:"BytesScanned"`
	ExecutionTimeInMillis int64     `json:"ExecutionTimeInMillis"`
	CreationTime          time.Time `json:"CreationTime"`
}

// Record is a query as DescribeQuery shows it, plus what ctlake keeps beside it. Records
// returned by the Store are copies: changing one changes nothing stored.
type Record struct {
	QueryID         string         `json:"QueryId"`
	QueryString     string         `json:"QueryString"`
	QueryStatus     Status         `json:"QueryStatus"`
	QueryStatistics Statistics     `json:"QueryStatistics"`
	ErrorMessage    string         `json:"ErrorMessage,omitempty"`
	DeliveryS3URI   string         `json:"DeliveryS3Uri,omitempty"` // s3://bucket/prefix, or file:///dir (ctlake)
	DeliveryStatus  DeliveryStatus `json:"DeliveryStatus,omitempty"`

	// ctlake's additions.
	EventDataStores []string  `json:"EventDataStores,omitempty"` // ARNs of the stores the query read
	Lang            string    `json:"Lang"`                      // "sql" or "insights"
	StartTime       time.Time `json:"StartTime,omitzero"`        // when it became RUNNING
	CompletionTime  time.Time `json:"CompletionTime,omitzero"`   // when it ended (any final status)
	ResultsCount    int64     `json:"ResultsCount"`              // rows stored (TotalResultsCount)
	// DeliveryLocation is the folder of the last successful delivery
	// (…/AWSLogs/<account>/CloudTrail-Lake/Query/YYYY/MM/DD/<queryId>): what Validate checks.
	DeliveryLocation     string    `json:"DeliveryLocation,omitempty"`
	DeliveryTime         time.Time `json:"DeliveryTime,omitzero"`
	DeliveryErrorMessage string    `json:"DeliveryErrorMessage,omitempty"` // why the last delivery failed
}

func (r *Record) clone() *Record {
	c := *r
	c.EventDataStores = slices.Clone(r.EventDataStores)
	return &c
}

// stored is record.json: the record and the facts only the store needs.
type stored struct {
	Record
	Result *resultMeta `json:"Result,omitempty"`
	Owner  *owner      `json:"Owner,omitempty"`
}

// RowSource is what Finish reads a query's rows from. engine.Rows fits with a small adapter
// (Columns names only, Stats as four values). Finish does not Close it.
type RowSource interface {
	Columns() []string
	Next() bool
	Values() []any // the current row, one value per column (see Text for the types)
	Err() error
	Stats() (eventsMatched, eventsScanned, bytesScanned int64, elapsed time.Duration)
}

const recordFile = "record.json"

// Langs are the query languages a record may carry.
var Langs = []string{"sql", "insights"}

// Create records a new query in status QUEUED, with a fresh UUID. lang is "sql" (the
// default when empty) or "insights"; eds are the ARNs of the event data stores it reads;
// deliveryURI, when not empty, is where the results go (s3://bucket/prefix or file:///dir)
// and makes DeliveryStatus PENDING until Deliver runs.
func (s *Store) Create(ctx context.Context, queryString, lang string, eds []string, deliveryURI string) (*Record, error) {
	if strings.TrimSpace(queryString) == "" {
		return nil, fmt.Errorf("create query: %w: empty query statement", ErrInvalidParameter)
	}
	if lang == "" {
		lang = "sql"
	}
	if !slices.Contains(Langs, lang) {
		return nil, fmt.Errorf("create query: %w: language %q (use sql or insights)", ErrInvalidParameter, lang)
	}
	st := &stored{Record: Record{
		QueryID: uuid.NewString(), QueryString: queryString, QueryStatus: Queued,
		QueryStatistics: Statistics{CreationTime: s.now().UTC()},
		EventDataStores: slices.Clone(eds), Lang: lang,
	}, Owner: currentOwner()}
	if deliveryURI != "" {
		if _, err := parseLocation(deliveryURI); err != nil {
			return nil, fmt.Errorf("create query: %w", err)
		}
		st.DeliveryS3URI, st.DeliveryStatus = deliveryURI, DeliveryPending
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := atomicfile.WriteJSON(filepath.Join(s.queryDir(st.QueryID), recordFile), st); err != nil {
		return nil, fmt.Errorf("create query: %w", err)
	}
	return st.Record.clone(), nil
}

// SetRunning moves a QUEUED query to RUNNING. A query cancelled while queued gives an error
// wrapping ErrInactiveQuery: do not run it.
func (s *Store) SetRunning(ctx context.Context, id string) error {
	_, err := s.update(ctx, id, func(st *stored) error {
		switch st.QueryStatus {
		case Queued:
			st.QueryStatus, st.StartTime, st.Owner = Running, s.now().UTC(), currentOwner()
			return nil
		case Running:
			return fmt.Errorf("query %s: %w: already RUNNING", id, ErrInvalidQueryStatus)
		}
		return fmt.Errorf("query %s: %w: it is %s", id, ErrInactiveQuery, st.QueryStatus)
	})
	return err
}

// Finish ends a QUEUED or RUNNING query. With err == nil it streams rows into the stored
// result (checking ctx between blocks) and sets FINISHED with the statistics from
// rows.Stats(); with err != nil, or when rows.Err() reports one, it sets the status the
// error stands for (see WithStatusOf) with the error as ErrorMessage; rows may then be nil.
// A pending delivery of a query that did not finish becomes CANCELLED.
//
// A query cancelled meanwhile stays CANCELLED: Finish discards its rows and returns the
// record without error. Finishing an ended query gives ErrInactiveQuery. An error writing the
// result marks the query FAILED and is returned.
func (s *Store) Finish(ctx context.Context, id string, rows RowSource, err error) (*Record, error) {
	st, lerr := s.load(id)
	if lerr != nil {
		return nil, lerr
	}
	if !st.QueryStatus.Active() {
		if st.QueryStatus == Cancelled {
			return st.Record.clone(), nil
		}
		return nil, fmt.Errorf("finish query %s: %w: it is %s", id, ErrInactiveQuery, st.QueryStatus)
	}
	var (
		res      *pendingResult
		storeErr error
	)
	if err == nil && rows == nil {
		err = fmt.Errorf("%w: no rows", ErrInvalidParameter)
		storeErr = err
	}
	if err == nil {
		// err becomes the rows' error or ctx's, which end the query; a failure to write
		// the result (a *writeError) ends it too, and is also returned to the caller.
		res, err = writeResult(ctx, s.queryDir(id), rows)
		if we := (*writeError)(nil); errors.As(err, &we) {
			storeErr = we
		}
	}
	// The outcome is recorded even when ctx ended: that is often why the query stopped.
	wctx := context.WithoutCancel(ctx)
	rec, uerr := s.update(wctx, id, func(st *stored) error {
		if !st.QueryStatus.Active() {
			if st.QueryStatus == Cancelled {
				return nil
			}
			return fmt.Errorf("finish query %s: %w: it is %s", id, ErrInactiveQuery, st.QueryStatus)
		}
		now := s.now().UTC()
		st.CompletionTime = now
		st.Owner = nil
		q := &st.QueryStatistics
		if rows != nil {
			var elapsed time.Duration
			q.EventsMatched, q.EventsScanned, q.BytesScanned, elapsed = rows.Stats()
			q.ExecutionTimeInMillis = elapsed.Milliseconds()
		} else {
			q.ExecutionTimeInMillis = now.Sub(firstNonZero(st.StartTime, q.CreationTime)).Milliseconds()
		}
		if err != nil {
			st.QueryStatus = s.statOf(err)
			if !slices.Contains([]Status{Failed, TimedOut, Cancelled}, st.QueryStatus) {
				st.QueryStatus = Failed
			}
			if st.QueryStatus != Cancelled {
				st.ErrorMessage = errorMessage(err)
			}
			if st.DeliveryStatus == DeliveryPending {
				st.DeliveryStatus = DeliveryCancelled
			}
			return nil
		}
		if cerr := res.commit(); cerr != nil {
			st.QueryStatus, st.ErrorMessage = Failed, errorMessage(fmt.Errorf("store results: %w", cerr))
			storeErr = cerr
			return nil
		}
		st.QueryStatus, st.Result, st.ResultsCount = Finished, &res.meta, res.meta.Rows
		res = nil
		return nil
	})
	if res != nil {
		res.abort()
	}
	if uerr != nil {
		return nil, uerr
	}
	if storeErr != nil {
		return rec, fmt.Errorf("finish query %s: %w", id, storeErr)
	}
	return rec, nil
}

// defaultStatusOf maps a query error to its final status (see WithStatusOf).
func defaultStatusOf(err error) Status {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return TimedOut
	case errors.Is(err, context.Canceled):
		return Cancelled
	}
	return Failed
}

// errorMessage fits an error into CloudTrail's ErrorMessage (4 to 1000 characters).
func errorMessage(err error) string {
	msg := err.Error()
	if utf8.RuneCountInString(msg) > 1000 {
		msg = string([]rune(msg)[:997]) + "..."
	}
	if len(msg) < 4 {
		msg = "query failed: " + msg
	}
	return msg
}

func firstNonZero(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// Describe returns a query's record. Unknown and expired ids give ErrQueryNotFound. A
// QUEUED or RUNNING query whose process is gone (same host, process no longer alive) is
// marked FAILED first.
func (s *Store) Describe(ctx context.Context, id string) (*Record, error) {
	st, err := s.load(id)
	if err != nil {
		return nil, err
	}
	if s.expired(&st.Record) {
		s.remove(id)
		return nil, fmt.Errorf("query %s: %w", id, ErrQueryNotFound)
	}
	if st.QueryStatus.Active() && st.Owner.gone() {
		return s.abandon(ctx, id)
	}
	return st.Record.clone(), nil
}

// abandon marks a query whose process ended FAILED.
func (s *Store) abandon(ctx context.Context, id string) (*Record, error) {
	return s.update(ctx, id, func(st *stored) error {
		if !st.QueryStatus.Active() || !st.Owner.gone() {
			return nil
		}
		now := s.now().UTC()
		st.ErrorMessage = fmt.Sprintf("the ctlake process running the query (pid %d) ended before the query did", st.Owner.PID)
		st.QueryStatus, st.CompletionTime, st.Owner = Failed, now, nil
		st.QueryStatistics.ExecutionTimeInMillis = now.Sub(firstNonZero(st.StartTime, st.QueryStatistics.CreationTime)).Milliseconds()
		if st.DeliveryStatus == DeliveryPending {
			st.DeliveryStatus = DeliveryCancelled
		}
		return nil
	})
}

// Cancel sets a QUEUED or RUNNING query CANCELLED and cancels the contexts CancelContext
// gave for it in this process (other processes notice within cancelPoll). A query that
// already ended gives ErrInactiveQuery.
func (s *Store) Cancel(ctx context.Context, id string) (*Record, error) {
	rec, err := s.update(ctx, id, func(st *stored) error {
		if !st.QueryStatus.Active() {
			return fmt.Errorf("cancel query %s: %w: it is %s", id, ErrInactiveQuery, st.QueryStatus)
		}
		now := s.now().UTC()
		st.QueryStatus, st.CompletionTime, st.Owner = Cancelled, now, nil
		st.QueryStatistics.ExecutionTimeInMillis = now.Sub(firstNonZero(st.StartTime, st.QueryStatistics.CreationTime)).Milliseconds()
		if st.DeliveryStatus == DeliveryPending {
			st.DeliveryStatus = DeliveryCancelled
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	hooks := s.cancels[id]
	delete(s.cancels, id)
	s.mu.Unlock()
	for _, cancel := range hooks {
		cancel()
	}
	return rec, nil
}

// cancelPoll is how often a CancelContext checks the record for a cancel from another process.
const cancelPoll = 250 * time.Millisecond

// CancelContext returns a context for running query id that is cancelled when Cancel is
// called for it: at once from this process, within cancelPoll from another one. The caller
// must call the returned stop function when the query ends.
func (s *Store) CancelContext(ctx context.Context, id string) (context.Context, context.CancelFunc) {
	cctx, cancel := context.WithCancel(ctx)
	key := new(int)
	s.mu.Lock()
	if s.cancels[id] == nil {
		s.cancels[id] = map[*int]context.CancelFunc{}
	}
	s.cancels[id][key] = cancel
	s.mu.Unlock()
	go func() {
		t := time.NewTicker(cancelPoll)
		defer t.Stop()
		for {
			select {
			case <-cctx.Done():
				return
			case <-t.C:
				if st, err := s.load(id); (err == nil && st.QueryStatus == Cancelled) || errors.Is(err, ErrQueryNotFound) {
					cancel()
					return
				}
			}
		}
	}()
	return cctx, func() {
		cancel()
		s.mu.Lock()
		delete(s.cancels[id], key)
		if len(s.cancels[id]) == 0 {
			delete(s.cancels, id)
		}
		s.mu.Unlock()
	}
}

// checkID refuses anything but a lower-case UUID, so an id never escapes the store's folder.
func checkID(id string) error {
	if len(id) != 36 || strings.ToLower(id) != id {
		return fmt.Errorf("query %q: %w", id, ErrQueryNotFound)
	}
	if _, err := uuid.Parse(id); err != nil {
		return fmt.Errorf("query %q: %w", id, ErrQueryNotFound)
	}
	return nil
}

// load reads a record without the lock (records are replaced atomically).
func (s *Store) load(id string) (*stored, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	var st stored
	if err := atomicfile.ReadJSON(filepath.Join(s.queryDir(id), recordFile), &st); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("query %s: %w", id, ErrQueryNotFound)
		}
		return nil, fmt.Errorf("query %s: %w", id, err)
	}
	return &st, nil
}

// update changes a record under the lock: load, fn, write. fn's error aborts the change.
func (s *Store) update(ctx context.Context, id string, fn func(*stored) error) (*Record, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	var rec *Record
	err := s.withLock(ctx, "records.lock", func() error {
		st, err := s.load(id)
		if err != nil {
			return err
		}
		if err := fn(st); err != nil {
			return err
		}
		if err := atomicfile.WriteJSON(filepath.Join(s.queryDir(id), recordFile), st); err != nil {
			return fmt.Errorf("query %s: write record: %w", id, err)
		}
		rec = st.Record.clone()
		return nil
	})
	return rec, err
}
