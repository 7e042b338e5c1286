package chart

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// t0 is the start of every test series: 13:00 UTC, so an insight at minute 25 reads 13:25.
var t0 = time.Date(2024, 5, 1, 13, 0, 0, 0, time.UTC)

// minute returns the time of minute i of the test series.
func minute(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) }

// spikeGraph is n minutes of a quiet 10–12 calls a minute with one spike of peak calls at
// minute at, and an insight over [from, to) in minutes.
func spikeGraph(n, at int, peak float64, from, to int) Graph {
	g := Graph{
		Title:    "ec2.amazonaws.com RunInstances — ApiCallRateInsight",
		YLabel:   "API calls per minute",
		Start:    minute(from),
		End:      minute(to),
		Baseline: 11.2,
	}
	for i := 0; i < n; i++ {
		v := float64(10 + i%3)
		if i == at {
			v = peak
		}
		g.Series = append(g.Series, Point{Time: minute(i), Value: v})
	}
	return g
}

// flatGraph is n minutes of the same value.
func flatGraph(n int, v float64, from, to int) Graph {
	g := spikeGraph(n, -1, 0, from, to)
	for i := range g.Series {
		g.Series[i].Value = v
	}
	g.Baseline = v
	return g
}

func TestValidate(t *testing.T) {
	ok := spikeGraph(60, 25, 480, 25, 26)
	if err := ok.validate(); err != nil {
		t.Fatalf("valid graph: %v", err)
	}
	tests := []struct {
		name   string
		change func(g *Graph)
		want   error
		says   string
	}{
		{"empty", func(g *Graph) { g.Series = nil }, ErrEmptySeries, "empty series"},
		{"NaN value", func(g *Graph) { g.Series[3].Value = math.NaN() }, ErrInvalidGraph, "point 3"},
		{"infinite value", func(g *Graph) { g.Series[4].Value = math.Inf(1) }, ErrInvalidGraph, "point 4"},
		{"descending", func(g *Graph) { g.Series[5].Time = minute(3) }, ErrInvalidGraph, "point 5"},
		{"missing minute", func(g *Graph) { g.Series = append(g.Series[:10:10], g.Series[11:]...) }, ErrInvalidGraph, "point 10"},
		{"duplicate time", func(g *Graph) { g.Series[1].Time = g.Series[0].Time }, ErrInvalidGraph, "point 1"},
		{"NaN baseline", func(g *Graph) { g.Baseline = math.NaN() }, ErrInvalidGraph, "baseline"},
		{"reversed span", func(g *Graph) { g.Start, g.End = g.End, g.Start }, ErrInvalidGraph, "ends before it starts"},
		{"empty span", func(g *Graph) { g.End = g.Start }, ErrInvalidGraph, "ends before it starts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := spikeGraph(60, 25, 480, 25, 26)
			tt.change(&g)
			err := g.validate()
			if !errors.Is(err, tt.want) {
				t.Fatalf("validate() = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
			// Both renderers validate first.
			if _, err := Terminal(g, 80, 20, false); !errors.Is(err, tt.want) {
				t.Errorf("Terminal: %v, want %v", err, tt.want)
			}
			if err := WriteImage(g, t.TempDir()+"/x.png", 800, 400); !errors.Is(err, tt.want) {
				t.Errorf("WriteImage: %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSpanLegend(t *testing.T) {
	tests := []struct {
		name       string
		start, end time.Time
		want       string
	}{
		{"one minute", minute(25), minute(26), "insight: 13:25–13:26 UTC"},
		{"clipped at the start", minute(-30), minute(2), "insight: 12:30–13:02 UTC"},
		{"outside", minute(90), minute(95), "insight: 14:30–14:35 UTC (outside the plotted range)"},
		{"ends where the series ends", minute(55), minute(60), "insight: 13:55–14:00 UTC"},
		{"starts where the series ends", minute(60), minute(61), "insight: 14:00–14:01 UTC (outside the plotted range)"},
		{"across midnight", time.Date(2024, 5, 1, 23, 55, 0, 0, time.UTC), time.Date(2024, 5, 2, 0, 5, 0, 0, time.UTC),
			"insight: May 1 23:55–May 2 00:05 UTC (outside the plotted range)"},
		{"shown in UTC", minute(25).In(time.FixedZone("IST", 5*3600+1800)), minute(26).In(time.FixedZone("PST", -8*3600)),
			"insight: 13:25–13:26 UTC"},
	}
	for _, tt := range tests {
		g := spikeGraph(60, 25, 480, 0, 1)
		g.Start, g.End = tt.start, tt.end
		if got := g.spanLegend(); got != tt.want {
			t.Errorf("%s: spanLegend() = %q, want %q", tt.name, got, tt.want)
		}
	}
	// On a series of several days, the clock alone would not say which day.
	week := spikeGraph(7*24*60, 5000, 900, 5000, 5060)
	if got, want := week.spanLegend(), "insight: May 5 00:20–01:20 UTC"; got != want {
		t.Errorf("week: spanLegend() = %q, want %q", got, want)
	}
}

func TestNumber(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 12: "12", 11.2: "11.2", 1.0 / 3: "0.33", 1234567: "1234567", -2.5: "-2.5",
		0.001: "0.001", 0.0012345: "0.0012", -0.05: "-0.05", 99.999: "100"} {
		if got := number(v); got != want {
			t.Errorf("number(%v) = %q, want %q", v, got, want)
		}
	}
}
