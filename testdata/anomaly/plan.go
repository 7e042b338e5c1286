package anomaly

import (
	"errors"
	"fmt"
	"github.com/ctlake/ctlake/testdata/gen"
	"math"
	"sort"
	"time"

	"github.com/valyala/fastjson"
)

// The plan is a full factorial, so that a miss can be traced to a level, a size or a length:
// spikes on series of three activity levels × three sizes × four lengths, drops of five
// lengths, error bursts of three rates × three lengths. 50 injections in all.
var (
	spikeLevels  = []string{"busy", "rare", "medium"} // in the order series are picked
	spikeFactors = []float64{1.5, 3, 10}              // × the series' baseline maximum per minute
	spikeLengths = []int{1, 3, 10, 30}
	dropLengths  = []int{10, 15, 20, 25, 30}
	burstRates   = []int{5, 12, 30}
	burstLengths = []int{1, 3, 10}
)

const (
	baselineDays = 7
	rarePerDay   = 3.0 // the rare level: about 3 calls a day, like the AWS example's RunInstances
	minSpike     = 5   // extra calls per minute of the smallest spike
	maxLength    = 30  // minutes of the longest injection
	slotGap      = 10  // quiet minutes at least between two injections
	// edge is kept free at both ends of the window: the detector needs whole minutes after an
	// anomaly to close it, and the first minutes of the window have the least context.
	edge          = time.Hour
	dropSeries    = 2  // drops share at most this many steady series
	minBurstCalls = 14 // an error burst goes on an API called at least about once a day
	burstWrites   = 3  // of the error bursts, how many on write APIs
)

// ErrNoSteadySeries is returned by Plan when the profile has no series to drop to zero; add
// one with AddSteady.
var ErrNoSteadySeries = errors.New("no steady call-rate series to drop")

