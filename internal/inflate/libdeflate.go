//go:build cgo && linux

package inflate

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>

// The few libdeflate prototypes used, from libdeflate.h (ABI of libdeflate.so.0, every 1.x),
// declared here so that the build needs no libdeflate-dev. enum libdeflate_result is an int.
struct libdeflate_decompressor;
typedef struct libdeflate_decompressor *(*ctl_alloc_fn)(void);
typedef void (*ctl_free_fn)(struct libdeflate_decompressor *);
typedef int (*ctl_gzip_ex_fn)(struct libdeflate_decompressor *, const void *in, size_t in_nbytes,
	void *out, size_t out_nbytes_avail, size_t *actual_in_nbytes_ret, size_t *actual_out_nbytes_ret);

// Set once by ctl_deflate_load (under the Go side's sync.Once), read-only afterwards.
static ctl_alloc_fn ctl_alloc;
static ctl_free_fn ctl_free;
static ctl_gzip_ex_fn ctl_gzip_ex;
static char ctl_deflate_err[256];

// ctl_deflate_load dlopens libdeflate and resolves the symbols. It returns NULL on success,
// else a message in a static buffer (dlerror's own buffer is per thread and reused).
static const char *ctl_deflate_load(void) {
	void *h = dlopen("libdeflate.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(ctl_deflate_err, sizeof ctl_deflate_err, "%s", e ? e : "dlopen libdeflate.so.0 failed");
		return ctl_deflate_err;
	}
	ctl_alloc_fn a = (ctl_alloc_fn)dlsym(h, "libdeflate_alloc_decompressor");
	ctl_free_fn f = (ctl_free_fn)dlsym(h, "libdeflate_free_decompressor");
	ctl_gzip_ex_fn g = (ctl_gzip_ex_fn)dlsym(h, "libdeflate_gzip_decompress_ex");
	if (!a || !f || !g) {
		snprintf(ctl_deflate_err, sizeof ctl_deflate_err, "libdeflate.so.0 lacks a symbol");
		dlclose(h);
		return ctl_deflate_err;
	}
	ctl_alloc = a;
	ctl_free = f;
	ctl_gzip_ex = g;
	return NULL; // the handle stays open for the life of the process
}

static struct libdeflate_decompressor *ctl_deflate_alloc(void) { return ctl_alloc(); }
static void ctl_deflate_free(struct libdeflate_decompressor *d) { ctl_free(d); }

// The result of one gunzip, returned by value so that no Go memory is needed for the
// out-parameters (taking their address from Go would allocate on every call).
typedef struct {
	int res;
	size_t in_used;
	size_t out_len;
} ctl_gunzip_result;

static unsigned char ctl_deflate_empty[1];

static ctl_gunzip_result ctl_deflate_gunzip(struct libdeflate_decompressor *d,
		const void *in, size_t in_n, void *out, size_t out_n) {
	ctl_gunzip_result r = {0, 0, 0};
	// Never hand libdeflate a NULL buffer, even an empty one.
	if (!in) { in = ctl_deflate_empty; in_n = 0; }
	if (!out) { out = ctl_deflate_empty; out_n = 0; }
	r.res = ctl_gzip_ex(d, in, in_n, out, out_n, &r.in_used, &r.out_len);
	return r;
}
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// The values of enum libdeflate_result.
const (
	resultSuccess           = 0
	resultBadData           = 1
	resultShortOutput       = 2
	resultInsufficientSpace = 3
)

// handle is a libdeflate decompressor: C memory, owned by one Decompressor.
type handle = *C.struct_libdeflate_decompressor

// load dlopens libdeflate; called once, by loadErr.
func load() error {
	if msg := C.ctl_deflate_load(); msg != nil {
		return fmt.Errorf("%w: %s", ErrUnavailable, C.GoString(msg))
	}
	return nil
}

func alloc() handle { return C.ctl_deflate_alloc() }

func free(h handle) { C.ctl_deflate_free(h) }

// gunzip calls libdeflate_gzip_decompress_ex on dst[:len(dst)] and src. The Go memory is
// pinned only for the call; C keeps no pointer to it.
func gunzip(h handle, dst, src []byte) (n, used, res int) {
	var out, in unsafe.Pointer
	if len(dst) > 0 {
		out = unsafe.Pointer(&dst[0])
	}
	if len(src) > 0 {
		in = unsafe.Pointer(&src[0])
	}
	r := C.ctl_deflate_gunzip(h, in, C.size_t(len(src)), out, C.size_t(len(dst)))
	return int(r.out_len), int(r.in_used), int(r.res)
}
