package inflate

import "errors"

// The errors of this package. Gunzip wraps them with %w, so callers test them with errors.Is;
// all three mean "decode this input with the streaming Go reader instead", which then reports
// the precise fault (header, checksum, truncation) in its own terms.
var (
	// ErrUnavailable: libdeflate could not be loaded, was disabled with CTLAKE_NO_LIBDEFLATE,
	// or the Decompressor was closed.
	ErrUnavailable = errors.New("inflate: libdeflate unavailable")
	// ErrBadData: libdeflate's LIBDEFLATE_BAD_DATA — the input is not a valid gzip member
	// (bad header, corrupt deflate stream, CRC32 or ISIZE mismatch, or truncated).
	ErrBadData = errors.New("inflate: bad gzip data")
	// ErrShortOutput: libdeflate's LIBDEFLATE_INSUFFICIENT_SPACE (or SHORT_OUTPUT) — the member
	// decompresses to more than len(dst). ISIZE is only the size modulo 2^32 and only the last
	// member's, so a dst sized from it can be too small.
	ErrShortOutput = errors.New("inflate: gzip output does not fit in dst")
)
