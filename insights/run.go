package insights

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ctlake/ctlake/ingest"
	"github.com/ctlake/ctlake/store"
	"github.com/gofrs/flock"
)

// RunOptions say what one run covers.
type RunOptions struct {
	// At is the run's clock: minutes before At (truncated to the minute) are processed.
	// Zero: now.
	At time.Time
	// Since moves the start forward: minutes before it are skipped. Without it, a source's
	// first run starts on the 8th day of its data (on its newest day when it has less), and
	// later runs start where the last one stopped.
	Since time.Time
	// Source limits the run to one source store (name, id or ARN); "" runs every enabled one.
	Source string
}

// Report says what a run did.
type Report struct {
	Sources []SourceReport `json:"Sources"`
	Elapsed time.Duration  `json:"-"`
}

// SourceReport is one source's part of a run.
type SourceReport struct {
	Source      string    `json:"Source"`
	Destination string    `json:"Destination"`
	From        time.Time `json:"From,omitzero"` // the minutes processed: [From, To)
	To          time.Time `json:"To,omitzero"`
	Minutes     int       `json:"Minutes"`
	Events      int64     `json:"EventsAnalyzed"` // events in the files read for those minutes
	Series      int       `json:"Series"`
	Started     int       `json:"InsightsStarted"`
	Ended       int       `json:"InsightsEnded"`
	Open        int       `json:"InsightsOpen"`
	Records     int       `json:"RecordsWritten"`
	Delivered   []string  `json:"Delivered,omitempty"`
}

// Events sums the events analysed by all sources.
func (r *Report) Events() int64 {
	var n int64
	for _, s := range r.Sources {
		n += s.Events
	}
	return n
}

// blockDays bounds how many days one pass counts at once (with their 7 baseline days), so a
// first run over months of history keeps its memory bounded.
const blockDays = 7

// Run runs the job once for every enabled source (or opts.Source).
func Run(ctx context.Context, st *store.Store, opts RunOptions) (*Report, error) {
	begin := time.Now()
	if opts.At.IsZero() {
		opts.At = st.Now()
	}
	var sels []*Selectors
	if opts.Source != "" {
		s, err := Get(ctx, st, opts.Source)
		if err != nil {
			return nil, err
		}
		sels = []*Selectors{s}
	} else {
		all, err := List(ctx, st)
		if err != nil {
			return nil, err
		}
		sels = all
	}
	d, err := openDuck(ctx)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	rep := &Report{}
	for _, sel := range sels {
		sr, err := runSource(ctx, st, d, sel, opts)
		if err != nil {
			return rep, err
		}
		rep.Sources = append(rep.Sources, *sr)
	}
	rep.Elapsed = time.Since(begin)
	return rep, nil
}

// runSource runs the job for one source, holding its lock, in blocks of up to blockDays days.
func runSource(ctx context.Context, st *store.Store, d *duck, sel *Selectors, opts RunOptions) (*SourceReport, error) {
	src, err := st.GetEDS(ctx, sel.EventDataStoreArn)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	dst, err := st.GetEDS(ctx, sel.InsightsDestination)
	if err != nil {
		return nil, fmt.Errorf("insights destination of %s: %w", src.Name, err)
	}
	rep := &SourceReport{Source: src.Name, Destination: dst.Name}
	if err := os.MkdirAll(configDir(st), 0o755); err != nil {
		return nil, err
	}
	lock := flock.New(filepath.Join(configDir(st), src.ID()+".lock"))
	ok, err := lock.TryLockContext(ctx, 50*time.Millisecond)
	if err != nil || !ok {
		return nil, fmt.Errorf("%w for %s: %w", ErrBusy, src.Name, errors.Join(err, ctx.Err()))
	}
	defer lock.Unlock()

	s, err := loadState(st, src)
	if err != nil {
		return nil, err
	}
	snap, err := st.Snapshot(ctx, src.EventDataStoreArn)
	if err != nil {
		return nil, err
	}
	first := earliest(snap)
	if first.IsZero() {
		return rep, nil // no events yet
	}
	firstDay := first.Truncate(24 * time.Hour)
	horizon := opts.At.UTC().Truncate(time.Minute)
	from := s.Watermark
	if since := opts.Since.UTC().Truncate(time.Minute); !opts.Since.IsZero() && since.After(from) {
		from = since
	}
	if from.IsZero() {
		from = firstRunStart(firstDay, newest(snap).Truncate(24*time.Hour))
	}
	if !from.Before(horizon) {
		return rep, nil
	}
	rep.From, rep.To = from, horizon
	r := &sourceRun{st: st, d: d, sel: sel, src: src, dst: dst, snap: snap, state: s, firstDay: firstDay, rep: rep}
	if err := r.loadPast(ctx, from.AddDate(0, 0, -baselineDays-1)); err != nil {
		return nil, err
	}
	for start := from; start.Before(horizon); {
		end := start.Truncate(24*time.Hour).AddDate(0, 0, blockDays)
		if end.After(horizon) {
			end = horizon
		}
		if err := r.block(ctx, start, end); err != nil {
			return nil, err
		}
		start = end
	}
	for _, tr := range s.Trackers {
		if tr.Open != nil {
			rep.Open++
		}
	}
	return rep, nil
}

