package chart

import (
	"testing"
	"time"
)

func TestLayoutKeepsBucketMaximum(t *testing.T) {
	// Three hours of minutes into 60 columns: buckets of 3, and the one-minute spike at minute
	// 100 must show at its full height, not averaged with its quiet neighbours.
	g := spikeGraph(180, 100, 917, 100, 101)
	cols, per := layout(g, 60)
	if per != 3 || len(cols) != 60 {
		t.Fatalf("layout: %d columns of %d points, want 60 of 3", len(cols), per)
	}
	if got := cols[33].value; got != 917 {
		t.Errorf("bucket holding the spike = %v, want 917", got)
	}
	if !cols[33].from.Equal(minute(99)) || !cols[33].to.Equal(minute(102)) {
		t.Errorf("bucket 33 covers %v–%v, want minutes 99–102", cols[33].from, cols[33].to)
	}
	band := inBand(g, cols)
	for i, b := range band {
		if b != (i == 33) {
			t.Errorf("column %d in band = %v", i, b)
		}
	}
}

func TestLayoutUnevenLastBucket(t *testing.T) {
	g := spikeGraph(10, 9, 50, 9, 10)
	cols, per := layout(g, 4) // buckets of 3: 3+3+3+1
	if per != 3 || len(cols) != 4 {
		t.Fatalf("layout: %d columns of %d points, want 4 of 3", len(cols), per)
	}
	if last := cols[3]; last.value != 50 || !last.from.Equal(minute(9)) || !last.to.Equal(minute(10)) {
		t.Errorf("last bucket = %+v, want the spike's minute alone", last)
	}
}

func TestLayoutStretchesShortSeries(t *testing.T) {
	g := spikeGraph(5, 2, 40, 2, 3)
	cols, per := layout(g, 23) // 23/5: 4 columns a minute
	if per != 1 || len(cols) != 20 {
		t.Fatalf("layout: %d columns, per %d; want 20 columns, per 1", len(cols), per)
	}
	band := inBand(g, cols)
	for i, c := range cols {
		if want := g.Series[i/4].Value; c.value != want {
			t.Errorf("column %d = %v, want %v", i, c.value, want)
		}
		if band[i] != (i >= 8 && i < 12) {
			t.Errorf("column %d in band = %v", i, band[i])
		}
	}
	// A span that starts mid-minute shades only the columns it covers.
	g.Start, g.End = minute(2).Add(30*time.Second), minute(3)
	band = inBand(g, cols)
	for i := range cols {
		if band[i] != (i >= 10 && i < 12) {
			t.Errorf("half-minute span: column %d in band = %v", i, band[i])
		}
	}
}

func TestLayoutSinglePoint(t *testing.T) {
	g := spikeGraph(1, 0, 7, 0, 1)
	cols, _ := layout(g, 30)
	if len(cols) != 30 {
		t.Fatalf("single point: %d columns, want 30", len(cols))
	}
	for i, b := range inBand(g, cols) {
		if !b {
			t.Errorf("column %d of the insight's only minute not in band", i)
		}
	}
}
