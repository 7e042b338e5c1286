package insights

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// rhythm is a weekday office-hours curve: rate at the peak, a tenth of it at night and a
// fifth of it on weekends.
func rhythm(peak float64) func(time.Time) float64 {
	return func(t time.Time) float64 {
		f := 0.1
		if h := t.Hour(); h >= 8 && h < 18 {
			f = 1
		} else if h >= 6 && h < 8 || h >= 18 && h < 20 {
			f = 0.4
		}
		if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
			f *= 0.2
		}
		return peak * f
	}
}

// Ordinary daily and weekly rhythm with Poisson noise, over two weeks and many rates, raises
// no insight.
func TestRhythmAndNoiseRaiseNothing(t *testing.T) {
	f := newFixture(t)
	rng := rand.New(rand.NewPCG(1, 2))
	from, to := day0, day0.AddDate(0, 0, 14)
	var calls []call
	for i, peak := range []float64{0.01, 0.03, 0.06, 0.1, 0.3, 1, 3, 6} {
		c := call{source: "ec2.amazonaws.com", name: []string{"CreateTags", "DeleteTags", "StartInstances", "StopInstances",
			"CreateVolume", "AttachVolume", "ModifyInstanceAttribute", "CreateSnapshot"}[i]}
		calls = append(calls, poisson(rng, from, to, rhythm(peak), c)...)
		e := c
		e.errorCode = "Client.UnauthorizedOperation"
		calls = append(calls, poisson(rng, from, to, rhythm(peak/10), e)...)
	}
	f.add(t, calls)
	rep := f.run(t, to, time.Time{})
	if recs := f.records(t); len(recs) != 0 {
		t.Errorf("%d records on normal data (%d events), want none: %+v", len(recs), len(calls), recs)
	}
	if rep.Sources[0].Minutes != 7*1440 {
		t.Errorf("processed %d minutes, want the second week", rep.Sources[0].Minutes)
	}
}

// Running every hour gives the same records as one run over the whole time; running again
// adds nothing.
func TestIncrementalRunsEqualOneRun(t *testing.T) {
	calls := []call{}
	run := call{source: "ec2.amazonaws.com", name: "RunInstances"}
	for d := 0; d < 9; d++ {
		calls = append(calls, every(day0.AddDate(0, 0, d).Add(9*time.Hour+5*time.Minute), 4*time.Hour, 3, run)...)
	}
	spikes := []time.Time{day0.AddDate(0, 0, 7).Add(13*time.Hour + 25*time.Minute), day0.AddDate(0, 0, 8).Add(23*time.Hour + 58*time.Minute)}
	for _, s := range spikes {
		for m := 0; m < 4; m++ { // each spike crosses an hour boundary; the second one midnight
			calls = append(calls, burst(s.Add(time.Duration(m)*time.Minute), 8, run)...)
		}
	}
	end := day0.AddDate(0, 0, 9).Add(2 * time.Hour)

	once := newFixture(t, CallRate)
	once.add(t, calls)
	once.run(t, end, time.Time{})
	want := once.records(t)
	if len(want) != 4 {
		t.Fatalf("one run: %d records, want 2 insights: %+v", len(want), want)
	}

	hourly := newFixture(t, CallRate)
	hourly.add(t, calls)
	for at := day0.AddDate(0, 0, 7).Add(time.Hour); !at.After(end); at = at.Add(time.Hour) {
		hourly.run(t, at, time.Time{})
	}
	hourly.run(t, end, time.Time{})
	got := hourly.records(t)
	if len(got) != len(want) {
		t.Fatalf("hourly runs: %d records, one run: %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		// The IDs are derived from the source store's ARN, which differs between the two.
		w.EventID, w.SharedEventID, g.EventID, g.SharedEventID = "", "", "", ""
		// A Start written while its insight was still going on has the average so far.
		if g.InsightDetails.State == StateStart {
			g.InsightDetails.InsightContext, w.InsightDetails.InsightContext = InsightContext{}, InsightContext{}
		}
		if string(w.Marshal()) != string(g.Marshal()) {
			t.Errorf("record %d differs:\none run %s\nhourly  %s", i, w.Marshal(), g.Marshal())
		}
	}
	if d := got[3].InsightDetails.InsightContext.Statistics.InsightDuration; got[3].EventTime != spikes[1].Add(4*time.Minute).Format(time.RFC3339) || d != 4 {
		t.Errorf("the insight across midnight ended %s after %d minutes", got[3].EventTime, d)
	}
}

// A run that crashed after writing its records but before saving its state is repeated by the
// next run, which stores nothing twice.
func TestRepeatedRunAfterLostStateAddsNothing(t *testing.T) {
	f := newFixture(t, CallRate)
	run := call{source: "ec2.amazonaws.com", name: "RunInstances"}
	var calls []call
	for d := 0; d < 8; d++ {
		calls = append(calls, every(day0.AddDate(0, 0, d).Add(9*time.Hour), 5*time.Hour, 3, run)...)
	}
	calls = append(calls, burst(day0.AddDate(0, 0, 7).Add(12*time.Hour), 7, run)...)
	f.add(t, calls)
	at := day0.AddDate(0, 0, 8)
	f.run(t, at, time.Time{})
	first := f.records(t)
	if err := removeState(f); err != nil {
		t.Fatal(err)
	}
	f.run(t, at, time.Time{})
	again := f.records(t)
	if len(first) != 2 || len(again) != 2 {
		t.Fatalf("records: %d, then %d after the repeated run", len(first), len(again))
	}
}

func removeState(f *fixture) error {
	return removeFile(statePath(f.st, f.src.ID()))
}

func TestUpperTail(t *testing.T) {
	for _, c := range []struct{ k, mu, want float64 }{
		{3, 0.05, 1 - math.Exp(-0.05)*(1+0.05+0.05*0.05/2)},
		{1, 2, 1 - math.Exp(-2)},
		{0, 1, 1},
		{3, 0, 0},
	} {
		if got := upperTail(c.k, c.mu); math.Abs(got-c.want) > 1e-12*math.Max(1, c.want) {
			t.Errorf("P(X ≥ %v; %v) = %v, want %v", c.k, c.mu, got, c.want)
		}
	}
}

// The profile follows the time of day: office hours set high[h], nights low[h].
func TestProfileByHour(t *testing.T) {
	counts := make([]int32, 7*minutesPerDay)
	for i := range counts {
		if h := (i / 60) % 24; h >= 9 && h < 17 {
			counts[i] = 10
		} else {
			counts[i] = 1
		}
	}
	p := buildProfile(counts, nil)
	if p.high[12] != 10 || p.low[12] != 10 || p.low[3] != 1 || p.high[3] != 1 || p.busiest() != 10 {
		t.Errorf("high %v low %v", p.high, p.low)
	}
	if p.high[9] != 7 || p.low[9] != 1 { // hours 8–10: one quiet hour, two busy ones
		t.Errorf("at 09h: high %v low %v", p.high[9], p.low[9])
	}
	// At least 1.5 × 10 + 2 calls; at noon 17 is not rare enough for λ = 10; at night λ is
	// never below the flat average (4 a minute).
	if !p.startsSpike(40, 12, MinSpike) || p.startsSpike(17, 12, MinSpike) || p.startsSpike(16, 3, MinSpike) || !p.startsSpike(20, 3, MinSpike) {
		t.Errorf("spike tests at 12h and 03h")
	}
	if _, ok := p.steady(3); !ok {
		t.Errorf("1 a minute at night is steady")
	}
}