// firstRunStart is where a source's first run begins: on the 8th day of its data, so that
// every day analysed has a full week of baseline (weekends included), or on its newest day
// when there is less than that, but always after one whole day of baseline.
func firstRunStart(firstDay, newestDay time.Time) time.Time {
	from := firstDay.AddDate(0, 0, baselineDays)
	if from.After(newestDay) {
		from = newestDay
	}
	if !from.After(firstDay) {
		from = firstDay.AddDate(0, 0, 1)
	}
	return from
}

// earliest is the time of the oldest event the snapshot holds.
func earliest(snap *store.Snapshot) time.Time {
	var t time.Time
	for _, f := range snap.Files {
		if f.MinTime.IsZero() {
			continue
		}
		if m := f.MinTime.UTC(); t.IsZero() || m.Before(t) {
			t = m
		}
	}
	if !t.IsZero() && !snap.RetentionCutoff.IsZero() && t.Before(snap.RetentionCutoff) {
		t = snap.RetentionCutoff.UTC()
	}
	return t
}

// sourceRun is one source's run in progress.
type sourceRun struct {
	st       *store.Store
	d        *duck
	sel      *Selectors
	src, dst *store.EventDataStore
	snap     *store.Snapshot
	state    *state
	firstDay time.Time
	rep      *SourceReport
	past     map[Key][]span // earlier insights, left out of the baselines
}

// baselineFrom is where day's baseline window starts: 7 days back, not before the data.
func (r *sourceRun) baselineFrom(day time.Time) time.Time {
	from := day.AddDate(0, 0, -baselineDays)
	if from.Before(r.firstDay) {
		from = r.firstDay
	}
	if from.After(day) {
		from = day
	}
	return from
}

// block processes the minutes [start, end), which lie within blockDays days, then stores the
// records and the state.
func (r *sourceRun) block(ctx context.Context, start, end time.Time) error {
	var days []time.Time
	for day := start.Truncate(24 * time.Hour); day.Before(end); day = day.AddDate(0, 0, 1) {
		days = append(days, day)
	}
	baselines := make([]*dayBaseline, len(days))
	gridFrom := start
	for i, day := range days {
		b, ok, err := r.d.loadBaseline(ctx, r.st, r.dst.EventDataStoreArn, r.src, day, r.baselineFrom(day))
		if err != nil {
			return err
		}
		if ok {
			baselines[i] = b
		} else if f := r.baselineFrom(day); f.Before(gridFrom) {
			gridFrom = f
		}
	}
	g, err := r.d.countGrid(ctx, r.snap, r.sel.Types(), gridFrom, end)
	if err != nil {
		return err
	}
	_, events := files(r.snap, start, end)
	r.rep.Events += events
	now := r.st.Now()
	det := &detector{source: r.src.EventDataStoreArn, calls: r.sel.Has(CallRate)}
	series := map[Key]bool{}
	for i, day := range days {
		from, to := maxTime(start, day), minTime(end, day.AddDate(0, 0, 1))
		b := baselines[i]
		if b == nil { // days in order: the insights of the days before are known by now
			b = computeBaseline(g, day, r.baselineFrom(day), r.past)
			if b.minutes > 0 {
				if err := r.d.saveBaseline(ctx, r.st, r.dst.EventDataStoreArn, r.src, b, now); err != nil {
					return err
				}
			}
		}
		if b.minutes == 0 {
			continue // no whole day of history before it: nothing to compare with
		}
		started, ended := len(det.started), len(det.ended)
		for _, k := range r.keys(g, b, from, to) {
			series[k] = true
			tr := r.state.Trackers[k.String()]
			if tr == nil {
				tr = &tracker{Key: k}
			}
			p := b.profileFor(k)
			counts := g.window(k, from, to)
			for m, t := 0, from; t.Before(to); m, t = m+1, t.Add(time.Minute) {
				var x int32
				if counts != nil {
					x = counts[m]
				}
				det.step(tr, p, b.from, t, x)
			}
			if tr.Open != nil || tr.Quiet != nil {
				r.state.Trackers[k.String()] = tr
			} else {
				delete(r.state.Trackers, k.String())
			}
		}
		r.rep.Minutes += int(to.Sub(from) / time.Minute)
		r.remember(det.started[started:], det.ended[ended:])
	}
	r.rep.Series = max(r.rep.Series, len(series))
	if err := r.emit(ctx, det); err != nil {
		return err
	}
	r.state.Watermark = end
	if err := r.state.save(r.st, r.src.ID()); err != nil {
		return fmt.Errorf("save insights state of %s: %w", r.src.Name, err)
	}
	return nil
}

