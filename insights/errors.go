package insights

import "errors"

// The package's error catalog; the CLI maps each to its CloudTrail exception name.
var (
	// ErrNotEnabled: the store has no insight selectors (InsightNotEnabledException).
	ErrNotEnabled = errors.New("insights are not enabled")
	// ErrInvalidSelectors: bad insight types (InvalidInsightSelectorsException).
	ErrInvalidSelectors = errors.New("invalid insight selectors")
	// ErrInvalidParameter: a source or destination that cannot take part (wrong category,
	// the same store twice, …) or a bad option (InvalidParameterException).
	ErrInvalidParameter = errors.New("invalid parameter")
	// ErrBusy: another run holds the source's lock.
	ErrBusy = errors.New("an insights run is already in progress")
	// ErrCorruptState: the job's state file cannot be read.
	ErrCorruptState = errors.New("insights state corrupt")
	// ErrInsightNotFound: no insight has the given ID.
	ErrInsightNotFound = errors.New("insight not found")
)
