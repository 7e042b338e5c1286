package chart

import (
	"math"
	"time"
)

// column is one character column of the terminal plot: the value drawn there and the time range
// [from, to) it stands for, which decides whether the insight band shades it.
type column struct {
	value    float64
	from, to time.Time
}

// layout maps the series onto at most maxCols columns. perCol is how many points share a column
// (1 when each point has one or more columns of its own), for the legend to say.
//
// A long series (three hours of minutes on an 80-column terminal) is cut into buckets of perCol
// consecutive points, and each bucket shows its maximum, not its mean: the insight is usually a
// short burst, and averaging a one-minute spike of 500 calls into a five-minute bucket would draw
// it at 100 and hide the very thing the graph is for. A short series is stretched instead, each
// point repeated over the same whole number of columns, so a minute keeps a fixed width and the
// band edges fall on column boundaries.
func layout(g Graph, maxCols int) (cols []column, perCol int) {
	n := len(g.Series)
	step := g.step()
	if n <= maxCols {
		repeat := maxCols / n
		for _, p := range g.Series {
			for r := 0; r < repeat; r++ {
				// Splitting the minute among its columns keeps each column's range exact, so
				// a span that starts or ends mid-minute shades only the columns it covers.
				from := p.Time.Add(step * time.Duration(r) / time.Duration(repeat))
				to := p.Time.Add(step * time.Duration(r+1) / time.Duration(repeat))
				cols = append(cols, column{value: p.Value, from: from, to: to})
			}
		}
		return cols, 1
	}
	perCol = (n + maxCols - 1) / maxCols
	for i := 0; i < n; i += perCol {
		j := min(i+perCol, n)
		m := math.Inf(-1)
		for _, p := range g.Series[i:j] {
			m = math.Max(m, p.Value)
		}
		cols = append(cols, column{value: m, from: g.Series[i].Time, to: g.Series[j-1].Time.Add(step)})
	}
	return cols, perCol
}

// inBand reports, for each column, whether it overlaps the insight span. Overlap rather than
// containment: a one-minute insight inside a five-minute bucket must still mark that bucket.
func inBand(g Graph, cols []column) []bool {
	marks := make([]bool, len(cols))
	for i, c := range cols {
		marks[i] = c.from.Before(g.End) && c.to.After(g.Start)
	}
	return marks
}