// remember adds the spans of insights that started and ended to r.past, for the baselines
// of the days after.
func (r *sourceRun) remember(started, ended []*insight) {
	for _, o := range started {
		r.past[o.key] = append(r.past[o.key], span{from: o.Start})
	}
	for _, o := range ended {
		sp := r.past[o.key]
		for i := range sp {
			if sp[i].from.Equal(o.Start) {
				sp[i].to = o.End
			}
		}
	}
}

// loadPast reads the spans of the insights already in the destination that began after since.
func (r *sourceRun) loadPast(ctx context.Context, since time.Time) error {
	r.past = map[Key][]span{}
	all, err := r.d.listInsights(ctx, r.st, []string{r.dst.EventDataStoreArn})
	if err != nil {
		return err
	}
	for _, in := range all {
		if in.Start.Before(since) {
			continue
		}
		r.past[in.Key] = append(r.past[in.Key], span{from: in.Start, to: in.End})
	}
	return nil
}

// keys lists the series to step through over [from, to): those with calls then, those with an
// insight or silence in progress, and those steady enough that silence means something.
func (r *sourceRun) keys(g *grid, b *dayBaseline, from, to time.Time) []Key {
	seen := map[Key]bool{}
	var out []Key
	add := func(k Key) {
		if !seen[k] && (k.InsightType == CallRate && r.sel.Has(CallRate) || k.InsightType == ErrorRate && r.sel.Has(ErrorRate)) {
			seen[k] = true
			out = append(out, k)
		}
	}
	for k := range g.series {
		for _, c := range g.window(k, from, to) {
			if c != 0 {
				add(k)
				break
			}
		}
	}
	for _, tr := range r.state.Trackers {
		add(tr.Key)
	}
	for k, p := range b.profiles {
		if k.InsightType != CallRate {
			continue
		}
		for h := range p.low {
			if p.low[h] >= MinSteadyRate {
				add(k)
				break
			}
		}
	}
	return out
}

// emit writes the Start and End records of the block to the destination and, when asked, as
// trail files.
func (r *sourceRun) emit(ctx context.Context, det *detector) error {
	type want struct {
		o     *insight
		state string
	}
	var wants []want
	for _, o := range det.started {
		wants = append(wants, want{o, StateStart})
	}
	for _, o := range det.ended {
		wants = append(wants, want{o, StateEnd})
	}
	if len(wants) == 0 {
		return nil
	}
	pairs := make([][2]attrWindow, len(wants))
	for i, w := range wants {
		o := w.o
		insEnd := o.Start.Add(time.Duration(o.Minutes) * time.Minute)
		bTo := o.BaselineFrom.Add(time.Duration(o.BaselineMinutes) * time.Minute)
		pairs[i] = [2]attrWindow{
			{k: o.key, from: o.Start, to: insEnd, minutes: o.Minutes},
			{k: o.key, from: o.BaselineFrom, to: bTo, minutes: o.BaselineMinutes},
		}
	}
	attrs, err := r.d.attributions(ctx, r.snap, pairs)
	if err != nil {
		return err
	}
	records := make([]*Record, len(wants))
	events := make([]*store.Event, len(wants))
	p := ingest.NewParser()
	for i, w := range wants {
		records[i] = newRecord(w.o, w.state, attrs[i])
		ev, err := p.Parse(records[i].Marshal())
		if err != nil {
			return fmt.Errorf("insight record: %w", err)
		}
		events[i] = &ev
		if w.state == StateStart {
			r.rep.Started++
		} else {
			r.rep.Ended++
		}
	}
	app, err := r.st.NewAppender(ctx, r.dst.EventDataStoreArn)
	if err != nil {
		return fmt.Errorf("insights destination %s: %w", r.dst.Name, err)
	}
	res, err := app.Append(ctx, events)
	if err != nil {
		return fmt.Errorf("write insights to %s: %w", r.dst.Name, err)
	}
	r.rep.Records += res.Added
	if r.sel.DeliverTo != "" {
		uris, err := deliver(ctx, r.sel.DeliverTo, records)
		r.rep.Delivered = append(r.rep.Delivered, uris...)
		if err != nil {
			return err
		}
	}
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
