package cwli

import (
	"errors"
	"fmt"
)

// The package's error catalog. Every error of Parse and Translate about the query is a
// *ParseError that wraps exactly one of them; callers match with errors.Is.
var (
	// ErrParse: the text is not a well-formed Logs Insights query (AWS:
	// MalformedQueryException).
	ErrParse = errors.New("malformed query")
	// ErrUnsupported: valid Logs Insights that this implementation does not run, such as the
	// pattern command, the @log field or rate(); the message names it.
	ErrUnsupported = errors.New("unsupported")
	// ErrInvalid: a well-formed query that cannot mean anything, such as a field used after
	// stats that stats did not produce, a third stats, or a function with the wrong number of
	// arguments (AWS: MalformedQueryException too).
	ErrInvalid = errors.New("invalid query")
)

// ParseError is an error at a place in the query. Line and Col are 1-based and count
// characters (not bytes); both are 0 when the place is unknown. Err is ErrParse, ErrUnsupported
// or ErrInvalid.
type ParseError struct {
	Msg       string
	Line, Col int
	Err       error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
	}
	return e.Msg
}

func (e *ParseError) Unwrap() error { return e.Err }

func errAt(kind error, p Pos, format string, args ...any) *ParseError {
	return &ParseError{Msg: fmt.Sprintf(format, args...), Line: p.Line, Col: p.Col, Err: kind}
}

func parseErrorf(p Pos, format string, args ...any) *ParseError {
	return errAt(ErrParse, p, format, args...)
}

func unsupportedf(p Pos, format string, args ...any) *ParseError {
	return errAt(ErrUnsupported, p, format, args...)
}

func invalidf(p Pos, format string, args ...any) *ParseError {
	return errAt(ErrInvalid, p, format, args...)
}
