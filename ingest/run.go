package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ctlake/ctlake/store"
	"github.com/google/uuid"
)

// Options configure one ingest run.
type Options struct {
	EDS   string   // event data store: name, id or ARN
	Paths []string // files and folders
	// Start and End, when set, keep only events with Start <= eventTime <= End.
	Start, End *time.Time
	// BatchEvents is how many events are committed at once (default 50,000). A run that is
	// killed loses at most the batch in flight; everything reported done stays. Larger
	// batches write larger files but cost more fresh memory than they save: on 1M generated
	// events 100,000 measured slower than 50,000 (see the README's benchmark notes).
	BatchEvents int
	Workers     int // decoding goroutines (default runtime.NumCPU())
	// Progress, if set, is called after each file and each commit from one goroutine.
	Progress func(Progress)
}

// Progress is a running count for a progress display.
type Progress struct {
	FilesDone, FilesTotal int
	EventsStored          int64
	Failures              int64
}

// fileResult is what a worker found in one file.
type fileResult struct {
	path     string
	events   []*store.Event
	failures []store.ImportFailure
	filtered int64
	outRange int64
}

// Run ingests files into an event data store as one import. The import record is saved when
// the run starts, after every commit and at the end; the returned import is final. A bad
// file or record is recorded as a failure and the rest lands; Run returns an error only when
// the run itself cannot go on (unknown or inactive store, unreadable path, store failure,
// cancellation). On cancellation the import is STOPPED, on a store failure FAILED.
func Run(ctx context.Context, st *store.Store, o Options) (*store.Import, []store.ImportFailure, error) {
	eds, err := st.GetEDS(ctx, o.EDS)
	if err != nil {
		return nil, nil, err
	}
	app, err := st.NewAppender(ctx, eds.ID())
	if err != nil {
		return nil, nil, err
	}
	files, prefixes, err := listFiles(o.Paths)
	if err != nil {
		return nil, nil, err
	}
	if o.BatchEvents <= 0 {
		o.BatchEvents = 50_000
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	now := st.Now().UTC()
	imp := &store.Import{
		ImportID:         uuid.NewString(),
		Destinations:     []string{eds.EventDataStoreArn},
		ImportSource:     store.ImportSource{S3: store.S3ImportSource{S3LocationURI: fileURI(o.Paths[0])}, Paths: absPaths(o.Paths)},
		StartEventTime:   o.Start,
		EndEventTime:     o.End,
		ImportStatus:     store.ImportInProgress,
		CreatedTimestamp: now,
	}
	imp.ImportStatistics.PrefixesFound = int64(prefixes)
	imp.ImportStatistics.FilesFound = int64(len(files))
	if err := st.SaveImport(ctx, imp, nil); err != nil {
		return nil, nil, err
	}

	sels := store.CompileSelectors(eds.AdvancedEventSelectors)
	results := decodeAll(ctx, files, o, sels)
	c := newCommitter(ctx, st, app, imp)

	// The collector gathers decoded files into batches and hands each to the committer, which
	// writes it while decoding goes on.
	newBatch := func() batch { return batch{events: make([]*store.Event, 0, o.BatchEvents+o.BatchEvents/4)} }
	var (
		b        = newBatch()
		progress = Progress{FilesTotal: len(files)}
	)
	for r := range results {
		if c.failed() {
			continue // drain the workers
		}
		b.failures = append(b.failures, r.failures...)
		b.filtered += r.filtered
		b.outRange += r.outRange
		b.events = append(b.events, r.events...)
		b.files++
		progress.FilesDone++
		progress.Failures += int64(len(r.failures))
		if len(b.events) >= o.BatchEvents {
			c.submit(b)
			b = newBatch()
		}
		if o.Progress != nil {
			progress.EventsStored = c.stored.Load()
			o.Progress(progress)
		}
	}
	if ctx.Err() == nil && b.files > 0 {
		c.submit(b)
	}
	failures, runErr := c.wait()
	progress.EventsStored = c.stored.Load()
	if runErr == nil {
		runErr = ctx.Err()
	}
	imp.ImportStatistics.PrefixesCompleted = imp.ImportStatistics.PrefixesFound
	switch {
	case runErr == nil:
		imp.ImportStatus = store.ImportCompleted
	case errors.Is(runErr, context.Canceled), errors.Is(runErr, context.DeadlineExceeded):
		imp.ImportStatus = store.ImportStopped
	default:
		imp.ImportStatus = store.ImportFailed
	}
	if o.Progress != nil {
		o.Progress(progress)
	}
	// Record the final state even when ctx is done: use a fresh context for the last write.
	if err := st.SaveImport(context.Background(), imp, failures); err != nil && runErr == nil {
		runErr = err
	}
	if runErr == nil {
		if _, err := st.Compact(ctx, eds.ID()); err != nil {
			runErr = err
		}
	}
	return imp, failures, runErr
}

// decodeAll decodes and filters files on o.Workers goroutines and sends one result per file,
// in no particular order. The channel closes when every file is done or ctx is cancelled.
func decodeAll(ctx context.Context, files []string, o Options, sels *store.Selectors) <-chan fileResult {
	jobs := make(chan string)
	out := make(chan fileResult, o.Workers)
	var wg sync.WaitGroup
	for range o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{p: NewParser()}
			for path := range jobs {
				out <- w.decodeFile(ctx, path, o, sels)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, f := range files {
			select {
			case jobs <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// worker is one decoding goroutine's reusable state.
type worker struct {
	p   *Parser
	dec Decoder
	// slab hands out the Events of kept records: one allocation per eventSlab events instead
	// of a growing slice per file, whose doublings were a large share of all bytes allocated.
	slab []store.Event
}

const eventSlab = 256

// keep stores ev in the slab and returns its address.
func (w *worker) keep(ev *store.Event) *store.Event {
	if len(w.slab) == 0 {
		w.slab = make([]store.Event, eventSlab)
	}
	e := &w.slab[0]
	*e = *ev
	w.slab = w.slab[1:]
	return e
}

func (w *worker) decodeFile(ctx context.Context, path string, o Options, sels *store.Selectors) fileResult {
	p := w.p
	res := fileResult{path: path}
	fail := func(loc, typ string, err error) {
		res.failures = append(res.failures, store.ImportFailure{
			Location: loc, Status: store.ImportFailed, ErrorType: typ, ErrorMessage: err.Error(),
			LastUpdatedTime: time.Now().UTC(),
		})
	}
	f, err := os.Open(path)
	if err != nil {
		fail(path, "FileError", err)
		return res
	}
	defer f.Close()
	err = w.dec.DecodeFile(ctx, path, f, func(rec Record) error {
		ev, err := p.parseValid(rec.Raw, rec.Stable)
		if err != nil {
			fail(recordLocation(path, rec.Index, rec.Line), errorType(err),
				&RecordError{File: path, Index: rec.Index, Line: rec.Line, Err: err})
			return nil
		}
		if (o.Start != nil && ev.EventTime.Before(*o.Start)) || (o.End != nil && ev.EventTime.After(*o.End)) {
			res.outRange++
			return nil
		}
		if !sels.Match(&ev) {
			res.filtered++
			return nil
		}
		res.events = append(res.events, w.keep(&ev))
		return nil
	}, func(re RecordError) {
		fail(recordLocation(path, re.Index, re.Line), errorType(re.Err), &re)
	})
	if err != nil && ctx.Err() == nil {
		fail(path, errorType(err), err)
	}
	return res
}

// FailureFile returns the file an ImportFailure's Location names (recordLocation's format,
// or the bare path of a file-level failure).
func FailureFile(location string) string {
	if i := strings.LastIndex(location, " (record "); i >= 0 && strings.HasSuffix(location, ")") {
		location = location[:i]
		if j := strings.LastIndexByte(location, ':'); j >= 0 && isDigits(location[j+1:]) {
			location = location[:j]
		}
	}
	return location
}

func isDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func recordLocation(path string, index, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d (record %d)", path, line, index)
	}
	return fmt.Sprintf("%s (record %d)", path, index)
}

// errorType names a failure for ListImportFailures.
func errorType(err error) string {
	switch {
	case errors.Is(err, ErrTruncated):
		return "TruncatedFile"
	case errors.Is(err, ErrBadFile):
		return "InvalidFile"
	case errors.Is(err, ErrMissingField), errors.Is(err, ErrInvalidField), errors.Is(err, ErrWrongType):
		return "InvalidEvent"
	case errors.Is(err, ErrBadRecord):
		return "InvalidRecord"
	default:
		return "FileError"
	}
}

func fileURI(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = p
	}
	return "file://" + filepath.ToSlash(abs)
}

func absPaths(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		out[i] = p
	}
	return out
}
