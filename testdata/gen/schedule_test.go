package gen

import (
	"testing"
	"time"
)

func TestPlanExact(t *testing.T) {
	for _, events := range []int{0, 1, 2015, 2016, 2017, 99999, 1000003} {
		for _, days := range []int{1, 7, 30} {
			cfg := Config{Events: events, Seed: int64(events), Start: testStart, Days: days}
			ws := plan(cfg)
			if len(ws) != days*windowsPerDay {
				t.Fatalf("%d days: %d windows", days, len(ws))
			}
			sum := 0
			for i, w := range ws {
				if w.events < 0 || w.start != testStart.Unix()+int64(i)*windowSecs {
					t.Fatalf("window %d: %+v", i, w)
				}
				sum += w.events
			}
			if sum != events {
				t.Fatalf("%d events over %d days: plan has %d", events, days, sum)
			}
		}
	}
}

func TestPlanRhythm(t *testing.T) {
	ws := plan(Config{Events: 1_000_000, Seed: 9, Start: testStart, Days: 7}) // Monday to Sunday
	var hour [7][24]int
	for _, w := range ws {
		tm := time.Unix(w.start, 0).UTC()
		hour[int(tm.Weekday())][tm.Hour()] += w.events
	}
	monday, sunday := hour[time.Monday], hour[time.Sunday]
	if monday[11] < 2*monday[3] {
		t.Errorf("Monday 11h %d events, 3h %d: want office hours well above night", monday[11], monday[3])
	}
	if sunday[11] > monday[11]*2/3 {
		t.Errorf("Sunday 11h %d events, Monday 11h %d: want a quieter weekend", sunday[11], monday[11])
	}
	if monday[3] == 0 || sunday[3] == 0 {
		t.Error("no background activity at night")
	}
}

func TestSplitRegions(t *testing.T) {
	counts := make([]int, 6)
	total := make([]int, 6)
	common := newAlias(regionWeights(5))
	r := rng{s: 1}
	for range 2000 {
		splitRegions(&r, 100, common, 5, counts)
		sum := 0
		for i, c := range counts {
			sum += c
			total[i] += c
		}
		if sum != 100 {
			t.Fatalf("split %v does not add up to 100", counts)
		}
	}
	if home := float64(total[0]) / 200000; home < 0.75 || home > 0.85 {
		t.Errorf("home region share %.3f", home)
	}
	if rare := total[5]; rare == 0 || rare > 600 {
		t.Errorf("rare region got %d of 200000 events", rare)
	}
}
