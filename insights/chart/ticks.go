package chart

import (
	"math"
	"time"

	"gonum.org/v1/plot"
)

// valueTicks are gonum/plot's ticks on the y axis, labelled as the rest of the chart writes
// numbers: gonum's own labels carry fixed decimals ("250.00") for whole numbers of calls.
type valueTicks struct{}

var _ plot.Ticker = valueTicks{}

func (valueTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = number(ticks[i].Value)
		}
	}
	return ticks
}

// tickSteps are the spacings timeTicks may put between labelled ticks: steps a reader counts
// in, each dividing a day, so ticks land on the same clock times every day.
var tickSteps = []time.Duration{
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute,
	30 * time.Minute, time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour,
}

// timeTicks labels a time axis (Unix seconds) in UTC HH:MM at round clock times. gonum/plot's
// own TimeTicks places ticks at round numbers of seconds, which read as 13:06:40 and the like.
type timeTicks struct {
	maxLabels int // the most labels that fit the axis without overlapping
}

var _ plot.Ticker = timeTicks{}

// Ticks returns the labelled ticks in [lo, hi], at the smallest step that keeps their number
// within maxLabels. Multiples of a step that divides a day fall on the same clock times in UTC
// because the Unix epoch is a UTC midnight.
func (t timeTicks) Ticks(lo, hi float64) []plot.Tick {
	step := tickSteps[len(tickSteps)-1]
	for _, s := range tickSteps {
		if (hi-lo)/s.Seconds() <= float64(t.maxLabels) {
			step = s
			break
		}
	}
	for (hi-lo)/step.Seconds() > float64(t.maxLabels) {
		step *= 2 // more than maxLabels days: whole days apart, doubling
	}
	format := "15:04"
	switch {
	case step >= 24*time.Hour:
		format = "Jan 2"
	case hi-lo > (24 * time.Hour).Seconds():
		format = "Jan 2 15:04"
	}
	sec := step.Seconds()
	var ticks []plot.Tick
	for v := math.Ceil(lo/sec) * sec; v <= hi; v += sec {
		ticks = append(ticks, plot.Tick{Value: v, Label: time.Unix(int64(v), 0).UTC().Format(format)})
	}
	return ticks
}
