package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/ctlake/ctlake/engine"
	"github.com/ctlake/ctlake/engine/cwli"
	"github.com/ctlake/ctlake/ingest"
	"github.com/ctlake/ctlake/insights"
	"github.com/ctlake/ctlake/results"
	"github.com/ctlake/ctlake/store"
)

// exceptions maps each package's error catalog to CloudTrail's exception names, in one place.
var exceptions = []struct {
	err  error
	name string
}{
	{store.ErrNotFound, "EventDataStoreNotFoundException"},
	{store.ErrAlreadyExists, "EventDataStoreAlreadyExistsException"},
	{store.ErrInvalidSelectors, "InvalidEventSelectorsException"},
	{store.ErrTerminationProtected, "EventDataStoreTerminationProtectedException"},
	{store.ErrInvalidStatus, "InvalidEventDataStoreStatusException"},
	{store.ErrInactive, "InactiveEventDataStoreException"},
	{store.ErrMaxLimit, "EventDataStoreMaxLimitExceededException"},
	{store.ErrImportNotFound, "ImportNotFoundException"},
	{store.ErrInvalidParameter, "InvalidParameterException"},
	{engine.ErrInvalidQuery, "InvalidQueryStatementException"},
	{cwli.ErrParse, "InvalidQueryStatementException"},
	{cwli.ErrInvalid, "InvalidQueryStatementException"},
	{cwli.ErrUnsupported, "InvalidQueryStatementException"},
	{engine.ErrTimeout, "QueryTimedOut"},
	{engine.ErrCanceled, "QueryCancelled"},
	{engine.ErrQueryFailed, "QueryFailed"},
	{ingest.ErrBadPath, "InvalidParameterException"},
	{store.ErrSavedQueryNotFound, "QueryNotFound"},
	{store.ErrSavedQueryExists, "ConflictException"},
	{errLibraryQuery, "ConflictException"},
	{results.ErrQueryNotFound, "QueryIdNotFoundException"},
	{results.ErrInactiveQuery, "InactiveQueryException"},
	{results.ErrInvalidMaxResults, "InvalidMaxResultsException"},
	{results.ErrInvalidNextToken, "InvalidNextTokenException"},
	{results.ErrInvalidDateRange, "InvalidDateRangeException"},
	{results.ErrInvalidQueryStatus, "InvalidQueryStatusException"},
	{results.ErrInvalidParameter, "InvalidParameterException"},
	{results.ErrValidationFailed, "ValidationFailed"},
	{results.ErrDelivery, "DeliveryFailed"},
	{errImportFailures, "ImportFailures"},
	{insights.ErrNotEnabled, "InsightNotEnabledException"},
	{insights.ErrInvalidSelectors, "InvalidInsightSelectorsException"},
	{insights.ErrInvalidParameter, "InvalidParameterException"},
	{insights.ErrInsightNotFound, "ResourceNotFoundException"},
	{insights.ErrBusy, "ConcurrentModificationException"},
}

// errImportFailures marks an ingest that stored what it could but met bad files or records.
var errImportFailures = errors.New("some files or records failed")

// exceptionName returns the CloudTrail exception name for err, or "".
func exceptionName(err error) string {
	for _, e := range exceptions {
		if errors.Is(err, e.err) {
			return e.name
		}
	}
	return ""
}

func describeError(err error) string {
	if name := exceptionName(err); name != "" {
		return fmt.Sprintf("%s: %v", name, err)
	}
	return err.Error()
}

// exitCode: 1 for a failed request, 2 for partial ingest failures, 130 for an interrupt.
func exitCode(err error) int {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, engine.ErrCanceled):
		return 130
	case errors.Is(err, errImportFailures):
		return 2
	default:
		return 1
	}
}
