//go:build !cgo || !linux

package inflate

import "fmt"

// Without cgo (or off Linux) there is no libdeflate: Available is false and callers use the
// streaming Go reader.

const (
	resultSuccess = iota
	resultBadData
	resultShortOutput
	resultInsufficientSpace
)

type handle = *struct{}

func load() error { return fmt.Errorf("%w: built without cgo or not on Linux", ErrUnavailable) }

func alloc() handle { return nil }

func free(handle) {}

func gunzip(handle, []byte, []byte) (n, used, res int) { return 0, 0, resultBadData }
