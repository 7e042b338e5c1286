// Package chart draws the CloudTrail console's Insights graph: the per-minute API call volume
// around an insight, the insight's time span shaded as a vertical band, and the baseline
// average as a dashed horizontal line. Terminal renders it as text for a terminal; WriteImage
// writes it as an SVG or PNG file.
//
// All times are shown in UTC, as the console does for insights, whatever location the caller's
// time.Time values carry.
package chart

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Point is one minute of the series.
type Point struct {
	Time  time.Time
	Value float64
}

// Graph is what to draw.
type Graph struct {
	Title  string  // e.g. "ec2.amazonaws.com RunInstances — ApiCallRateInsight"
	YLabel string  // e.g. "API calls per minute"; empty means "API calls per minute"
	Series []Point // per-minute values, ascending, evenly spaced (zeros included)
	// Start and End are the insight's span [Start, End). End may equal the last point plus one
	// minute. A span partly or wholly outside the series is clipped, and the legend says so
	// when nothing of it is left to shade.
	Start, End time.Time
	Baseline   float64 // baseline average per minute
}

// defaultYLabel names the series when the caller gave no label: API call rate is the insight
// type CloudTrail shows most, and a line with no name in the legend would say nothing.
const defaultYLabel = "API calls per minute"

func (g Graph) yLabel() string {
	if g.YLabel == "" {
		return defaultYLabel
	}
	return g.YLabel
}

// validate rejects what cannot be drawn truthfully. Even spacing matters because both renderers
// place points by index and shade the band by time: a missing minute would silently shift every
// later point against the band.
func (g Graph) validate() error {
	if len(g.Series) == 0 {
		return fmt.Errorf("chart: %w", ErrEmptySeries)
	}
	step := g.step()
	for i, p := range g.Series {
		if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
			return fmt.Errorf("chart: point %d (%s) has value %v: %w", i, clock(p.Time), p.Value, ErrInvalidGraph)
		}
		if i == 0 {
			continue
		}
		if d := p.Time.Sub(g.Series[i-1].Time); d != step || d <= 0 {
			return fmt.Errorf("chart: point %d (%s) is %v after the previous one, want an ascending series spaced %v apart: %w",
				i, clock(p.Time), d, step, ErrInvalidGraph)
		}
	}
	if math.IsNaN(g.Baseline) || math.IsInf(g.Baseline, 0) {
		return fmt.Errorf("chart: baseline %v: %w", g.Baseline, ErrInvalidGraph)
	}
	if !g.End.After(g.Start) {
		return fmt.Errorf("chart: insight span %s to %s ends before it starts: %w", clock(g.Start), clock(g.End), ErrInvalidGraph)
	}
	return nil
}

// step is the spacing of the series. The contract is one point a minute, but taking it from the
// data keeps the band and the axis right for any even spacing; one point means one minute.
func (g Graph) step() time.Duration {
	if len(g.Series) < 2 {
		return time.Minute
	}
	return g.Series[1].Time.Sub(g.Series[0].Time)
}

// from and to bound the plotted time range [from, to): each point stands for the minute that
// starts at its time, so the range ends one step after the last point.
func (g Graph) from() time.Time { return g.Series[0].Time }
func (g Graph) to() time.Time   { return g.Series[len(g.Series)-1].Time.Add(g.step()) }

// band is the insight span clipped to the plotted range; ok is false when nothing is left.
func (g Graph) band() (from, to time.Time, ok bool) {
	from, to = g.Start, g.End
	if from.Before(g.from()) {
		from = g.from()
	}
	if to.After(g.to()) {
		to = g.to()
	}
	return from, to, to.After(from)
}

// spanLegend is the legend text for the insight, e.g. "insight: 13:25–13:26 UTC". The day is
// added where the clock alone would be ambiguous: on a span that crosses midnight, and on a
// series of several days.
func (g Graph) spanLegend() string {
	s, e := g.Start.UTC(), g.End.UTC()
	from, to := "15:04", "15:04"
	switch {
	case !sameDay(s, e):
		from, to = "Jan 2 15:04", "Jan 2 15:04"
	case !sameDay(g.from().UTC(), g.to().Add(-time.Nanosecond).UTC()):
		from = "Jan 2 15:04"
	}
	text := "insight: " + s.Format(from) + "–" + e.Format(to) + " UTC"
	if _, _, ok := g.band(); !ok {
		text += " (outside the plotted range)"
	}
	return text
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// baselineLegend is the legend text for the dashed line.
func (g Graph) baselineLegend() string {
	return "baseline average: " + number(g.Baseline)
}

// clock formats a time for error messages.
func clock(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// number formats a value for a legend or tick: at most two decimals, or two significant digits
// below 1 so a small average does not read as 0, and no trailing zeros: 12, 12.5, 0.33, 0.0012.
func number(v float64) string {
	prec := 2
	if a := math.Abs(v); a > 0 && a < 1 {
		prec = max(2, int(math.Ceil(-math.Log10(a)))+1)
	}
	scale := math.Pow10(prec)
	return strconv.FormatFloat(math.Round(v*scale)/scale, 'f', -1, 64)
}
