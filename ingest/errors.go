package ingest

import (
	"errors"
	"strconv"
)

// The ingest error catalog. Callers match with errors.Is; every error returned by this package
// wraps one of these with context (file name, record index and line, field path).
//
// File-level errors (Decode's return value) wrap ErrBadFile or ErrTruncated. Record-level errors
// (RecordError.Err, Parser.Parse) wrap ErrBadRecord; those about one field wrap ErrMissingField,
// ErrInvalidField or ErrWrongType as well.
var (
	// ErrBadFile: the content is not an event file (not JSON, broken structure, corrupt gzip).
	ErrBadFile = errors.New("bad file")
	// ErrTruncated: the file ends in the middle of a record or of the gzip stream.
	ErrTruncated = errors.New("truncated file")
	// ErrBadRecord: one record cannot be used (not JSON, not an object, a bad field).
	ErrBadRecord = errors.New("bad record")
	// ErrMissingField: a required field is absent or null.
	ErrMissingField = errors.New("missing field")
	// ErrInvalidField: a field has the right JSON type but a value that cannot be used.
	ErrInvalidField = errors.New("invalid value")
	// ErrWrongType: a field has the wrong JSON type.
	ErrWrongType = errors.New("wrong type")
	// ErrBadPath: a path given to ingest cannot be read or walked.
	ErrBadPath = errors.New("bad path")
)

// RecordError reports a record that was skipped: where it is and why.
type RecordError struct {
	File  string // the name given to Decode
	Index int    // 0-based ordinal of the record in the file
	Line  int    // 1-based line where the record starts; 0 if unknown
	Err   error  // wraps ErrBadRecord
}

// Error reads like `panther.jsonl: record 12 (line 13): eventTime: invalid value "redacted"`.
func (e RecordError) Error() string {
	b := make([]byte, 0, len(e.File)+64)
	b = append(b, e.File...)
	b = append(b, ": record "...)
	b = strconv.AppendInt(b, int64(e.Index), 10)
	if e.Line > 0 {
		b = append(b, " (line "...)
		b = strconv.AppendInt(b, int64(e.Line), 10)
		b = append(b, ')')
	}
	if e.Err != nil {
		b = append(b, ": "...)
		b = append(b, e.Err.Error()...)
	}
	return string(b)
}

// Unwrap returns the cause.
func (e RecordError) Unwrap() error { return e.Err }

// fieldError is a record-level problem with one field: `path: kind detail`, e.g.
// `eventTime: invalid value "redacted"` or `readOnly: wrong type: want boolean, got string`.
// It matches both its kind and ErrBadRecord.
type fieldError struct {
	path   string // dotted field path, e.g. userIdentity.sessionContext.attributes.creationDate
	kind   error  // ErrMissingField, ErrInvalidField or ErrWrongType
	detail string // appended after the kind, with its own leading separator
}

func (e *fieldError) Error() string { return e.path + ": " + e.kind.Error() + e.detail }

func (e *fieldError) Unwrap() []error { return []error{e.kind, ErrBadRecord} }

func missingField(path string) error {
	return &fieldError{path: path, kind: ErrMissingField}
}

func invalidField(path string, value []byte) error {
	const max = 64 // keep messages short when the value is long
	if len(value) > max {
		return &fieldError{path: path, kind: ErrInvalidField, detail: " " + strconv.Quote(string(value[:max])) + "…"}
	}
	return &fieldError{path: path, kind: ErrInvalidField, detail: " " + strconv.Quote(string(value))}
}

func wrongType(path, want, got string) error {
	return &fieldError{path: path, kind: ErrWrongType, detail: ": want " + want + ", got " + got}
}