// Plan chooses the injections for the detection window from the profile of the normal data,
// deterministically for a seed. The baseline is the 7 days before window.Start, which must be
// in the profile. Every injection is on its own series except drops, which share at most two
// steady series; no two injections overlap, and starts are at least 40 minutes apart (hours
// apart over a week).
func Plan(p *Profile, seed int64, window Window) ([]Injection, error) {
	baseline := Window{window.Start.Add(-baselineDays * 24 * time.Hour), window.Start}
	from, to, ok := p.span(baseline)
	if !ok {
		return nil, fmt.Errorf("plan: baseline %s–%s is outside the profile", baseline.Start, baseline.End)
	}
	if _, _, ok := p.span(window); !ok {
		return nil, fmt.Errorf("plan: window %s–%s is outside the profile", window.Start, window.End)
	}
	pl := &planner{p: p, r: gen.NewRand(uint64(seed)), baseline: baseline, from: from, to: to, used: map[Call]bool{}}
	n := len(dropLengths) + len(spikeLevels)*len(spikeFactors)*len(spikeLengths) + len(burstRates)*len(burstLengths)
	if err := pl.makeSlots(window, n); err != nil {
		return nil, err
	}
	var out []Injection
	for _, step := range []func() ([]Injection, error){pl.drops, pl.spikes, pl.bursts} {
		ins, err := step()
		if err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		out = append(out, ins...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out, nil
}

type planner struct {
	p        *Profile
	r        *gen.Rand
	baseline Window
	from, to int // the baseline as minute indexes
	slots    []time.Time
	used     map[Call]bool // calls already given an injection
}

// makeSlots spreads n start times over the window, one per equal part at a random offset,
// then shuffles them so that kinds, levels and sizes fall at every time of day and week.
func (pl *planner) makeSlots(window Window, n int) error {
	first, last := window.Start.Add(edge), window.End.Add(-edge-maxLength*time.Minute)
	step := last.Sub(first) / time.Duration(n)
	room := int((step - (maxLength+slotGap)*time.Minute) / time.Minute)
	if room < 0 {
		return fmt.Errorf("plan: window %s–%s too short for %d injections", window.Start, window.End, n)
	}
	for i := range n {
		t := first.Add(time.Duration(i)*step + time.Duration(pl.r.Intn(room+1))*time.Minute)
		pl.slots = append(pl.slots, t.Truncate(time.Minute))
	}
	pl.r.Shuffle(n, func(i, j int) { pl.slots[i], pl.slots[j] = pl.slots[j], pl.slots[i] })
	return nil
}

func (pl *planner) takeSlot() time.Time {
	t := pl.slots[0]
	pl.slots = pl.slots[1:]
	return t
}

// drops plans the drops to zero on the busiest steady series, each at a time of day when
// the series had calls in essentially every minute of the baseline week.
func (pl *planner) drops() ([]Injection, error) {
	steady := FindSteady(pl.p, pl.baseline)
	if len(steady) == 0 {
		return nil, ErrNoSteadySeries
	}
	steady = steady[:min(len(steady), dropSeries)]
	var out []Injection
	for i, minutes := range dropLengths {
		in, ok := pl.dropAt(steady, i, minutes)
		if !ok {
			return nil, fmt.Errorf("no slot where a steady series is steady for %d minutes", minutes)
		}
		out = append(out, in)
	}
	for _, k := range steady {
		pl.used[k.Call()] = true
	}
	return out, nil
}

func (pl *planner) dropAt(steady []Key, i, minutes int) (Injection, bool) {
	for si, start := range pl.slots {
		for j := range steady {
			k := steady[(i+j)%len(steady)]
			if !pl.steadyAt(k, start, minutes) {
				continue
			}
			pl.slots = append(pl.slots[:si], pl.slots[si+1:]...)
			// No Sample: a drop writes no records.
			return Injection{Kind: Drop, Account: k.Account, Region: k.Region, EventSource: k.EventSource,
				EventName: k.EventName, InsightType: CallRate, Start: start, Minutes: minutes,
				Level: "steady", BaselineMax: int(pl.baselineMax(k))}, true
		}
	}
	return Injection{}, false
}

// steadyAt reports whether series k had calls in at least 99% of the minutes at start's
// time of day, for minutes minutes, on every day of the baseline week.
func (pl *planner) steadyAt(k Key, start time.Time, minutes int) bool {
	s := pl.p.Series[k]
	tod := int(start.Sub(start.Truncate(24*time.Hour)) / time.Minute)
	var nonzero, all int
	for d := range baselineDays {
		for m := range minutes {
			i := pl.from + d*1440 + tod + m
			if i >= pl.to {
				break
			}
			all++
			if s.Counts[i] > 0 {
				nonzero++
			}
		}
	}
	return all > 0 && float64(nonzero) >= steadyShare*float64(all)
}

// candidate is a write series a spike can go on.
type candidate struct {
	key    Key
	info   *CallInfo
	perDay float64 // calls per day in the baseline week
}

func (pl *planner) baselineMax(k Key) int32 {
	var m int32
	if s := pl.p.Series[k]; s != nil {
		for _, c := range s.Counts[pl.from:pl.to] {
			m = max(m, c)
		}
	}
	return m
}

// writeSeries returns the unused call-rate series of API calls seen in the baseline week, in
// key order.
func (pl *planner) writeSeries() []candidate {
	var out []candidate
	for k, s := range pl.p.Series {
		info := pl.p.Calls[k.Call()]
		if k.InsightType != CallRate || info == nil || info.EventType != "AwsApiCall" || info.Sample == nil || pl.used[k.Call()] {
			continue
		}
		var total int64
		for _, c := range s.Counts[pl.from:pl.to] {
			total += int64(c)
		}
		if total > 0 {
			out = append(out, candidate{k, info, float64(total) / baselineDays})
		}
	}
	sort.Slice(out, func(i, j int) bool { return keyLess(out[i].key, out[j].key) })
	return out
}

// spikes plans, for each level, one spike of each size and length, each on its own series.
func (pl *planner) spikes() ([]Injection, error) {
	per := len(spikeFactors) * len(spikeLengths)
	var out []Injection
	for _, level := range spikeLevels {
		cands := pl.writeSeries()
		if len(cands) < per {
			return nil, fmt.Errorf("%d unused write series for %d %s spikes", len(cands), per, level)
		}
		closeTo := func(target float64) {
			sort.SliceStable(cands, func(i, j int) bool {
				return math.Abs(math.Log(cands[i].perDay/target)) < math.Abs(math.Log(cands[j].perDay/target))
			})
		}
		switch level {
		case "busy":
			sort.SliceStable(cands, func(i, j int) bool { return cands[i].perDay > cands[j].perDay })
		case "rare":
			closeTo(rarePerDay)
		case "medium": // halfway, on a log scale, between the rare and the busiest series
			busiest := 0.0
			for _, c := range cands {
				busiest = max(busiest, c.perDay)
			}
			closeTo(math.Sqrt(rarePerDay * busiest))
		}
		combos := make([][2]int, 0, per) // (factor index, length index)
		for f := range spikeFactors {
			for l := range spikeLengths {
				combos = append(combos, [2]int{f, l})
			}
		}
		pl.r.Shuffle(len(combos), func(i, j int) { combos[i], combos[j] = combos[j], combos[i] })
		for i, c := range cands[:per] {
			bmax := pl.baselineMax(c.key)
			size := max(minSpike, int(math.Ceil(spikeFactors[combos[i][0]]*float64(bmax))))
			out = append(out, Injection{Kind: Spike, Account: c.key.Account, Region: c.key.Region,
				EventSource: c.key.EventSource, EventName: c.key.EventName, InsightType: CallRate,
				Start: pl.takeSlot(), Minutes: spikeLengths[combos[i][1]], PerMinute: size,
				Level: level, BaselineMax: int(bmax), Sample: c.info.Sample})
			pl.used[c.key.Call()] = true
		}
	}
	return out, nil
}

// burstCodes are error codes each service really returns, the service's own first; an error
// burst uses the first one its API never returned in the profile.
var burstCodes = map[string][]string{
	"ec2.amazonaws.com": {"Client.UnauthorizedOperation", "Client.RequestLimitExceeded", "Server.InternalError", "Server.Unavailable"},
	"s3.amazonaws.com":  {"AccessDenied", "SlowDown", "InternalError", "ServiceUnavailable"},
	"iam.amazonaws.com": {"AccessDenied", "Throttling", "ServiceFailure"},
	"sts.amazonaws.com": {"AccessDenied", "Throttling", "RegionDisabledException"},
}

var defaultCodes = []string{"AccessDeniedException", "ThrottlingException", "InternalFailure", "ServiceUnavailableException"}

func (pl *planner) burstCode(info *CallInfo) string {
	codes := burstCodes[info.EventSource]
	if codes == nil {
		codes = defaultCodes
	}
	for _, code := range codes {
		if info.Errors[code] == 0 && pl.p.Series[info.Series(ErrorRate, code)] == nil {
			return code
		}
	}
	return ""
}

// bursts plans one error burst of each rate and length, on APIs in use that never returned
// the error: mostly read APIs, a few write APIs, whose failed calls also raise their call rate.
func (pl *planner) bursts() ([]Injection, error) {
	var calls []*CallInfo
	for c, info := range pl.p.Calls {
		if !pl.used[c] && info.EventType == "AwsApiCall" && callerARN(info.Sample) != "" && info.Calls >= minBurstCalls && pl.burstCode(info) != "" {
			calls = append(calls, info)
		}
	}
	sort.Slice(calls, func(i, j int) bool {
		return keyLess(calls[i].Series(ErrorRate, ""), calls[j].Series(ErrorRate, ""))
	})
	pl.r.Shuffle(len(calls), func(i, j int) { calls[i], calls[j] = calls[j], calls[i] })
	n := len(burstRates) * len(burstLengths)
	var picked []*CallInfo
	writes := 0
	for _, info := range calls {
		if len(picked) == n {
			break
		}
		if !info.ReadOnly {
			if writes == burstWrites {
				continue
			}
			writes++
		} else if len(picked)-writes == n-burstWrites {
			continue
		}
		picked = append(picked, info)
	}
	if len(picked) < n {
		return nil, fmt.Errorf("%d APIs for %d error bursts", len(picked), n)
	}
	var out []Injection
	for i, info := range picked {
		code := pl.burstCode(info)
		out = append(out, Injection{Kind: ErrorBurst, Account: info.Account, Region: info.Region,
			EventSource: info.EventSource, EventName: info.EventName, InsightType: ErrorRate, ErrorCode: code,
			Start: pl.takeSlot(), Minutes: burstLengths[i%len(burstLengths)], PerMinute: burstRates[i/len(burstLengths)],
			ReadOnly: info.ReadOnly, Level: level(info), Sample: info.Sample})
		pl.used[info.Call] = true
	}
	return out, nil
}

// callerARN returns the userIdentity.arn of a record, "" if it has none (AWS services,
// Identity Center users): an access-denied message names the caller's ARN, so an error burst
// needs one.
func callerARN(record []byte) string {
	if record == nil {
		return ""
	}
	return string(fastjson.GetBytes(record, "userIdentity", "arn"))
}

func level(info *CallInfo) string {
	if info.ReadOnly {
		return "read"
	}
	return "write"
}
