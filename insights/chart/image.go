package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"path/filepath"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/ctlake/ctlake/internal/atomicfile"
)

// The smallest image WriteImage draws: below it the title, the axes and the legend leave no
// room for the plot, and gonum/plot panics on a data area of negative size.
const (
	minImageWidth  = 320
	minImageHeight = 200
)

// pxPerInch is the CSS pixel, which is also vgimg's default resolution: an SVG of widthPx
// pixels and a PNG of widthPx pixels then show the same drawing at the same size.
const pxPerInch = vgimg.DefaultDPI

// Colors of the image, after the CloudTrail console: a blue series, a grey dashed baseline and
// an orange band translucent enough that the series stays readable through it.
var (
	seriesColor   = color.NRGBA{R: 0x00, G: 0x73, B: 0xbb, A: 0xff}
	baselineColor = color.NRGBA{R: 0x54, G: 0x5b, B: 0x64, A: 0xff}
	bandColor     = color.NRGBA{R: 0xff, G: 0x99, B: 0x00, A: 0x4d}
)

// WriteImage writes g to path as SVG (.svg) or PNG (.png), widthPx by heightPx pixels; any other
// extension is an error naming the file and the supported extensions. The file is replaced
// atomically, so a viewer that reloads it never shows half an image.
func WriteImage(g Graph, path string, widthPx, heightPx int) error {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".svg" && ext != ".png" {
		return fmt.Errorf("chart: cannot write %s: %w (the extension must be .svg or .png)", path, ErrUnsupportedFormat)
	}
	if err := g.validate(); err != nil {
		return err
	}
	if widthPx < minImageWidth || heightPx < minImageHeight {
		return fmt.Errorf("chart: image of %d×%d pixels, need at least %d×%d: %w",
			widthPx, heightPx, minImageWidth, minImageHeight, ErrTooSmall)
	}
	var canvas vg.CanvasWriterTo
	if ext == ".svg" {
		// Fonts are named, not embedded: embedding Liberation Sans would add hundreds of
		// kilobytes to every chart, and any sans-serif font a viewer substitutes reads fine.
		canvas = vgsvg.New(pixels(widthPx), pixels(heightPx))
	} else {
		// Drawing into an image of the exact size, rather than converting a length to pixels,
		// makes the PNG exactly widthPx by heightPx whatever the rounding.
		img := image.NewRGBA(image.Rect(0, 0, widthPx, heightPx))
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseImage(img), vgimg.UseDPI(pxPerInch))}
	}
	if err := drawGraph(g, draw.New(canvas), widthPx); err != nil {
		return fmt.Errorf("chart: draw %s: %w", path, err)
	}
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return fmt.Errorf("chart: encode %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("chart: write %s: %w", path, err)
	}
	return nil
}

// pixels converts a pixel count to a vg length.
func pixels(n int) vg.Length { return vg.Length(n) * vg.Inch / pxPerInch }

// unix is the x coordinate of a time: seconds since the epoch, which timeTicks turns back into
// UTC clock labels. (Not UnixNano, which overflows outside 1678–2262.)
func unix(t time.Time) float64 { return float64(t.Unix()) + float64(t.Nanosecond())/1e9 }

