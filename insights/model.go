package insights

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// The detection model. Per series (an API, or an API and error code, in one account and
// region) and per UTC day, the baseline of the previous whole days (up to 7) gives, for each
// hour of the day, what the series does at that time of day:
//
//   - high[h]: the highest mean rate per minute of any baseline day over hours h-1..h+1;
//   - low[h]: the lowest mean rate per minute of any baseline day over any of hours h-1..h+1;
//   - max[h]: the largest count in one minute over hours h-1..h+1 of all baseline days;
//   - dispersion[h]: variance over mean of those per-minute counts (at least 1).
//
// A minute with x calls starts a rate insight when x ≥ MinSpike (MinErrors for errors), x is at
// least 1.5 times the busiest minute of the whole baseline plus SpikeMargin, and x is
// improbable under a quasi-Poisson law with mean λ = max(average, high[h], floor) and
// dispersion φ: P(X ≥ x/φ; λ/φ) < AlphaStart. The insight goes on while each next minute
// stays improbable at the looser AlphaContinue, and ends at the first minute that is not.
//
// Using the time-of-day high instead of the flat 7-day average is what keeps office hours,
// Monday mornings and nightly batches from raising insights; the dispersion term is what keeps
// bursty APIs (a Terraform apply that makes 40 calls in a minute every few hours) quiet. The
// margin over the week's busiest minute is what keeps coincidences and human bursts quiet: an
// API called about once every 25 minutes has a few minutes with 2 calls in a week and,
// somewhere among hundreds of such series, a minute with 3; a role-creation script that made 4
// calls in a minute last week makes 6 this week. The tail test alone would call both insights.
// Errors need MinErrors because the AWS SDKs try a failing call up to 3 times: one call that
// fails makes 3 errors in a minute.
//
// A drop to zero is detected where the series is steady: low[h] ≥ MinSteadyRate. Each minute
// without a call adds low[h] to the evidence (−ln P(0 calls) under Poisson); an insight starts,
// dated at the first silent minute, once the evidence reaches DropEvidence and the silence
// has lasted MinDropMinutes, and ends at the first minute with calls.
//
// README.md ("CloudTrail Insights: the detection model") gives the measurements behind the
// constants.
const (
	MinSpike       = 3      // calls in one minute, at least, to start a call-rate insight
	MinErrors      = 5      // errors in one minute, at least, to start an error-rate insight
	SpikeMargin    = 2      // calls above 1.5 × the baseline's busiest minute, at least
	AlphaStart     = 3e-5   // tail probability that starts an insight
	AlphaContinue  = 1e-3   // tail probability that keeps an insight going
	MinSteadyRate  = 1.0    // calls per minute at the lowest, for a series to be steady
	DropEvidence   = 14.0   // −ln P of the silence: e^−14 ≈ 8e−7
	MinDropMinutes = 3      // minutes of silence, at least, before a drop is an insight
	maxDispersion  = 25.0   // cap, so one huge burst in the baseline does not blind the series
	hoursPerDay    = 24     // the profile's resolution
	floorPerWeek   = 1.0    // the rate floor: one call per baseline period
	minutesPerDay  = 1440   //
	minutesPerHour = 60     //
	baselineDays   = 7      // whole days of baseline at most
	profileSpan    = 1      // hours on each side of h that the profile looks at
	tailUnlikely   = 1e-300 // below this a tail is reported as 0
)

// profile is one series' baseline for one day.
type profile struct {
	minutes    int     // baseline minutes (whole days × 1440)
	total      int64   // calls in the baseline
	average    float64 // total / minutes: CloudTrail's baseline.average
	hourlyAvg  [hoursPerDay]float64
	high, low  [hoursPerDay]float64
	max        [hoursPerDay]int32
	dispersion [hoursPerDay]float64
}

// expected is λ for a spike test at hour h: never below the flat average or the floor.
func (p *profile) expected(h int) float64 {
	lam := math.Max(p.average, p.high[h])
	if p.minutes > 0 {
		lam = math.Max(lam, floorPerWeek/float64(p.minutes))
	}
	return lam
}

// spikeTail is the quasi-Poisson upper tail P(X ≥ x) at hour h.
func (p *profile) spikeTail(x int32, h int) float64 {
	phi := math.Max(1, p.dispersion[h])
	return upperTail(float64(x)/phi, p.expected(h)/phi)
}

