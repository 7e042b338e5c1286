// Package inflate owns ctlake's fast path for gunzipping a whole trail file held in memory:
// libdeflate's one-shot gzip decompressor, which decompresses a buffer several times faster
// than the streaming pure-Go readers because it never has to stop and resume.
//
// libdeflate is loaded with dlopen("libdeflate.so.0") on first use, not linked, so building
// ctlake needs only Go and gcc (no libdeflate-dev), and a machine without the library still
// runs: Available reports false and callers keep the streaming reader
// (github.com/klauspost/compress/gzip). Setting CTLAKE_NO_LIBDEFLATE=1 forces that path.
// Nothing is loaded until Available or NewDecompressor is first called.
package inflate

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"sync"
)

// envDisable names the environment variable that turns libdeflate off (for comparisons and to
// rule it out when chasing a decoding problem).
const envDisable = "CTLAKE_NO_LIBDEFLATE"

// minMember is the smallest gzip member: a 10-byte header, a 2-byte empty deflate block and
// the 8-byte trailer (libdeflate's GZIP_MIN_OVERHEAD is 18 and rejects anything shorter).
const minMember = 18

var lib struct {
	once sync.Once
	err  error // nil when libdeflate is loaded and enabled
}

// loadErr loads libdeflate once and reports why it cannot be used, or nil.
func loadErr() error {
	lib.once.Do(func() {
		if disabled(os.Getenv(envDisable)) {
			lib.err = fmt.Errorf("%w: disabled by %s", ErrUnavailable, envDisable)
			return
		}
		lib.err = load()
	})
	return lib.err
}

// disabled reports whether the value of CTLAKE_NO_LIBDEFLATE turns libdeflate off: "1",
// "true" and the other values strconv.ParseBool accepts as true.
func disabled(v string) bool {
	b, err := strconv.ParseBool(v)
	return err == nil && b
}

// Available reports whether libdeflate could be loaded (and is not disabled).
// The first call loads it; later calls are cheap. Safe for concurrent use.
func Available() bool { return loadErr() == nil }

// A Decompressor is one libdeflate decompressor; not safe for concurrent use. The zero value is not usable: use NewDecompressor.
//
// It holds some kilobytes of C memory, which Close frees; one that is dropped without Close is
// freed when the garbage collector collects it. Keep one per goroutine and reuse it.
type Decompressor struct {
	h       handle
	cleanup runtime.Cleanup
}

// NewDecompressor allocates a libdeflate decompressor. The error wraps ErrUnavailable when
// !Available() (with the dlopen reason) or when libdeflate cannot allocate.
func NewDecompressor() (*Decompressor, error) {
	if err := loadErr(); err != nil {
		return nil, err
	}
	h := alloc()
	if h == nil {
		return nil, fmt.Errorf("%w: libdeflate_alloc_decompressor failed", ErrUnavailable)
	}
	d := &Decompressor{h: h}
	d.cleanup = runtime.AddCleanup(d, free, h)
	return d, nil
}

// Close frees the decompressor's C memory. Later calls to Gunzip return ErrUnavailable;
// Close may be called more than once.
func (d *Decompressor) Close() {
	if d == nil || d.h == nil {
		return
	}
	d.cleanup.Stop()
	free(d.h)
	d.h = nil
}

// Gunzip decompresses the first gzip member of src into dst (which must be large enough:
// callers size it from the member's ISIZE trailer) and returns the bytes written and the
// bytes of src that member used (less than len(src) when more members follow).
//
// The output is dst[:n]; libdeflate may also scribble on the rest of dst[:len(dst)] (its fast
// loop copies whole words), never beyond it. It verifies the member's CRC32 and ISIZE.
// Errors wrap ErrBadData, ErrShortOutput or ErrUnavailable, and then dst holds nothing
// useful; src and dst are not retained after the call.
func (d *Decompressor) Gunzip(dst, src []byte) (n, used int, err error) {
	if d == nil || d.h == nil {
		return 0, 0, fmt.Errorf("%w: decompressor closed or not made by NewDecompressor", ErrUnavailable)
	}
	if len(src) < minMember {
		return 0, 0, fmt.Errorf("%w: %d bytes is shorter than any gzip member", ErrBadData, len(src))
	}
	n, used, res := gunzip(d.h, dst, src)
	runtime.KeepAlive(d) // d.h must not be freed by the cleanup while libdeflate uses it
	switch res {
	case resultSuccess:
		return n, used, nil
	case resultBadData:
		return 0, 0, fmt.Errorf("%w (libdeflate BAD_DATA)", ErrBadData)
	case resultShortOutput, resultInsufficientSpace:
		return 0, 0, fmt.Errorf("%w: more than %d bytes", ErrShortOutput, len(dst))
	default:
		return 0, 0, fmt.Errorf("%w: libdeflate result %d", ErrBadData, res)
	}
}

// ISize returns the uncompressed size modulo 2^32 recorded in the last 4 bytes of a gzip stream.
//
// ok is false when src is too short to be a gzip stream or does not start with the gzip
// magic. With several members the trailer is the last member's, so the size is that
// member's alone; a caller that sees Gunzip use less than all of src must size the
// remaining members some other way (or fall back to the streaming reader).
func ISize(src []byte) (int, bool) {
	if len(src) < minMember || src[0] != 0x1f || src[1] != 0x8b {
		return 0, false
	}
	size := binary.LittleEndian.Uint32(src[len(src)-4:])
	if uint64(size) > math.MaxInt { // only on 32-bit platforms
		return 0, false
	}
	return int(size), true
}
