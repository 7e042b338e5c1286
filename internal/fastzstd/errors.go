package fastzstd

import "errors"

// ErrUnavailable: the C compressor was disabled with CTLAKE_NO_LIBZSTD; Register
// then returns false. Encoding errors never surface: the codec falls back to the Go encoder.
var ErrUnavailable = errors.New("fastzstd: libzstd unavailable")
