package fastzstd

import "github.com/DataDog/zstd"

// The compressor is zstd's own C library, compiled into ctlake by github.com/DataDog/zstd
// (which bundles its sources; the build needs only gcc), so it is always there.

// newCtx returns a compression context: C memory (a few hundred KB to a few MB once used,
// depending on the level and input size), used by one goroutine at a time and freed when it
// is collected, which lets a sync.Pool own them.
func newCtx() zstd.Ctx { return zstd.NewCtx() }

// compressBound is ZSTD_compressBound; ok is false for a negative size.
func compressBound(n int) (int, bool) {
	if n < 0 {
		return 0, false
	}
	return zstd.CompressBound(n), true
}
