package anomaly

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestPlanDeterministic(t *testing.T) {
	dir, p := sharedTrail(t)
	a, err := Plan(p, 7, testWindow)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Plan(p, 7, testWindow)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two plans of one profile and seed differ")
	}
	// A profile read again from the files (steady series included, read in another order by
	// other goroutines) plans the same.
	c, err := Plan(profile(t, dir), 7, testWindow)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, c) {
		t.Fatal("the plan of a profile read again from the files differs")
	}
	d, err := Plan(p, 8, testWindow)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a, d) {
		t.Fatal("seeds 7 and 8 give the same plan")
	}
}

func TestPlanShape(t *testing.T) {
	_, p := sharedTrail(t)
	plan, err := Plan(p, 3, testWindow)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[Kind]int{}
	levels := map[string]int{}
	sizes, lengths := map[float64]bool{}, map[int]bool{}
	bySeries := map[Key][]Injection{}
	steady := FindSteady(p, Window{testStart, testWindow.Start})
	for _, in := range plan {
		kinds[in.Kind]++
		levels[in.Level]++
		lengths[in.Minutes] = true
		bySeries[in.Key()] = append(bySeries[in.Key()], in)
		if in.Start.Before(testWindow.Start.Add(edge)) || in.End().After(testWindow.End.Add(-edge)) {
			t.Errorf("%s: outside the window less its edges", in)
		}
		switch in.Kind {
		case Spike:
			if want := max(minSpike, int(math.Ceil(1.5*float64(in.BaselineMax)))); in.PerMinute < want {
				t.Errorf("%s: %d calls per minute, want at least %d", in, in.PerMinute, want)
			}
			if in.BaselineMax == 0 || len(in.Sample) == 0 {
				t.Errorf("%s: spike on a series without baseline calls or sample", in)
			}
			sizes[float64(in.PerMinute)/float64(in.BaselineMax)] = true
		case Drop:
			if !slices.Contains(steady, in.Key()) {
				t.Errorf("%s: drop on a series that is not steady", in)
			}
		case ErrorBurst:
			info := p.Calls[in.Key().Call()]
			if info == nil || info.Errors[in.ErrorCode] != 0 || p.Series[in.Key()] != nil {
				t.Errorf("%s: the API is unknown or already returns %s", in, in.ErrorCode)
			}
			if in.PerMinute < 5 || in.PerMinute > 30 || in.Minutes > 10 {
				t.Errorf("%s: error bursts are 5–30 a minute for 1–10 minutes", in)
			}
		}
	}
	want := map[Kind]int{Spike: 36, Drop: 5, ErrorBurst: 9}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
	for _, l := range []string{"rare", "medium", "busy"} {
		if levels[l] != 12 {
			t.Errorf("%d %s spikes, want 12", levels[l], l)
		}
	}
	for _, m := range []int{1, 3, 10, 30} {
		if !lengths[m] {
			t.Errorf("no injection of %d minutes", m)
		}
	}
	if len(sizes) < 3 {
		t.Errorf("spike sizes relative to the baseline maximum: %v, want several", sizes)
	}
	for k, ins := range bySeries {
		if len(ins) > 1 && ins[0].Kind != Drop {
			t.Errorf("%s: %d injections; only drops share a series", k, len(ins))
		}
		for i := 1; i < len(ins); i++ {
			if ins[i].Start.Before(ins[i-1].End().Add(slotGap * time.Minute)) {
				t.Errorf("%s: injections at %s and %s overlap", k, ins[i-1].Start, ins[i].Start)
			}
		}
	}
}

func TestPlanNeedsSteadySeries(t *testing.T) {
	p := NewProfile(testStart, testDays*1440)
	if _, err := Plan(p, 1, testWindow); !errors.Is(err, ErrNoSteadySeries) {
		t.Fatalf("Plan on an empty profile: %v, want ErrNoSteadySeries", err)
	}
	late := Window{testWindow.Start.AddDate(0, 0, 1), testWindow.End.AddDate(0, 0, 1)}
	if _, err := Plan(p, 1, late); err == nil {
		t.Fatal("Plan with a window past the profile: no error")
	}
}

func TestFindSteady(t *testing.T) {
	p := NewProfile(testStart, 8*1440)
	baseline := Window{testStart, testStart.AddDate(0, 0, 7)}
	k := Key{"111122223333", "us-east-1", "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", CallRate, ""}
	gappy := Key{"111122223333", "us-east-1", "ec2.amazonaws.com", "CreateTags", CallRate, ""}
	for _, key := range []Key{k, gappy} {
		p.Calls[key.Call()] = &CallInfo{Call: key.Call(), EventType: "AwsApiCall"}
	}
	for m := range 7 * 1440 {
		at := testStart.Add(time.Duration(m) * time.Minute)
		p.Add(k, at, 1)
		if m%50 != 0 { // quiet 2% of the minutes: not steady
			p.Add(gappy, at, 9)
		}
	}
	if got := FindSteady(p, baseline); !reflect.DeepEqual(got, []Key{k}) {
		t.Fatalf("FindSteady = %v, want only %s", got, k)
	}
}
