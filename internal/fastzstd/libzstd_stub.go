//go:build !cgo || !linux

package fastzstd

import "fmt"

// Without cgo (or off Linux) there is no libzstd: Register leaves arrow-go's codec in place.

func load() error { return fmt.Errorf("%w: built without cgo or not on Linux", ErrUnavailable) }

type cctx struct{}

func newCCtx() *cctx { return nil }

func compressBound(int) (int, bool) { return 0, false }

func (*cctx) compress([]byte, []byte, int) (int, error) { return 0, ErrUnavailable }
