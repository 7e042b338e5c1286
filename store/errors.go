package store

import (
	"errors"

	"github.com/ctlake/ctlake/internal/atomicfile"
)

// The store's error catalog. Callers match with errors.Is; the CLI and the API server map each
// to its CloudTrail exception name in one place.
var (
	ErrNotFound             = errors.New("event data store not found")
	ErrAlreadyExists        = errors.New("event data store already exists")
	ErrInvalidParameter     = errors.New("invalid parameter")
	ErrInvalidSelectors     = errors.New("invalid event selectors")
	ErrTerminationProtected = errors.New("event data store termination protected")
	ErrInvalidStatus        = errors.New("invalid event data store status")
	ErrInactive             = errors.New("event data store is not active")
	ErrMaxLimit             = errors.New("event data store limit exceeded")
	ErrImportNotFound       = errors.New("import not found")
	ErrCorrupt              = atomicfile.ErrCorrupt
	ErrSavedQueryNotFound   = errors.New("saved query not found")
	ErrSavedQueryExists     = errors.New("saved query already exists")
)
