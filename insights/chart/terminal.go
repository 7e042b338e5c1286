package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guptarohit/asciigraph"
)

// The smallest terminal Terminal draws in: 40 columns hold the y labels, a usable plot and the
// insight legend line; 10 rows hold the title, 4 plot rows, the x axis with its labels and the
// 3 legend lines.
const (
	minTermWidth  = 40
	minTermHeight = 10
)

// Characters of the text chart. The band is drawn with a shade character so that it survives
// color=false, pipes and tests; the baseline gets a dashed line of its own so it cannot be
// mistaken for a flat stretch of the series.
const (
	bandRune     = '░'
	baselineRune = '╌'
	axisRune     = '─'
	bandAxisRune = '━' // the x axis under the band, so the span shows even where a line covers the shade
	tickRune     = '┬'
	bandTickRune = '┯' // a tick under the band: the tick stays, the band does not break
)

// ANSI styles for color=true. The band is a background, so the series and baseline drawn over it
// keep their own colors.
const (
	ansiReset    = "\x1b[0m"
	ansiBold     = "\x1b[1m"
	ansiSeries   = "\x1b[36m"       // cyan
	ansiBaseline = "\x1b[33m"       // yellow
	ansiBand     = "\x1b[48;5;94m"  // dark orange, the console's insight shading
	ansiAxisBand = "\x1b[38;5;208m" // orange, the x axis under the band
)

// Layout of asciigraph's output. yAxisOffset is its Offset: the y labels are right-aligned in
// front of it, so data starts at yAxisOffset plus the widest label. The x-axis labels ("15:04")
// are centred on their ticks, so the label line reaches past the last tick by half a label.
const (
	yAxisOffset    = 3
	xLabelOverhang = 3
)

// Terminal renders g for a terminal of the given width and height (in cells). color=false gives
// plain text (for pipes and tests) that still shows the insight span: shaded cells in the plot, a
// heavy x axis under it and a legend line such as "insight: 13:25–13:26 UTC". color=true adds
// ANSI colors. No line is wider than width and there are at most height lines; widths are counted
// in runes, which is what a terminal shows for the box-drawing characters used here.
func Terminal(g Graph, width, height int, color bool) (string, error) {
	if err := g.validate(); err != nil {
		return "", err
	}
	if width < minTermWidth || height < minTermHeight {
		return "", fmt.Errorf("chart: terminal of %d×%d cells, need at least %d×%d: %w",
			width, height, minTermWidth, minTermHeight, ErrTooSmall)
	}
	var title []string
	if g.Title != "" {
		title = []string{truncate(g.Title, width)}
		if color {
			title[0] = ansiBold + title[0] + ansiReset
		}
	}
	const legendRows = 3
	rows := height - len(title) - 2 - legendRows // 2: the x axis and its labels
	lo, hi := yRange(g)
	// The y labels' width decides how many columns are left for data. Predict it from the
	// labels of the two ends, then measure what asciigraph drew and shrink if anything is over:
	// one pass is the rule, the bound of four only guards against a surprise in its rounding.
	budget := width - (yAxisOffset + labelWidth(lo, hi, rows)) - xLabelOverhang
	for attempt := 0; attempt < 4 && budget >= 1 && rows >= 2; attempt++ {
		cols, perCol := layout(g, budget)
		p := plotText(g, cols, lo, hi, rows)
		if wide := p.width(len(cols)); wide > width {
			budget -= wide - width
			continue
		}
		if over := len(p.lines) - (rows + 2); over > 0 {
			rows -= over
			continue
		}
		lines := append(title, p.render(inBand(g, cols), color)...)
		lines = append(lines, legend(g, perCol, width, color)...)
		return strings.Join(lines, "\n") + "\n", nil
	}
	return "", fmt.Errorf("chart: the plot does not fit %d×%d cells (y axis %s to %s): %w",
		width, height, number(lo), number(hi), ErrTooSmall)
}

