package insights

import (
	"encoding/binary"
	"math"
	"testing"
	"time"
)

// FuzzProfileAndDetect feeds arbitrary per-minute counts (two bytes a minute) to the baseline
// builder and the detector: no panic, the profile's invariants hold, and every insight that
// starts also ends by the end of a long enough silence.
func FuzzProfileAndDetect(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 0, 3}, uint8(1))
	f.Add([]byte{0, 20, 0, 20, 0, 0, 0, 0}, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, days uint8) {
		d := int(days%3) + 1
		counts := make([]int32, d*minutesPerDay)
		for i := 0; i+1 < len(data) && i/2 < len(counts); i += 2 {
			counts[(i/2*37)%len(counts)] = int32(binary.BigEndian.Uint16(data[i:]) % 2000)
		}
		p := buildProfile(counts, nil)
		for h := 0; h < hoursPerDay; h++ {
			if p.low[h] > p.high[h]+1e-9 || p.dispersion[h] < 1 || p.dispersion[h] > maxDispersion || math.IsNaN(p.high[h]) {
				t.Fatalf("hour %d: low %v high %v dispersion %v", h, p.low[h], p.high[h], p.dispersion[h])
			}
		}
		det := &detector{source: "s", calls: true}
		tr := &tracker{Key: Key{InsightType: CallRate}}
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		t0 := start
		for i, c := range counts {
			det.step(tr, &p, start, t0.Add(time.Duration(i)*time.Minute), c)
		}
		// Calls resume after any silence: nothing stays open.
		for i := 0; i < 3; i++ {
			det.step(tr, &p, start, t0.Add(time.Duration(len(counts)+i)*time.Minute), 0)
		}
		det.step(tr, &p, start, t0.Add(time.Duration(len(counts)+3)*time.Minute), 1)
		if tr.Open != nil && tr.Open.Kind == kindDrop {
			t.Fatalf("a drop stayed open after calls resumed")
		}
		for _, o := range det.ended {
			if o.Minutes < 1 || !o.End.After(o.Start) {
				t.Fatalf("insight %+v", o)
			}
		}
	})
}
