package results

import (
	"errors"
	"fmt"

	"github.com/ctlake/ctlake/internal/atomicfile"
)

// The package's error catalog. Callers match with errors.Is; the CLI and the API server map
// each to its CloudTrail exception name (in the comment) in one place.
var (
	// ErrQueryNotFound: no record with that id, or it expired. QueryIdNotFoundException.
	ErrQueryNotFound = errors.New("query not found")
	// ErrInactiveQuery: the query already ended (FINISHED, FAILED, CANCELLED or TIMED_OUT).
	// InactiveQueryException.
	ErrInactiveQuery = errors.New("query is not active")
	// ErrInvalidQueryStatus: the query's status does not allow the operation (delivering a
	// query that has not finished), or a status filter is not a query status.
	// InvalidQueryStatusException.
	ErrInvalidQueryStatus = errors.New("invalid query status")
	// ErrInvalidMaxResults: MaxQueryResults outside 1..1000. InvalidMaxResultsException.
	ErrInvalidMaxResults = errors.New("invalid max results")
	// ErrInvalidNextToken: a token this store did not issue for this query. InvalidNextTokenException.
	ErrInvalidNextToken = errors.New("invalid next token")
	// ErrInvalidDateRange: a list filter whose start is after its end. InvalidDateRangeException.
	ErrInvalidDateRange = errors.New("invalid date range")
	// ErrInvalidParameter: a malformed argument (delivery URI, language, rows that do not
	// match their columns). InvalidParameterException; for a bad bucket name
	// InvalidS3BucketNameException.
	ErrInvalidParameter = errors.New("invalid parameter")
	// ErrDelivery: writing the results to the destination failed. The record's DeliveryStatus
	// says how (see DeliveryError); the stored result is intact and Deliver may be retried.
	ErrDelivery = errors.New("query result delivery failed")
	// ErrInvalidSignFile: result_sign.json is not a sign file this package can check.
	ErrInvalidSignFile = errors.New("invalid sign file")
	// ErrValidationFailed: Validate found tampered, missing or extra files, or a bad
	// signature; the Report names them.
	ErrValidationFailed = errors.New("query result validation failed")
	// ErrCorrupt: a stored record or result file cannot be read back.
	ErrCorrupt = atomicfile.ErrCorrupt
)

// DeliveryError is a failed delivery: Status is the record's new DeliveryStatus (FAILED,
// ACCESS_DENIED, RESOURCE_NOT_FOUND, FAILED_SIGNING_FILE, ACCESS_DENIED_SIGNING_FILE or
// CANCELLED) and Err the cause. It matches ErrDelivery with errors.Is.
type DeliveryError struct {
	Status DeliveryStatus
	Err    error
}

func (e *DeliveryError) Error() string {
	return fmt.Sprintf("%s (%s): %v", ErrDelivery, e.Status, e.Err)
}

// Is makes errors.Is(err, ErrDelivery) true.
func (e *DeliveryError) Is(target error) bool { return target == ErrDelivery }

func (e *DeliveryError) Unwrap() error { return e.Err }