// yRange is the value range of the y axis: from zero, or the lowest value if one is below (a
// rate axis that starts above zero exaggerates the spike), to the highest of the series and the baseline, and never empty, so an
// all-zero series still gets a plot with height. Bucketing keeps each bucket's maximum, so the
// range of the raw series is the range of every layout of it.
func yRange(g Graph) (lo, hi float64) {
	lo, hi = math.Min(0, g.Baseline), g.Baseline
	for _, p := range g.Series {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	if hi == lo {
		hi = lo + 1
	}
	return lo, hi
}

// labelWidth is the width of the widest y label: one of the two ends, as every label between
// them has no more digits and no sign.
func labelWidth(lo, hi float64, rows int) int {
	f := yLabels(lo, hi, rows-1)
	return max(utf8.RuneCountInString(f(lo)), utf8.RuneCountInString(f(hi)))
}

// textPlot is asciigraph's drawing split into lines: rows plot rows, then the x axis line and
// its labels. leftPad is the column where the first data column is.
type textPlot struct {
	lines   [][]rune
	leftPad int
}

// plotText draws the columns with asciigraph: the baseline as a dashed series under the data
// series, y labels from yLabels, and an x axis whose ticks name each column's start time.
func plotText(g Graph, cols []column, lo, hi float64, rows int) textPlot {
	// asciigraph draws a series point-to-point, column i showing the move from point i to i+1.
	// Leading with a copy of the first value makes column i end at cols[i]'s level, so a
	// spike's rise sits in the spike's own column and under its band.
	values := make([]float64, len(cols)+1)
	values[0] = cols[0].value
	baseline := make([]float64, len(cols)+1)
	for i := range values {
		if i > 0 {
			values[i] = cols[i-1].value
		}
		baseline[i] = g.Baseline
	}
	tick := func(v float64) string {
		i := int(math.Round(v))
		if i >= len(cols) {
			return g.to().UTC().Format("15:04")
		}
		return cols[max(i, 0)].from.UTC().Format("15:04")
	}
	out := asciigraph.PlotMany([][]float64{baseline, values},
		asciigraph.Height(rows-1), // asciigraph draws Height+1 rows from lo to hi
		asciigraph.Offset(yAxisOffset),
		asciigraph.LowerBound(lo), asciigraph.UpperBound(hi),
		asciigraph.YAxisValueFormatter(yLabels(lo, hi, rows-1)),
		asciigraph.SeriesChars(asciigraph.CharSet{Horizontal: string(baselineRune)}),
		asciigraph.XAxisRange(0, float64(len(cols))),
		asciigraph.XAxisTickCount(max(2, len(cols)/12+1)),
		asciigraph.XAxisValueFormatter(tick),
	)
	var p textPlot
	for _, l := range strings.Split(out, "\n") {
		p.lines = append(p.lines, []rune(l))
	}
	// The data columns start right after the y axis, which the first row draws as ┤ or ┼.
	for i, r := range p.lines[0] {
		if r == '┤' || r == '┼' {
			p.leftPad = i + 1
			break
		}
	}
	return p
}

// width is the widest line, counting the data columns that the band will pad out.
func (p textPlot) width(cols int) int {
	w := p.leftPad + cols
	for _, l := range p.lines {
		w = max(w, len(l))
	}
	return w
}

// yLabels formats the y axis labels with as few decimals as show the top value (so the spike's
// maximum can be read off the axis: exactly if it has at most two decimals, or is below 1 and
// has at most six; else to two decimals or two significant digits) and distinct steps between
// rows. Six decimals at most keep the labels from eating the plot.
func yLabels(lo, hi float64, rows int) asciigraph.YAxisValueFormatterFunc {
	const maxPrec = 6
	prec, exact := 0, false
	for ; prec <= maxPrec && !exact; prec++ {
		scaled := hi * math.Pow10(prec)
		exact = math.Abs(scaled-math.Round(scaled)) < 1e-9*math.Max(1, math.Abs(scaled))
	}
	prec--
	small := math.Abs(hi) < 1
	switch {
	case exact && (prec <= 2 || small):
	case small:
		prec = min(maxPrec, int(math.Ceil(-math.Log10(math.Abs(hi))))+1)
	default:
		prec = 2
	}
	if step := (hi - lo) / float64(max(rows, 1)); step < 1 {
		prec = min(maxPrec, max(prec, int(math.Ceil(-math.Log10(step)))))
	}
	half := 0.5 * math.Pow10(-prec)
	return func(v float64) string {
		if math.Abs(v) < half {
			v = 0 // no "-0" from rounding noise at the bottom row
		}
		return strconv.FormatFloat(v, 'f', prec, 64)
	}
}

// render overlays the band on the plot and returns the lines, colored or plain. A band cell
// that is empty gets the shade rune in plain text and the band background in color; a cell the
// series or baseline passes through keeps its character.
func (p textPlot) render(band []bool, color bool) []string {
	axis := len(p.lines) - 2
	out := make([]string, 0, len(p.lines))
	for row, line := range p.lines {
		var b strings.Builder
		style := ""
		for col := 0; col < max(len(line), p.leftPad+len(band)); col++ {
			r := ' '
			if col < len(line) {
				r = line[col]
			}
			i := col - p.leftPad
			inBand := i >= 0 && i < len(band) && band[i]
			next := ""
			switch {
			case row < axis && i >= 0 && i < len(band):
				if inBand && r == ' ' && !color {
					r = bandRune
				}
				if r == baselineRune {
					next = ansiBaseline
				} else if r != ' ' && r != bandRune {
					next = ansiSeries
				}
				if inBand {
					next += ansiBand
				}
			case row == axis && inBand && r == axisRune:
				r, next = bandAxisRune, ansiAxisBand
			case row == axis && inBand && r == tickRune:
				r, next = bandTickRune, ansiAxisBand
			}
			if color && next != style {
				if style != "" {
					b.WriteString(ansiReset)
				}
				b.WriteString(next)
				style = next
			}
			b.WriteRune(r)
		}
		if color && style != "" {
			b.WriteString(ansiReset)
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

// legend explains the three marks, one line each, cut to width. When columns are buckets, the
// series line says so: the reader must know a column shows the busiest minute of several.
func legend(g Graph, perCol, width int, color bool) []string {
	series := g.yLabel()
	if perCol > 1 {
		series += fmt.Sprintf(" (max per %s)", span(g.step()*time.Duration(perCol)))
	}
	entries := []struct{ swatch, style, text string }{
		{"──", ansiSeries, series},
		{string([]rune{baselineRune, baselineRune}), ansiBaseline, g.baselineLegend()},
		{string([]rune{bandRune, bandRune}), ansiBand, g.spanLegend()},
	}
	lines := make([]string, len(entries))
	for i, e := range entries {
		text := truncate(e.text, width-3)
		if color {
			lines[i] = e.style + e.swatch + ansiReset + " " + text
		} else {
			lines[i] = e.swatch + " " + text
		}
	}
	return lines
}

// span formats a bucket length: "5 min" for whole minutes, else Go's duration text.
func span(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return d.String()
}

// truncate cuts s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
