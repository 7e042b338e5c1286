package chart

import (
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// svgDoc is what the tests read from an SVG: the root's size, every text and every filled path.
type svgDoc struct {
	width, height string
	texts         []string
	fills         []svgFill
}

type svgFill struct {
	color   color.RGBA
	opacity float64
}

// readSVG parses the file as XML (failing on any syntax error) and collects svgDoc.
func readSVG(t *testing.T, path string) svgDoc {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var doc svgDoc
	dec := xml.NewDecoder(f)
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", path, err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range el.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch el.Name.Local {
			case "svg":
				doc.width, doc.height = attr["width"], attr["height"]
			case "text":
				inText = true
				doc.texts = append(doc.texts, "")
			case "path":
				if fill, ok := parseFill(attr["style"]); ok {
					doc.fills = append(doc.fills, fill)
				}
			}
		case xml.CharData:
			if inText {
				doc.texts[len(doc.texts)-1] += string(el)
			}
		case xml.EndElement:
			inText = false
		}
	}
	if doc.width == "" {
		t.Fatalf("%s has no <svg> root with a width", path)
	}
	return doc
}

// parseFill reads "fill:#RRGGBB;fill-opacity:0.3" from a style attribute.
func parseFill(style string) (svgFill, bool) {
	f := svgFill{opacity: 1}
	found := false
	for _, decl := range strings.Split(style, ";") {
		k, v, _ := strings.Cut(decl, ":")
		switch k {
		case "fill":
			n, err := strconv.ParseUint(strings.TrimPrefix(v, "#"), 16, 32)
			if err != nil {
				return f, false // "none"
			}
			f.color = color.RGBA{R: uint8(n >> 16), G: uint8(n >> 8), B: uint8(n), A: 0xff}
			found = true
		case "fill-opacity":
			f.opacity, _ = strconv.ParseFloat(v, 64)
		}
	}
	return f, found
}