// startsSpike reports whether a minute of x calls (or errors) at hour h starts an insight;
// least is MinSpike or MinErrors.
func (p *profile) startsSpike(x int32, h int, least int32) bool {
	b := p.busiest()
	return x >= least && x >= b+b/2+SpikeMargin && p.spikeTail(x, h) < AlphaStart
}

// busiest is the largest count of one minute in the whole baseline.
func (p *profile) busiest() int32 {
	var m int32
	for _, v := range p.max {
		m = max(m, v)
	}
	return m
}

// continuesSpike reports whether a minute of x calls keeps a rate insight going.
func (p *profile) continuesSpike(x int32, h int) bool {
	return x >= 1 && p.spikeTail(x, h) < AlphaContinue
}

// steady reports whether silence at hour h is evidence of a drop, and how much per minute.
func (p *profile) steady(h int) (float64, bool) {
	return p.low[h], p.low[h] >= MinSteadyRate
}

// upperTail is P(X ≥ k) for X ~ Poisson(mu), extended to real k > 0 through the regularized
// incomplete gamma function (P(X ≥ k) = P(k, mu) for whole k).
func upperTail(k, mu float64) float64 {
	if k <= 0 {
		return 1
	}
	if mu <= 0 {
		return 0
	}
	v := mathext.GammaIncReg(k, mu)
	if v < tailUnlikely {
		return 0
	}
	return v
}

// buildProfile computes a series' profile from its per-minute counts over the baseline days
// (len(counts) = days × 1440, day 0 first; minute i falls in hour (i/60)%24). Minutes where
// skip is true (earlier insights) count in the total and the average, which are CloudTrail's
// plain baseline.average, but not in the time-of-day statistics: an attack last Tuesday must
// not teach the model that such minutes are normal, nor a past outage that silence is.
func buildProfile(counts []int32, skip []bool) profile {
	var p profile
	days := len(counts) / minutesPerDay
	p.minutes = days * minutesPerDay
	if days == 0 {
		return p
	}
	// sums[d][h], ns[d][h]: calls and unskipped minutes of day d in hour h.
	sums := make([][hoursPerDay]int64, days)
	ns := make([][hoursPerDay]int32, days)
	var hourTotal, hourN [hoursPerDay]int64
	var hourMax [hoursPerDay]int32
	var hourSq [hoursPerDay]float64
	for i, c := range counts[:p.minutes] {
		p.total += int64(c)
		if skip != nil && skip[i] {
			continue
		}
		d, h := i/minutesPerDay, (i/minutesPerHour)%hoursPerDay
		ns[d][h]++
		hourN[h]++
		if c == 0 {
			continue
		}
		sums[d][h] += int64(c)
		hourTotal[h] += int64(c)
		hourMax[h] = max(hourMax[h], c)
		hourSq[h] += float64(c) * float64(c)
	}
	p.average = float64(p.total) / float64(p.minutes)
	for h := 0; h < hoursPerDay; h++ {
		if hourN[h] > 0 {
			p.hourlyAvg[h] = float64(hourTotal[h]) / float64(hourN[h])
		}
		low := math.Inf(1)
		var n, sum, sq float64
		for dh := -profileSpan; dh <= profileSpan; dh++ {
			hh := (h + dh + hoursPerDay) % hoursPerDay
			p.max[h] = max(p.max[h], hourMax[hh])
			sum += float64(hourTotal[hh])
			sq += hourSq[hh]
			n += float64(hourN[hh])
			for d := 0; d < days; d++ {
				if ns[d][hh] > 0 {
					low = math.Min(low, float64(sums[d][hh])/float64(ns[d][hh]))
				}
			}
		}
		for d := 0; d < days; d++ {
			var s, m int64
			for dh := -profileSpan; dh <= profileSpan; dh++ {
				hh := (h + dh + hoursPerDay) % hoursPerDay
				s += sums[d][hh]
				m += int64(ns[d][hh])
			}
			if m > 0 {
				p.high[h] = math.Max(p.high[h], float64(s)/float64(m))
			}
		}
		if math.IsInf(low, 1) {
			low = 0
		}
		p.low[h] = low
		p.dispersion[h] = 1
		if n > 0 && sum > 0 {
			mean := sum / n
			variance := sq/n - mean*mean
			p.dispersion[h] = math.Min(maxDispersion, math.Max(1, variance/mean))
		}
	}
	return p
}
