//go:build cgo && linux

package fastzstd

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>

// The few zstd prototypes used, from zstd.h (stable API of libzstd.so.1), declared here so that
// the build needs no libzstd-dev.
typedef struct ZSTD_CCtx_s ZSTD_CCtx;
typedef ZSTD_CCtx *(*ctl_create_fn)(void);
typedef size_t (*ctl_free_fn)(ZSTD_CCtx *);
typedef size_t (*ctl_compress_fn)(ZSTD_CCtx *, void *dst, size_t dst_capacity,
	const void *src, size_t src_size, int level);
typedef size_t (*ctl_bound_fn)(size_t);
typedef unsigned (*ctl_iserror_fn)(size_t);
typedef const char *(*ctl_errname_fn)(size_t);

// Set once by ctl_zstd_load (under the Go side's sync.Once), read-only afterwards.
static ctl_create_fn ctl_create;
static ctl_free_fn ctl_free;
static ctl_compress_fn ctl_compress;
static ctl_bound_fn ctl_bound;
static ctl_iserror_fn ctl_iserror;
static ctl_errname_fn ctl_errname;
static char ctl_zstd_err[256];

// ctl_zstd_load dlopens libzstd and resolves the symbols. It returns NULL on success, else a
// message in a static buffer (dlerror's own buffer is per thread and reused).
static const char *ctl_zstd_load(void) {
	void *h = dlopen("libzstd.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(ctl_zstd_err, sizeof ctl_zstd_err, "%s", e ? e : "dlopen libzstd.so.1 failed");
		return ctl_zstd_err;
	}
	ctl_create_fn c = (ctl_create_fn)dlsym(h, "ZSTD_createCCtx");
	ctl_free_fn f = (ctl_free_fn)dlsym(h, "ZSTD_freeCCtx");
	ctl_compress_fn z = (ctl_compress_fn)dlsym(h, "ZSTD_compressCCtx");
	ctl_bound_fn b = (ctl_bound_fn)dlsym(h, "ZSTD_compressBound");
	ctl_iserror_fn ie = (ctl_iserror_fn)dlsym(h, "ZSTD_isError");
	ctl_errname_fn en = (ctl_errname_fn)dlsym(h, "ZSTD_getErrorName");
	if (!c || !f || !z || !b || !ie || !en) {
		snprintf(ctl_zstd_err, sizeof ctl_zstd_err, "libzstd.so.1 lacks a symbol");
		dlclose(h);
		return ctl_zstd_err;
	}
	ctl_create = c;
	ctl_free = f;
	ctl_compress = z;
	ctl_bound = b;
	ctl_iserror = ie;
	ctl_errname = en;
	return NULL; // the handle stays open for the life of the process
}

static ZSTD_CCtx *ctl_zstd_create(void) { return ctl_create(); }
static void ctl_zstd_free(ZSTD_CCtx *c) { ctl_free(c); }

// ctl_zstd_bound returns ZSTD_compressBound(n), or 0 when n is too large for zstd.
static size_t ctl_zstd_bound(size_t n) {
	size_t b = ctl_bound(n);
	return ctl_iserror(b) ? 0 : b;
}

static unsigned char ctl_zstd_empty[1];

// The result of one compression, returned by value so that no Go memory is needed for an
// out-parameter (taking its address from Go would allocate on every call). err is NULL on
// success, else libzstd's static name of the error.
typedef struct {
	size_t n;
	const char *err;
} ctl_compress_result;

static ctl_compress_result ctl_zstd_compress(ZSTD_CCtx *c, void *dst, size_t cap,
		const void *src, size_t n, int level) {
	ctl_compress_result r = {0, NULL};
	if (!src) { src = ctl_zstd_empty; n = 0; } // never hand libzstd a NULL buffer
	size_t z = ctl_compress(c, dst, cap, src, n, level);
	if (ctl_iserror(z)) {
		r.err = ctl_errname(z);
	} else {
		r.n = z;
	}
	return r;
}
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

// load dlopens libzstd; called once, by loadErr.
func load() error {
	if msg := C.ctl_zstd_load(); msg != nil {
		return fmt.Errorf("%w: %s", ErrUnavailable, C.GoString(msg))
	}
	return nil
}

// A cctx is one ZSTD_CCtx: C memory (a few hundred KB to a few MB once used, depending on the
// level and input size), used by one goroutine at a time and freed when the cctx is collected,
// which lets a sync.Pool own them.
type cctx struct {
	p *C.ZSTD_CCtx
}

// newCCtx returns a context, or nil if libzstd cannot allocate one.
func newCCtx() *cctx {
	p := C.ctl_zstd_create()
	if p == nil {
		return nil
	}
	c := &cctx{p: p}
	runtime.AddCleanup(c, func(p *C.ZSTD_CCtx) { C.ctl_zstd_free(p) }, p)
	return c
}

// compressBound is ZSTD_compressBound; ok is false when n is too large for zstd.
func compressBound(n int) (int, bool) {
	if n < 0 {
		return 0, false
	}
	b := C.ctl_zstd_bound(C.size_t(n))
	return int(b), b != 0
}

// compress writes one zstd frame of src into dst (len(dst) is the capacity) at the given libzstd
// level and returns its size. The Go memory is pinned only for the call.
func (c *cctx) compress(dst, src []byte, level int) (int, error) {
	if len(dst) == 0 {
		return 0, fmt.Errorf("fastzstd: empty dst")
	}
	var in unsafe.Pointer
	if len(src) > 0 {
		in = unsafe.Pointer(&src[0])
	}
	r := C.ctl_zstd_compress(c.p, unsafe.Pointer(&dst[0]), C.size_t(len(dst)), in, C.size_t(len(src)), C.int(level))
	runtime.KeepAlive(c) // c.p must not be freed by the cleanup while libzstd uses it
	if r.err != nil {
		return 0, fmt.Errorf("fastzstd: ZSTD_compressCCtx: %s", C.GoString(r.err))
	}
	return int(r.n), nil
}
