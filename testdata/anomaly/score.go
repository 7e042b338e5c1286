package anomaly

import (
	"math"
	"time"
)

// Slack is how far apart in time an insight and an injection may be and still match: a
// detector may need a minute to see a change begin, and count the minute it ends in.
const Slack = 2 * time.Minute

// KindScore is the recall of one kind of injection.
type KindScore struct {
	Injections, Matched int
}

// Recall is Matched / Injections, 0 for no injections.
func (k KindScore) Recall() float64 { return ratio(k.Matched, k.Injections) }

// Timing is an error in minutes over the matched injections.
type Timing struct {
	N         int
	Mean, Max float64
}

func (t *Timing) add(d time.Duration) {
	m := math.Abs(d.Minutes())
	t.Mean = (t.Mean*float64(t.N) + m) / float64(t.N+1)
	t.Max = max(t.Max, m)
	t.N++
}

// Result is the score of a detector's insights against the injections.
type Result struct {
	KindScore // all kinds
	ByKind    map[Kind]KindScore
	Detected  int // insights reported
	// False counts insights that match no injection; FalsePerMillion relates them to the
	// normal (not injected) events the detector analyzed.
	False           int
	FalsePerMillion float64
	// Collateral counts insights on another series of an injected call at the injection's
	// time, e.g. the call rate of a write API during an error burst on it: true, but not what
	// was injected, so neither a match nor false.
	Collateral int
	// Fragments counts insights beyond the first on one injection: a detector that splits an
	// anomaly in two still finds it, once.
	Fragments int
	// StartError is |first insight Start − injection Start|, EndError |last insight End −
	// injection end|, over matched injections; Open counts those whose insight has no End.
	StartError, EndError Timing
	Open                 int
	Missed               []Injection
	FalseInsights        []Detected
}

// Score matches detected insights to injections: an insight matches an injection on the same
// series whose minutes overlap its own, give or take Slack. normalEvents is the number of
// events that were not injected, the base of the false-insight rate.
func Score(injections []Injection, detected []Detected, normalEvents int64) Result {
	res := Result{ByKind: map[Kind]KindScore{}}
	res.Injections, res.Detected = len(injections), len(detected)
	matches := make([][]Detected, len(injections))
	for _, d := range detected {
		if i := bestMatch(injections, d, func(in Injection) bool { return in.Key() == d.Key }); i >= 0 {
			matches[i] = append(matches[i], d)
			continue
		}
		if bestMatch(injections, d, func(in Injection) bool { return in.Key().Call() == d.Key.Call() }) >= 0 {
			res.Collateral++
			continue
		}
		res.False++
		res.FalseInsights = append(res.FalseInsights, d)
	}
	for i, in := range injections {
		ks := res.ByKind[in.Kind]
		ks.Injections++
		ms := matches[i]
		if len(ms) == 0 {
			res.ByKind[in.Kind] = ks
			res.Missed = append(res.Missed, in)
			continue
		}
		ks.Matched++
		res.ByKind[in.Kind] = ks
		res.Matched++
		res.Fragments += len(ms) - 1
		start, end, open := ms[0].Start, ms[0].End, false
		for _, d := range ms {
			if d.Start.Before(start) {
				start = d.Start
			}
			if d.Open() {
				open = true
			} else if d.End.After(end) {
				end = d.End
			}
		}
		res.StartError.add(start.Sub(in.Start))
		if open {
			res.Open++
		} else {
			res.EndError.add(end.Sub(in.End()))
		}
	}
	if normalEvents > 0 {
		res.FalsePerMillion = float64(res.False) / (float64(normalEvents) / 1e6)
	}
	return res
}

// bestMatch returns the index of the injection accepted by same whose minutes overlap d's,
// with Slack, the one starting closest to d when several do; -1 if none.
func bestMatch(injections []Injection, d Detected, same func(Injection) bool) int {
	best, bestGap := -1, time.Duration(math.MaxInt64)
	for i, in := range injections {
		if !same(in) || !overlaps(in, d) {
			continue
		}
		gap := d.Start.Sub(in.Start)
		if gap < 0 {
			gap = -gap
		}
		if gap < bestGap {
			best, bestGap = i, gap
		}
	}
	return best
}

func overlaps(in Injection, d Detected) bool {
	if !d.Start.Before(in.End().Add(Slack)) {
		return false
	}
	return d.Open() || d.End.After(in.Start.Add(-Slack))
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
