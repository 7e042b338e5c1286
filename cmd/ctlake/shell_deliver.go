package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/ctlake/ctlake/engine"
	"github.com/ctlake/ctlake/results"
)

// \deliver: with a destination set, each query runs as a recorded query of the results
// package (<home>/queries): its rows are stored, printed from the stored result, then
// delivered to the destination, signed, in CloudTrail Lake's layout.

// resultStore opens the query records on first use.
func (sh *shell) resultStore() (*results.Store, error) {
	if sh.results == nil {
		rs, err := results.Open(filepath.Join(sh.a.home, "queries"), results.WithStatusOf(shellQueryStatus))
		if err != nil {
			return nil, err
		}
		sh.results = rs
	}
	return sh.results, nil
}

// shellQueryStatus is the final status of a query that ended with err.
func shellQueryStatus(err error) results.Status {
	switch {
	case errors.Is(err, engine.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return results.TimedOut
	case errors.Is(err, engine.ErrCanceled), errors.Is(err, context.Canceled):
		return results.Cancelled
	}
	return results.Failed
}

// checkDeliveryURI checks a destination before it is kept.
func (sh *shell) checkDeliveryURI(uri string) error {
	rs, err := sh.resultStore()
	if err != nil {
		return err
	}
	_, err = rs.DeliveryFolder(&results.Record{QueryID: "check", CompletionTime: time.Now()}, uri)
	return err
}

// runDelivered runs a statement as a recorded query (runRecorded), prints its stored result
// and delivers it.
func (sh *shell) runDelivered(ctx context.Context, st statement) error {
	rs, err := sh.resultStore()
	if err != nil {
		return err
	}
	rec, err := runRecorded(ctx, sh.eng, rs, st, sh.set.deliver)
	finished := rec != nil && rec.QueryStatus == results.Finished
	if finished {
		rd, perr := rs.OpenResult(ctx, rec.QueryID)
		if perr != nil {
			return perr
		}
		_, more, perr := printShellResult(sh.out, sh.printSettings(), rd)
		rd.Close()
		if perr != nil {
			return perr
		}
		q := rec.QueryStatistics
		sh.footer(more, &engine.Stats{EventsMatched: q.EventsMatched, EventsScanned: q.EventsScanned, BytesScanned: q.BytesScanned,
			ExecutionTime: time.Duration(q.ExecutionTimeInMillis) * time.Millisecond})
	}
	if err != nil {
		if finished {
			return fmt.Errorf("query %s ran, but its delivery failed: %w", rec.QueryID, err)
		}
		return err
	}
	fmt.Fprintf(sh.msg, "Query %s delivered to %s\n", rec.QueryID, rec.DeliveryLocation)
	return nil
}
