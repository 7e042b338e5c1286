package chart

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// bandAxis are the runes that mark the band on the x axis.
const bandAxis = string(bandAxisRune) + string(bandTickRune)

// textChart is a Terminal output taken apart for checking.
type textChart struct {
	lines   []string
	body    []string // the plot rows
	axis    string   // the x axis line
	labels  []string // the y labels, top to bottom
	leftPad int      // rune column of the first data column
}

// parse splits plain (or ANSI-stripped) Terminal output into its parts.
func parse(t *testing.T, out string) textChart {
	t.Helper()
	c := textChart{lines: strings.Split(strings.TrimSuffix(out, "\n"), "\n")}
	axisAt := slices.IndexFunc(c.lines, func(l string) bool { return strings.Contains(l, "└") })
	if axisAt < 0 {
		t.Fatalf("no x axis in:\n%s", out)
	}
	c.axis = c.lines[axisAt]
	c.leftPad = slices.Index([]rune(c.axis), '└') + 1
	for _, l := range c.lines[:axisAt] {
		r := []rune(l)
		i := slices.IndexFunc(r, func(r rune) bool { return r == '┤' || r == '┼' })
		if i < 0 {
			continue // the title
		}
		c.body = append(c.body, l)
		c.labels = append(c.labels, strings.TrimSpace(string(r[:i])))
	}
	return c
}

// runesAt returns the rune columns of lines that hold any of rs.
func (c textChart) runesAt(rs string, lines ...string) []int {
	var at []int
	for _, l := range lines {
		for i, x := range []rune(l) {
			if strings.ContainsRune(rs, x) && !slices.Contains(at, i) {
				at = append(at, i)
			}
		}
	}
	slices.Sort(at)
	return at
}

// checkBounds fails if out has more than height lines or a line wider than width runes.
func checkBounds(t *testing.T, out string, width, height int) {
	t.Helper()
	if strings.TrimSpace(out) == "" {
		t.Fatal("empty output")
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) > height {
		t.Errorf("%d lines, want at most %d:\n%s", len(lines), height, out)
	}
	for i, l := range lines {
		if n := utf8.RuneCountInString(ansi.ReplaceAllString(l, "")); n > width {
			t.Errorf("line %d is %d runes, want at most %d: %q", i, n, width, l)
		}
	}
}

