package gen

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/gzip"
)

// flushAt is how much JSON a worker buffers before handing it to gzip.
const flushAt = 256 << 10

// worker writes whole files, one window at a time. Workers share nothing mutable, so
// scheduling cannot change the output: a file's bytes depend only on the seed, the config and
// the file's window and region.
type worker struct {
	g      *generator
	e      ev
	gz     *gzip.Writer
	bw     *bufio.Writer
	cw     countWriter
	counts []int
	dirs   map[string]bool
	name   []byte
	stats  Stats
}

func (g *generator) newWorker() *worker {
	w := &worker{g: g, counts: make([]int, len(g.cfg.Regions)), dirs: map[string]bool{}}
	w.e.p = g.pop
	w.e.b = make([]byte, 0, flushAt+64<<10)
	w.bw = bufio.NewWriterSize(&w.cw, 256<<10)
	// Level 1: trail files are read far more often than written, but here generation speed
	// matters more than a few percent of size.
	w.gz, _ = gzip.NewWriterLevel(w.bw, gzip.BestSpeed)
	return w
}

// window writes the files of window i.
func (w *worker) window(ctx context.Context, i int) error {
	g := w.g
	win := g.windows[i]
	r := rng{s: hash2(uint64(g.cfg.Seed), uint64(win.start))}
	splitRegions(&r, win.events, g.common, g.rare, w.counts)
	for reg, n := range w.counts {
		if n == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.file(win, reg, n); err != nil {
			return err
		}
	}
	return nil
}

// file writes the n events of one region in one window.
func (w *worker) file(win window, reg, n int) (err error) {
	g := w.g
	acct, region := g.cfg.AccountID, g.cfg.Regions[reg]
	r := rng{s: hash2(hash2(uint64(g.cfg.Seed), uint64(win.start)), uint64(reg)+1)}

	y, mo, d := civil(win.start / 86400)
	dir := filepath.Join(g.outDir, "AWSLogs", acct, "CloudTrail", region,
		fmt.Sprintf("%04d", y), fmt.Sprintf("%02d", mo), fmt.Sprintf("%02d", d))
	if !w.dirs[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", dir, err)
		}
		w.dirs[dir] = true
	}
	name := append(w.name[:0], acct...)
	name = append(name, "_CloudTrail_"...)
	name = append(name, region...)
	name = append(name, '_')
	stamp := appendTimestamp(nil, win.start) // 2006-01-02T15:04:05Z → 20060102T1504Z
	name = append(name, stamp[0:4]...)
	name = append(name, stamp[5:7]...)
	name = append(name, stamp[8:10]...)
	name = append(name, 'T')
	name = append(name, stamp[11:13]...)
	name = append(name, stamp[14:16]...)
	name = append(name, "Z_"...)
	name = r.appendChars(name, alnum, 16)
	name = append(name, ".json.gz"...)
	w.name = name
	final := filepath.Join(dir, string(name))

	tmp, err := os.CreateTemp(dir, "."+string(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w.cw = countWriter{w: tmp}
	w.bw.Reset(&w.cw)
	w.gz.Reset(w.bw)

	if err := w.records(&r, win, reg, n); err != nil {
		return fmt.Errorf("write %s: %w", final, err)
	}
	if err := w.gz.Close(); err != nil {
		return fmt.Errorf("write %s: %w", final, err)
	}
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", final, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", final, err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("rename %s: %w", final, err)
	}
	w.stats.Files++
	w.stats.Events += n
	w.stats.Bytes += w.cw.n
	return nil
}

// records encodes {"Records":[…]} for one file into the gzip stream.
func (w *worker) records(r *rng, win window, reg, n int) error {
	g, e := w.g, &w.e
	e.r, e.g, e.region, e.home = r, g.pop.regions[reg], g.cfg.Regions[reg], reg == 0
	rare := reg == g.rare

	// Event times: n uniform seconds of the window, emitted in order.
	var perSec [windowSecs]int32
	for range n {
		perSec[r.intn(windowSecs)]++
	}
	e.b = append(e.b[:0], `{"Records":[`...)
	first := true
	for sec, c := range perSec {
		e.t = win.start + int64(sec)
		for range c {
			if !first {
				e.b = append(e.b, ',')
			}
			first = false
			w.pick(r, win, rare)
			e.event()
			if len(e.b) >= flushAt {
				if _, err := w.gz.Write(e.b); err != nil {
					return err
				}
				e.b = e.b[:0]
			}
		}
	}
	e.b = append(e.b, "]}"...)
	_, err := w.gz.Write(e.b)
	e.b = e.b[:0]
	return err
}

// pick chooses who calls what for the next event.
func (w *worker) pick(r *rng, win window, rare bool) {
	p, e := w.g.pop, &w.e
	if rare {
		e.a = p.recon[r.intn(len(p.recon))]
		e.api = w.g.recon.pick(r, false)
		return
	}
	for try := 0; ; try++ {
		if r.chance(win.human) {
			e.a = p.humans[p.humPick.pick(r)]
		} else {
			e.a = p.auto[p.autoPck.pick(r)]
		}
		// Outside the home region, skip callers that only use global services.
		if e.home || len(e.a.profile.away) > 0 || try == 3 {
			break
		}
	}
	e.api = e.a.profile.pick(r, e.home)
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
