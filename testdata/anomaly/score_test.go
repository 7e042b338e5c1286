package anomaly

import (
	"math"
	"reflect"
	"testing"
	"time"
)

var scoreDay = time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)

func at(hhmm string) time.Time {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		panic(err)
	}
	return scoreDay.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
}

func callKey(name string) Key {
	return Key{"111122223333", "us-east-1", "ec2.amazonaws.com", name, CallRate, ""}
}

func inject(kind Kind, k Key, start string, minutes int) Injection {
	return Injection{Kind: kind, Account: k.Account, Region: k.Region, EventSource: k.EventSource, EventName: k.EventName,
		InsightType: k.InsightType, ErrorCode: k.ErrorCode, Start: at(start), Minutes: minutes, PerMinute: 5}
}

func detect(k Key, start, end string) Detected {
	d := Detected{Key: k, Start: at(start)}
	if end != "" {
		d.End = at(end)
	}
	return d
}

func TestScore(t *testing.T) {
	burst := callKey("CreateTags").Call().Series(ErrorRate, "Client.UnauthorizedOperation")
	injections := []Injection{
		inject(Spike, callKey("RunInstances"), "10:00", 10),
		inject(Drop, callKey("AuthorizeSecurityGroupIngress"), "12:00", 20),
		inject(ErrorBurst, burst, "14:00", 3),
		inject(Spike, callKey("StopInstances"), "16:00", 1),
	}
	detected := []Detected{
		detect(callKey("RunInstances"), "10:01", "10:11"),                  // the spike, a minute late at both ends
		detect(callKey("AuthorizeSecurityGroupIngress"), "11:59", "12:05"), // the drop in two pieces
		detect(callKey("AuthorizeSecurityGroupIngress"), "12:07", "12:22"),
		detect(burst, "14:00", ""),                         // the burst, still open
		detect(callKey("CreateTags"), "14:00", "14:03"),    // the burst's failed writes: collateral
		detect(callKey("RunInstances"), "10:13", "10:20"),  // 3 minutes after the spike: false
		detect(callKey("DeleteTags"), "10:00", "10:05"),    // a series nothing was injected on: false
		detect(callKey("StopInstances"), "16:04", "16:08"), // too late for the 1-minute spike: false
	}
	got := Score(injections, detected, 2_000_000)

	want := Result{
		KindScore: KindScore{Injections: 4, Matched: 3},
		ByKind: map[Kind]KindScore{
			Spike:      {Injections: 2, Matched: 1},
			Drop:       {Injections: 1, Matched: 1},
			ErrorBurst: {Injections: 1, Matched: 1},
		},
		Detected:        8,
		False:           3,
		FalsePerMillion: 1.5,
		Collateral:      1,
		Fragments:       1,
		StartError:      Timing{N: 3, Mean: 2.0 / 3, Max: 1},
		EndError:        Timing{N: 2, Mean: 1.5, Max: 2},
		Open:            1,
		Missed:          injections[3:],
		FalseInsights:   []Detected{detected[5], detected[6], detected[7]},
	}
	if math.Abs(got.StartError.Mean-want.StartError.Mean) < 1e-9 {
		got.StartError.Mean = want.StartError.Mean
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Score:\n got %+v\nwant %+v", got, want)
	}
	if r := got.Recall(); r != 0.75 {
		t.Errorf("recall %v, want 0.75", r)
	}
	if r := got.ByKind[Spike].Recall(); r != 0.5 {
		t.Errorf("spike recall %v, want 0.5", r)
	}
}

// TestScoreSlack: an insight matches when its minutes come within Slack of the injection's,
// at either end, and not a minute further.
func TestScoreSlack(t *testing.T) {
	k := callKey("RunInstances")
	in := inject(Spike, k, "10:00", 10) // 10:00 to 10:10
	for _, c := range []struct {
		start, end string
		match      bool
	}{
		{"09:50", "09:58", false}, // ends 2 minutes before
		{"09:50", "09:59", true},  // ends within 2 minutes before
		{"10:11", "10:15", true},  // starts within 2 minutes after the end
		{"10:12", "10:15", false}, // starts 2 minutes after the end
		{"10:12", "", false},      // open, starting too late
		{"09:00", "", true},       // open since before
		{"10:03", "10:05", true},  // inside
		{"09:00", "11:00", true},  // around
	} {
		r := Score([]Injection{in}, []Detected{detect(k, c.start, c.end)}, 1_000_000)
		if (r.Matched == 1) != c.match || r.False+r.Matched != 1 {
			t.Errorf("insight %s–%s: matched %d, false %d; want match %v", c.start, c.end, r.Matched, r.False, c.match)
		}
	}
}

func TestScoreNothing(t *testing.T) {
	r := Score(nil, nil, 0)
	if r.Recall() != 0 || r.FalsePerMillion != 0 || r.StartError.N != 0 {
		t.Fatalf("Score of nothing = %+v", r)
	}
	// Two injections on one series hours apart: each insight goes to its own.
	k := callKey("RunInstances")
	ins := []Injection{inject(Spike, k, "10:00", 10), inject(Spike, k, "13:00", 10)}
	r = Score(ins, []Detected{detect(k, "13:00", "13:10"), detect(k, "10:00", "10:10")}, 1)
	if r.Matched != 2 || r.Fragments != 0 || r.StartError.Max != 0 {
		t.Fatalf("two injections on one series: %+v", r)
	}
}