func TestTerminal(t *testing.T) {
	g := spikeGraph(60, 25, 480, 25, 26)
	out, err := Terminal(g, 80, 20, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", out)
	checkBounds(t, out, 80, 20)
	if strings.ContainsRune(out, '\x1b') {
		t.Error("color=false output has an ESC byte")
	}
	c := parse(t, out)
	if c.lines[0] != g.Title {
		t.Errorf("first line %q, want the title", c.lines[0])
	}
	if !strings.Contains(out, "insight: 13:25–13:26 UTC") {
		t.Error("no legend line with the insight span")
	}
	for _, want := range []string{"── API calls per minute", "╌╌ baseline average: 11.2", "░░ insight:"} {
		if !strings.Contains(out, want) {
			t.Errorf("legend lacks %q", want)
		}
	}
	if c.labels[0] != "480" || c.labels[len(c.labels)-1] != "0" {
		t.Errorf("y labels %q, want 480 at the top and 0 at the bottom", c.labels)
	}
	// The band is marked on the x axis exactly over the spike's rise to its peak.
	band := c.runesAt(bandAxis, c.axis)
	peak := slices.Index([]rune(c.body[0]), '╭')
	if len(band) == 0 || !slices.Contains(band, peak) {
		t.Fatalf("band on the axis at columns %v, the peak's rise at %d", band, peak)
	}
	if got, want := band[0]-c.leftPad, 25; got != want {
		t.Errorf("band starts at data column %d, want %d (one column a minute)", got, want)
	}
}

func TestTerminalBandShading(t *testing.T) {
	// A wide terminal stretches the hour to two columns a minute, so the three-minute insight
	// has empty cells under its curve to shade, and nothing else is shaded.
	g := spikeGraph(60, 25, 480, 24, 27)
	out, err := Terminal(g, 150, 30, false)
	if err != nil {
		t.Fatal(err)
	}
	checkBounds(t, out, 150, 30)
	c := parse(t, out)
	shade := c.runesAt(string(bandRune), c.body...)
	band := c.runesAt(bandAxis, c.axis)
	if len(shade) == 0 {
		t.Fatalf("no shaded cells:\n%s", out)
	}
	for _, col := range shade {
		if !slices.Contains(band, col) {
			t.Errorf("column %d shaded but not under the band %v", col, band)
		}
	}
	if len(band) != 6 {
		t.Errorf("band is %d columns, want 6 (3 minutes × 2 columns)", len(band))
	}
}

func TestTerminalColor(t *testing.T) {
	g := spikeGraph(60, 25, 480, 24, 27)
	plain, err := Terminal(g, 100, 24, false)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Terminal(g, 100, 24, true)
	if err != nil {
		t.Fatal(err)
	}
	checkBounds(t, out, 100, 24)
	for _, want := range []string{ansiSeries, ansiBaseline, ansiBand, ansiReset} {
		if !strings.Contains(out, want) {
			t.Errorf("color output lacks %q", want)
		}
	}
	// Without its colors it is the plain chart, but for the shade runes that the band
	// background replaces.
	stripped := ansi.ReplaceAllString(out, "")
	if want := strings.ReplaceAll(plain, string(bandRune), " "); strings.ReplaceAll(stripped, string(bandRune), " ") != want {
		t.Errorf("color output without escapes differs from plain:\n%s\nvs\n%s", stripped, plain)
	}
}

func TestTerminalLongSeriesBuckets(t *testing.T) {
	// Three hours on an 80-column terminal: buckets of 3 minutes, the one-minute spike of 917
	// keeps its height (a mean would show 313), and the legend says how columns were made.
	g := spikeGraph(180, 100, 917, 100, 101)
	out, err := Terminal(g, 80, 20, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", out)
	checkBounds(t, out, 80, 20)
	c := parse(t, out)
	if c.labels[0] != "917" || !strings.Contains(c.body[0], "╭") {
		t.Errorf("top row %q, want label 917 and the spike reaching it", c.body[0])
	}
	if !strings.Contains(out, "(max per 3 min)") {
		t.Error("legend does not say the columns are 3-minute maxima")
	}
	if n := len(c.runesAt(bandAxis, c.axis)); n != 1 {
		t.Errorf("one-minute insight marks %d bucket columns, want 1", n)
	}
	if !strings.Contains(c.axis, "┬") || !strings.Contains(c.lines[len(c.lines)-4], "13:00") {
		t.Errorf("x axis without ticks or the 13:00 label:\n%s", out)
	}
}

func TestTerminalEdgeCases(t *testing.T) {
	tests := []struct {
		name      string
		g         Graph
		band      func(c textChart) error // where the band must be
		top       string                  // the top y label
		legendHas string
	}{
		{"single point", spikeGraph(1, 0, 70, 0, 1), func(c textChart) error {
			// The insight's only minute is the whole series: the whole axis is band.
			if n := len(c.runesAt(bandAxis, c.axis)); n < 10 {
				return fmt.Errorf("%d band columns", n)
			}
			return nil
		}, "70", "insight: 13:00–13:01 UTC"},
		{"all zeros", flatGraph(30, 0, 10, 12), nil, "1.00", "baseline average: 0"},
		{"span at the start", spikeGraph(60, 1, 300, 0, 2), func(c textChart) error {
			if at := c.runesAt(bandAxis, c.axis); len(at) == 0 || at[0] != c.leftPad {
				return fmt.Errorf("band at %v, want it from column %d", at, c.leftPad)
			}
			return nil
		}, "300", "insight: 13:00–13:02 UTC"},
		{"span at the end", spikeGraph(60, 59, 300, 58, 60), func(c textChart) error {
			at := c.runesAt(bandAxis, c.axis)
			last := len([]rune(c.body[len(c.body)-1])) - 1 // the bottom row runs to the last column
			if len(at) == 0 || at[len(at)-1] != last {
				return fmt.Errorf("band at %v, want it to the last column %d", at, last)
			}
			return nil
		}, "300", "insight: 13:58–14:00 UTC"},
		{"span partly before the series", spikeGraph(60, 1, 300, -10, 3), func(c textChart) error {
			if at := c.runesAt(bandAxis, c.axis); len(at) != 3 || at[0] != c.leftPad {
				return fmt.Errorf("band at %v, want the first 3 columns from %d", at, c.leftPad)
			}
			return nil
		}, "300", "insight: 12:50–13:03 UTC"},
		{"span outside the series", spikeGraph(60, 25, 480, 70, 75), func(c textChart) error {
			if n := len(c.runesAt(bandAxis, c.axis)) + len(c.runesAt(string(bandRune), c.body...)); n != 0 {
				return fmt.Errorf("%d band cells", n)
			}
			return nil
		}, "480", "insight: 14:10–14:15 UTC (outside the plotted range)"},
		{"negative values", func() Graph {
			g := spikeGraph(20, 5, -40, 5, 6)
			g.Baseline = -3
			return g
		}(), nil, "12", "baseline average: -3"},
		{"fractional values", func() Graph {
			g := flatGraph(20, 0.25, 5, 6)
			g.Series[5].Value = 1.5
			return g
		}(), nil, "1.5", "baseline average: 0.25"},
		{"tiny values", flatGraph(20, 0.001, 5, 6), nil, "0.00100", "baseline average: 0.001"},
		{"a third", func() Graph { g := flatGraph(20, 0, 5, 6); g.Series[5].Value = 1.0 / 3; return g }(), nil, "0.33", "insight: 13:05–13:06 UTC"},
		{"large values", spikeGraph(60, 25, 1234567, 25, 26), nil, "1234567", "insight: 13:25–13:26 UTC"},
		{"baseline above the series", func() Graph {
			g := spikeGraph(20, 5, 40, 5, 6)
			g.Baseline = 75
			return g
		}(), nil, "75", "baseline average: 75"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Terminal(tt.g, 72, 18, false)
			if err != nil {
				t.Fatal(err)
			}
			checkBounds(t, out, 72, 18)
			c := parse(t, out)
			if tt.band != nil {
				if err := tt.band(c); err != nil {
					t.Errorf("%v:\n%s", err, out)
				}
			}
			if c.labels[0] != tt.top {
				t.Errorf("top y label %q, want %q:\n%s", c.labels[0], tt.top, out)
			}
			if !strings.Contains(out, tt.legendHas) {
				t.Errorf("output lacks %q:\n%s", tt.legendHas, out)
			}
		})
	}
}

// TestTerminalFitsEverySize draws assorted graphs at many sizes: the output must always stay
// within bounds and keep the insight legend.
func TestTerminalFitsEverySize(t *testing.T) {
	graphs := map[string]Graph{
		"spike":    spikeGraph(60, 25, 480, 25, 26),
		"3 hours":  spikeGraph(180, 100, 917, 100, 101),
		"a week":   spikeGraph(7*24*60, 5000, 1234567, 5000, 5010),
		"single":   spikeGraph(1, 0, 7, 0, 1),
		"zeros":    flatGraph(45, 0, 3, 4),
		"negative": spikeGraph(30, 4, -0.5, 4, 5),
		"tiny":     flatGraph(30, 0.001, 3, 4),
	}
	for name, g := range graphs {
		for w := minTermWidth; w <= 200; w += 9 {
			for h := minTermHeight; h <= 45; h += 7 {
				for _, color := range []bool{false, true} {
					out, err := Terminal(g, w, h, color)
					if err != nil {
						t.Fatalf("%s at %d×%d: %v", name, w, h, err)
					}
					checkBounds(t, out, w, h)
					if !strings.Contains(out, "insight: ") {
						t.Fatalf("%s at %d×%d: no insight legend", name, w, h)
					}
				}
			}
		}
	}
}

func TestTerminalTitle(t *testing.T) {
	g := spikeGraph(60, 25, 480, 25, 26)
	g.Title = ""
	out, err := Terminal(g, 60, 15, false)
	if err != nil {
		t.Fatal(err)
	}
	if c := parse(t, out); len(c.lines[0]) == 0 || c.lines[0] != c.body[0] {
		t.Errorf("untitled chart starts with %q, want the top plot row", c.lines[0])
	}
	g.Title = strings.Repeat("very long title ", 10)
	out, err = Terminal(g, 60, 15, false)
	if err != nil {
		t.Fatal(err)
	}
	first := strings.Split(out, "\n")[0]
	if utf8.RuneCountInString(first) != 60 || !strings.HasSuffix(first, "…") {
		t.Errorf("long title shown as %q, want it cut to 60 runes with an ellipsis", first)
	}
	g.YLabel = ""
	out, _ = Terminal(g, 60, 15, false)
	if !strings.Contains(out, "── "+defaultYLabel) {
		t.Errorf("no default series label in:\n%s", out)
	}
}

func TestTerminalTooSmall(t *testing.T) {
	g := spikeGraph(60, 25, 480, 25, 26)
	for _, wh := range [][2]int{{minTermWidth - 1, 20}, {80, minTermHeight - 1}, {0, 0}, {-5, 20}} {
		_, err := Terminal(g, wh[0], wh[1], false)
		if !errors.Is(err, ErrTooSmall) {
			t.Errorf("Terminal at %d×%d: %v, want ErrTooSmall", wh[0], wh[1], err)
		}
	}
	if _, err := Terminal(g, minTermWidth, minTermHeight, false); err != nil {
		t.Errorf("Terminal at the minimum size: %v", err)
	}
}
