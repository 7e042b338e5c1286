package chart

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendItem is one entry of the image's legend. Each is a gonum Legend of its own, so gonum
// draws the thumbnail (line, dashed line, filled band) and the text; only the placement is ours,
// because gonum stacks entries in a column and three rows would take a fifth of a small image.
type legendItem struct {
	leg   plot.Legend
	width vg.Length
}

// Spacing of the legend: between entries of a row and between rows.
const (
	legendGap    = vg.Length(14)
	legendRowGap = vg.Length(2)
)

func newLegendItem(f font.Font, text string, thumb plot.Thumbnailer) legendItem {
	leg := plot.NewLegend()
	leg.TextStyle.Font = f
	leg.Top, leg.Left = true, true
	leg.Add(text, thumb)
	return legendItem{leg: leg, width: leg.ThumbnailWidth + leg.TextStyle.Width(" "+text)}
}

// legendLayout places the items left to right, starting a new row when the next would not fit
// width. It returns each item's offset from the top left of the legend, the height of a row
// and the height of the whole legend.
func legendLayout(items []legendItem, width vg.Length) (at []vg.Point, rowHeight, height vg.Length) {
	for _, it := range items {
		sty := it.leg.TextStyle
		// gonum draws an entry's text this far above the bottom of its row: text height plus
		// the font's descent.
		rowHeight = max(rowHeight, sty.Height("Mg")+sty.FontExtents().Descent)
	}
	var x, y vg.Length
	for _, it := range items {
		if x > 0 && x+it.width > width {
			x, y = 0, y+rowHeight+legendRowGap
		}
		at = append(at, vg.Point{X: x, Y: y})
		x += it.width + legendGap
	}
	return at, rowHeight, y + rowHeight
}

// drawLegend draws the items into area, laid out by legendLayout.
func drawLegend(area draw.Canvas, items []legendItem) {
	at, rowHeight, _ := legendLayout(items, area.Size().X)
	for i, it := range items {
		c := area
		c.Min = vg.Point{X: area.Min.X + at[i].X, Y: area.Max.Y - at[i].Y - rowHeight}
		c.Max = vg.Point{X: c.Min.X + it.width, Y: area.Max.Y - at[i].Y}
		it.leg.Draw(c)
	}
}
