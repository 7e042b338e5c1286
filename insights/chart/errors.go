package chart

import "errors"

// The package's error catalog. Every error Terminal and WriteImage return wraps exactly one of
// them, with the offending file, point or size in the message; callers match with errors.Is.
var (
	// ErrEmptySeries: the graph has no points, so there is no time axis to draw on.
	ErrEmptySeries = errors.New("empty series")
	// ErrUnsupportedFormat: WriteImage was given a path whose extension is neither .svg nor
	// .png; the message names the file and the supported extensions.
	ErrUnsupportedFormat = errors.New("unsupported image format")
	// ErrInvalidGraph: the graph cannot be drawn truthfully: points out of order or unevenly
	// spaced, a value or the baseline not finite, or an insight span that ends before it starts.
	ErrInvalidGraph = errors.New("invalid graph")
	// ErrTooSmall: the requested terminal or image is too small to hold the axes, the plot and
	// the legend; the message says the minimum.
	ErrTooSmall = errors.New("chart area too small")
)