// sans is the font of the image: the console's charts are set in a sans-serif, and gonum/plot's
// default is Liberation Serif. Liberation Sans ships with gonum/plot, so nothing is looked up
// on the machine.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// drawGraph draws the plot above a legend strip. The legend sits below the plot rather than in
// it, as in the console, so it can never cover the spike it explains.
func drawGraph(g Graph, dc draw.Canvas, widthPx int) error {
	x0, x1 := unix(g.from()), unix(g.to())
	lo, hi := yRange(g)
	top := hi + 0.05*(hi-lo) // headroom, so the spike's peak does not run into the frame

	// The band is added first so the lines are drawn over it, and filled without an outline:
	// its edges are the span's edges, and a stroke would read as two more lines of data. It is
	// built even when the span misses the series, as the legend's swatch.
	band, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: lo}, {X: x0, Y: top}, {X: x1, Y: top}, {X: x1, Y: lo}})
	if err != nil {
		return err
	}
	band.Color = bandColor
	band.LineStyle.Width = 0
	from, to, inRange := g.band()
	if inRange {
		band.XYs[0] = plotter.XYs{{X: unix(from), Y: lo}, {X: unix(from), Y: top}, {X: unix(to), Y: top}, {X: unix(to), Y: lo}}
	}

	base, err := plotter.NewLine(plotter.XYs{{X: x0, Y: g.Baseline}, {X: x1, Y: g.Baseline}})
	if err != nil {
		return err
	}
	base.Color = baselineColor
	base.Width = vg.Points(1.2)
	base.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}

	// A step line: each value holds for its whole minute, so a one-minute insight's spike fills
	// exactly its band, and the last minute gets drawn too (hence the extra point at x1).
	xys := make(plotter.XYs, 0, len(g.Series)+1)
	for _, pt := range g.Series {
		xys = append(xys, plotter.XY{X: unix(pt.Time), Y: pt.Value})
	}
	xys = append(xys, plotter.XY{X: x1, Y: g.Series[len(g.Series)-1].Value})
	series, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	series.StepStyle = plotter.PostStep
	series.Color = seriesColor
	series.Width = vg.Points(1.5)

	lf := font.From(sans, 10)
	items := []legendItem{
		newLegendItem(lf, g.yLabel(), series),
		newLegendItem(lf, g.baselineLegend(), base),
		newLegendItem(lf, g.spanLegend(), band),
	}
	margin := vg.Points(6)
	legendArea := draw.Crop(dc, margin, -margin, margin, 0)
	_, _, legendHeight := legendLayout(items, legendArea.Size().X)
	legendArea.Max.Y = legendArea.Min.Y + legendHeight
	plotArea := draw.Crop(dc, 0, 0, legendHeight+2*margin, 0)

	p := plot.New()
	p.Title.Text, p.Title.TextStyle.Font = fitText(g.Title, dc.Size().X-vg.Points(8), 12)
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = "Time (UTC)"
	p.X.Label.TextStyle.Font = font.From(sans, 11)
	// The y label runs along the data area: the plot area less the title and the x axis (tick
	// labels, axis label and their padding, about 45 points).
	along := plotArea.Size().Y - p.Title.TextStyle.Height(p.Title.Text) - p.Title.Padding - vg.Points(45)
	p.Y.Label.Text, p.Y.Label.TextStyle.Font = fitText(g.yLabel(), along, 11)
	p.X.Tick.Label.Font = font.From(sans, 10)
	p.Y.Tick.Label.Font = font.From(sans, 10)
	p.X.Tick.Marker = timeTicks{maxLabels: max(2, widthPx/90)}
	p.Y.Tick.Marker = valueTicks{}
	if inRange {
		p.Add(band)
	}
	p.Add(base, series)
	// Add widened the axes to the data; set them to the series' own range instead, so the y
	// axis starts at zero with headroom above the peak.
	p.X.Min, p.X.Max = x0, x1
	p.Y.Min, p.Y.Max = lo, top

	// The whole canvas gets the plot's white, not only the plot area: an SVG is transparent
	// where nothing is drawn, and the legend would float over whatever page shows it.
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	p.Draw(plotArea)
	drawLegend(legendArea, items)
	return nil
}

// fitText returns text and a font for it, no wider than width: size points, or smaller down to
// 8 when the text is too wide, so a long title or y label stays whole on a small chart; past
// that it is cut with an ellipsis. (gonum/plot centers both, so an overlong one would be
// clipped at both ends, and a y label taller than the plot squeezes the plot away entirely.)
func fitText(s string, width, size vg.Length) (string, font.Font) {
	sty := text.Style{Handler: plot.DefaultTextHandler}
	for ; size >= 8; size-- {
		sty.Font = font.From(sans, size)
		if sty.Width(s) <= width {
			return s, sty.Font
		}
	}
	r := []rune(s)
	for len(r) > 1 && sty.Width(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…", sty.Font
}
