package engine

import (
	"errors"
	"fmt"
)

// The engine's error catalog. Callers match with errors.Is; the CLI and the API server map each
// to its CloudTrail name in one place. An unknown event data store is reported by wrapping
// store.ErrNotFound (ResourceNotFoundException / EventDataStoreNotFoundException).
var (
	// ErrInvalidQuery: the statement is not one SELECT the engine accepts, does not parse, uses a
	// refused function or table, or does not bind (unknown column). CloudTrail:
	// InvalidQueryStatementException.
	ErrInvalidQuery = errors.New("invalid query statement")
	// ErrTimeout: the query ran longer than Config.Timeout or the caller's deadline. CloudTrail:
	// the query ends in status TIMED_OUT.
	ErrTimeout = errors.New("query timed out")
	// ErrCanceled: the caller canceled the query. CloudTrail: status CANCELLED.
	ErrCanceled = errors.New("query canceled")
	// ErrQueryFailed: the statement was valid but DuckDB failed while running it (a conversion
	// error on some row, out of memory, a damaged file). CloudTrail: status FAILED.
	ErrQueryFailed = errors.New("query failed")
)

// QueryError is an error about a place in the user's statement. Line and Col are 1-based and
// count characters (not bytes) of the statement as the user wrote it; both are 0 when the place
// is unknown. Err is the catalog error it stands for (ErrInvalidQuery, or an error wrapping
// store.ErrNotFound).
type QueryError struct {
	Msg       string
	Line, Col int
	Err       error
}

func (e *QueryError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
	}
	return e.Msg
}

func (e *QueryError) Unwrap() error { return e.Err }

// invalidf returns an ErrInvalidQuery QueryError without position.
func invalidf(format string, args ...any) *QueryError {
	return &QueryError{Msg: fmt.Sprintf(format, args...), Err: ErrInvalidQuery}
}