// near reports whether two colors differ by at most 3 in every channel (rounding in vgsvg).
func near(a color.RGBA, b color.NRGBA) bool {
	d := func(x, y uint8) bool { return x-y <= 3 || y-x <= 3 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func TestWriteSVG(t *testing.T) {
	g := spikeGraph(180, 90, 480, 60, 120)
	path := filepath.Join(t.TempDir(), "insight.svg")
	if err := WriteImage(g, path, 800, 400); err != nil {
		t.Fatal(err)
	}
	doc := readSVG(t, path)
	if doc.width != "600pt" || doc.height != "300pt" {
		t.Errorf("SVG size %s × %s, want 600pt × 300pt (800 × 400 px)", doc.width, doc.height)
	}
	for _, want := range []string{g.Title, "API calls per minute", "Time (UTC)", "13:00", "14:00",
		"baseline average: 11.2", "insight: 14:00–15:00 UTC"} {
		found := false
		for _, text := range doc.texts {
			found = found || strings.TrimSpace(text) == want
		}
		if !found {
			t.Errorf("SVG has no text %q; texts: %q", want, doc.texts)
		}
	}
	// The band: translucent fills of the band color, one in the plot and one as the legend's
	// swatch.
	bands := 0
	for _, f := range doc.fills {
		if near(f.color, bandColor) && f.opacity > 0 && f.opacity < 1 {
			bands++
		}
	}
	if bands != 2 {
		t.Errorf("%d translucent band fills, want 2 (plot and legend); fills: %v", bands, doc.fills)
	}
}

// pngImage writes g as a PNG of w×h and decodes it.
func pngImage(t *testing.T, g Graph, w, h int) image.Image {
	t.Helper()
	path := filepath.Join(t.TempDir(), "insight.png")
	if err := WriteImage(g, path, w, h); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s does not decode as PNG: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("PNG is %d×%d, want %d×%d", b.Dx(), b.Dy(), w, h)
	}
	return img
}

// tinted reports whether a pixel shows the band: the orange over white leaves red well above
// blue, which neither the white background, the grey baseline nor the blue series does.
func tinted(c color.Color) bool {
	r, _, b, _ := c.RGBA()
	return r>>8 > 200 && int(r>>8)-int(b>>8) > 60
}

// bandPixels counts the tinted pixels on the row at fraction y of the height.
func bandPixels(img image.Image, y float64) (n int, first, last int) {
	b := img.Bounds()
	row := b.Min.Y + int(y*float64(b.Dy()))
	first = -1
	for x := b.Min.X; x < b.Max.X; x++ {
		if tinted(img.At(x, row)) {
			n++
			if first < 0 {
				first = x
			}
			last = x
		}
	}
	return n, first, last
}

func TestWritePNG(t *testing.T) {
	// The insight is the middle hour of three: a band about a third of the plot's width,
	// centred, with a spike inside it.
	g := spikeGraph(180, 90, 480, 60, 120)
	img := pngImage(t, g, 800, 400)
	inside, outside := img.At(420, 200), img.At(150, 200)
	if inside == outside {
		t.Errorf("pixel inside the band %v equals the one outside it", inside)
	}
	if !tinted(inside) || tinted(outside) {
		t.Errorf("inside the band %v (want orange-tinted), outside %v (want not)", inside, outside)
	}
	n, first, last := bandPixels(img, 0.5)
	if n < 200 || n > 300 || first < 200 || last > 600 {
		t.Errorf("band on the middle row: %d pixels from x=%d to %d, want about a third of the width in the middle", n, first, last)
	}

	// Other sizes come out at exactly the requested pixels.
	for _, wh := range [][2]int{{minImageWidth, minImageHeight}, {1001, 333}, {1920, 1080}} {
		pngImage(t, g, wh[0], wh[1])
	}
}

func TestWriteImageEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		g    Graph
		band bool // whether the plot shows a band on its middle row
	}{
		{"single point", spikeGraph(1, 0, 70, 0, 1), true},
		{"all zeros", flatGraph(30, 0, 10, 12), true},
		{"span at the start", spikeGraph(60, 1, 300, 0, 2), true},
		{"span at the end", spikeGraph(60, 59, 300, 58, 60), true},
		{"span partly after the series", spikeGraph(60, 59, 300, 55, 90), true},
		{"span outside the series", spikeGraph(60, 25, 480, 70, 75), false},
		{"negative values", func() Graph { g := spikeGraph(20, 5, -40, 5, 6); g.Baseline = -3; return g }(), true},
		{"a week", spikeGraph(7*24*60, 5000, 1234567, 5000, 5060), true},
		{"long labels", func() Graph {
			g := spikeGraph(60, 25, 480, 25, 26)
			g.Title = strings.Repeat("iam.amazonaws.com CreateAccessKey ", 4)
			g.YLabel = "AccessDeniedException errors per minute"
			return g
		}(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ext := range []string{"png", "svg"} {
				for _, wh := range [][2]int{{800, 400}, {minImageWidth, minImageHeight}} {
					path := filepath.Join(t.TempDir(), "chart."+ext)
					if err := WriteImage(tt.g, path, wh[0], wh[1]); err != nil {
						t.Fatalf("%s %d×%d: %v", ext, wh[0], wh[1], err)
					}
					if ext == "svg" {
						readSVG(t, path)
					}
				}
			}
			img := pngImage(t, tt.g, 800, 400)
			if n, _, _ := bandPixels(img, 0.5); (n > 0) != tt.band {
				t.Errorf("%d band pixels on the middle row, want band shown = %v", n, tt.band)
			}
		})
	}
}

func TestWriteImageErrors(t *testing.T) {
	dir := t.TempDir()
	g := spikeGraph(60, 25, 480, 25, 26)
	for _, name := range []string{"chart.jpg", "chart.gif", "chart", "chart.svg.txt", "chart.pdf"} {
		path := filepath.Join(dir, name)
		err := WriteImage(g, path, 800, 400)
		if !errors.Is(err, ErrUnsupportedFormat) {
			t.Errorf("%s: %v, want ErrUnsupportedFormat", name, err)
			continue
		}
		for _, want := range []string{path, ".svg", ".png"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not name %q", name, err, want)
			}
		}
	}
	empty := g
	empty.Series = nil
	if err := WriteImage(empty, filepath.Join(dir, "empty.png"), 800, 400); !errors.Is(err, ErrEmptySeries) {
		t.Errorf("empty series: %v, want ErrEmptySeries", err)
	}
	for _, wh := range [][2]int{{minImageWidth - 1, 400}, {800, minImageHeight - 1}, {0, 0}} {
		if err := WriteImage(g, filepath.Join(dir, "small.png"), wh[0], wh[1]); !errors.Is(err, ErrTooSmall) {
			t.Errorf("%d×%d: %v, want ErrTooSmall", wh[0], wh[1], err)
		}
	}
	// No failed call left a file, or a temporary one, behind.
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed writes left %v", entries)
	}
	// The extension is matched without regard to case.
	if err := WriteImage(g, filepath.Join(dir, "CHART.PNG"), 800, 400); err != nil {
		t.Errorf("CHART.PNG: %v", err)
	}
	if err := WriteImage(g, filepath.Join(dir, "new", "dir", "chart.svg"), 800, 400); err != nil {
		t.Errorf("into a new directory: %v", err)
	}
}
