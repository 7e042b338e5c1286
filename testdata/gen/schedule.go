package gen

import (
	"sort"
	"time"
)

// The schedule spreads Config.Events over 5-minute windows following a daily rhythm: a steady
// background of automated calls around the clock, plus human activity in business hours
// (UTC 08–18) on weekdays.

const (
	windowSecs    = 300
	windowsPerDay = 86400 / windowSecs
	humanPeak     = 1.6 // human calls per background call at the busiest hour of a weekday
)

type window struct {
	start  int64   // unix seconds
	events int     // events in all regions
	human  float64 // probability that an event of this window is made by a person
}

// plan returns the windows of cfg with exactly cfg.Events events in total (largest remainder
// rounding of the rhythm weights, ties to the earlier window).
func plan(cfg Config) []window {
	n := cfg.Days * windowsPerDay
	ws := make([]window, n)
	weights := make([]float64, n)
	var sum float64
	base := cfg.Start.Unix()
	for i := range ws {
		t := base + int64(i)*windowSecs
		biz := humanPeak * businessCurve(t)
		// ±15% jitter so that neighbouring windows differ, from the seed.
		jitter := 0.85 + 0.3*float64(hash2(uint64(cfg.Seed), uint64(t))>>11)*0x1p-53
		ws[i] = window{start: t, human: biz / (1 + biz)}
		weights[i] = (1 + biz) * jitter
		sum += weights[i]
	}
	if cfg.Events == 0 {
		return ws
	}
	type frac struct {
		i int
		f float64
	}
	fracs := make([]frac, n)
	left := cfg.Events
	for i, w := range weights {
		q := float64(cfg.Events) * w / sum
		ws[i].events = int(q)
		left -= ws[i].events
		fracs[i] = frac{i, q - float64(ws[i].events)}
	}
	sort.SliceStable(fracs, func(a, b int) bool { return fracs[a].f > fracs[b].f })
	for k := 0; left > 0; k = (k + 1) % n {
		ws[fracs[k].i].events++
		left--
	}
	// Float rounding can, in theory, floor one too many upwards.
	for k := n - 1; left < 0; k = (k + n - 1) % n {
		if w := &ws[fracs[k].i]; w.events > 0 {
			w.events--
			left++
		}
	}
	return ws
}

// businessCurve is the share of peak human activity at unix time t: 1 in office hours, ramps
// in the morning and evening, a lunch dip, a little at night and on weekends.
func businessCurve(t int64) float64 {
	tm := time.Unix(t, 0).UTC()
	h := float64(tm.Hour()) + float64(tm.Minute())/60
	var f float64
	switch {
	case h < 6:
		f = 0.04
	case h < 8:
		f = 0.04 + (h-6)/2*0.96
	case h < 12:
		f = 1
	case h < 13:
		f = 0.85
	case h < 17:
		f = 1
	case h < 20:
		f = 1 - (h-17)/3*0.85
	default:
		f = 0.08
	}
	switch tm.Weekday() {
	case time.Saturday:
		f *= 0.15
	case time.Sunday:
		f *= 0.12
	}
	return f
}

// regionWeights: the home region (first) takes 80% of the calls, the others a decreasing share. The
// last of three or more regions is "rare" and handled by splitRegions instead.
func regionWeights(n int) []float64 {
	if n == 1 {
		return []float64{1}
	}
	w := make([]float64, n)
	w[0] = 0.8 / 0.2 * harmonic(n-1)
	for i := 1; i < n; i++ {
		w[i] = 1 / float64(i)
	}
	return w
}

func harmonic(n int) float64 {
	var s float64
	for i := 1; i <= n; i++ {
		s += 1 / float64(i)
	}
	return s
}

// splitRegions divides a window's events over regions. counts is indexed like Config.Regions.
// With a rare region, about one window in 36 sends it a few (1–5) calls.
func splitRegions(r *rng, n int, common alias, rare int, counts []int) {
	clear(counts)
	if rare >= 0 && n > 0 && r.intn(36) == 0 {
		k := min(n, 1+r.intn(5))
		counts[rare] = k
		n -= k
	}
	for range n {
		counts[common.pick(r)]++
	}
}
