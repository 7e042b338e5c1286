package main

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ctlake/ctlake/ingest"
	"github.com/ctlake/ctlake/store"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newIngestCmd(a *app) *cobra.Command {
	var (
		eds, start, end string
		quiet           bool
		batch           int
	)
	cmd := &cobra.Command{
		Use:   "ingest --eds STORE PATH...",
		Short: "Import CloudTrail files (trail .json.gz, JSON arrays, JSON Lines) into an event data store",
		Long: `Ingest reads files and folders (recursively, including the trail layout
AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/) as one import. Each file may be
{"Records":[...]}, a JSON array or JSON Lines, gzip or not. Events are filtered by the
store's advanced event selectors and retention; an eventID already stored is skipped.
Bad files and records are reported and the rest lands; the command then exits with 2.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			o := ingest.Options{EDS: eds, Paths: args, BatchEvents: batch}
			if o.Start, err = parseTimeFlag("start-time", start); err != nil {
				return err
			}
			if o.End, err = parseTimeFlag("end-time", end); err != nil {
				return err
			}
			var bar *progressbar.ProgressBar
			if !quiet && term.IsTerminal(int(os.Stderr.Fd())) {
				bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(os.Stderr),
					progressbar.OptionSetDescription("ingest"), progressbar.OptionShowCount(),
					progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
				o.Progress = func(p ingest.Progress) {
					// Describe first: the bar draws its first frame at once and then at most every
					// 100 ms, and a quick ingest may have no second frame.
					bar.Describe(fmt.Sprintf("ingest: %d events stored, %d failures; files", p.EventsStored, p.Failures))
					bar.ChangeMax(p.FilesTotal)
					bar.Set(p.FilesDone)
				}
			}
			imp, failures, err := ingest.Run(cmd.Context(), st, o)
			if bar != nil {
				bar.Finish()
			}
			if imp != nil {
				printImportSummary(imp, failures)
			}
			if err != nil {
				return err
			}
			if len(failures) > 0 {
				return fmt.Errorf("%w: %d failures in import %s (ctlake import failures %s)", errImportFailures, len(failures), imp.ImportID, imp.ImportID)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&eds, "eds", "", "event data store (name, id or ARN)")
	f.StringVar(&start, "start-time", "", "keep events at or after this time (RFC 3339 or 'YYYY-MM-DD HH:MM:SS', UTC)")
	f.StringVar(&end, "end-time", "", "keep events at or before this time")
	f.BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	f.IntVar(&batch, "batch-events", 0, "events committed at once (default 50,000)")
	f.MarkHidden("batch-events")
	cmd.MarkFlagRequired("eds")
	return cmd
}

func printImportSummary(imp *store.Import, failures []store.ImportFailure) {
	s := imp.ImportStatistics
	fmt.Printf("import %s %s: %d files, %d events stored, %d duplicates, %d filtered by selectors, %d outside the time range, %d past retention, %d failures\n",
		imp.ImportID, imp.ImportStatus, s.FilesCompleted, s.EventsCompleted, s.EventsDuplicate, s.EventsFiltered,
		s.EventsOutOfRange, s.EventsExpired, s.FailedEntries)
	const show = 20
	for _, f := range failuresToShow(failures, show) {
		fmt.Fprintf(os.Stderr, "failed: %s: %s\n", f.Location, f.ErrorMessage)
	}
	if len(failures) > show {
		fmt.Fprintf(os.Stderr, "... and %d more (ctlake import failures %s)\n", len(failures)-show, imp.ImportID)
	}
}

// failuresToShow picks at most n failures to print: the first of every bad file before the
// second of any, files in path order, each file's in the order found. A file with a hundred
// bad records must not hide the other bad files, and the files' order must not depend on
// which decoder finished first.
func failuresToShow(failures []store.ImportFailure, n int) []store.ImportFailure {
	type ranked struct {
		f    store.ImportFailure
		file string
		nth  int // the failure's place among its file's
	}
	seen := map[string]int{}
	rs := make([]ranked, len(failures))
	for i, f := range failures {
		file := ingest.FailureFile(f.Location)
		rs[i] = ranked{f, file, seen[file]}
		seen[file]++
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.nth, b.nth), strings.Compare(a.file, b.file))
	})
	out := make([]store.ImportFailure, 0, min(n, len(rs)))
	for _, r := range rs[:min(n, len(rs))] {
		out = append(out, r.f)
	}
	return out
}

// timeLayouts are the forms a time flag accepts, all UTC unless they carry an offset.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"}

func parseTime(v string) (time.Time, error) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: time %q: use RFC 3339, 'YYYY-MM-DD HH:MM:SS' or 'YYYY-MM-DD'", store.ErrInvalidParameter, v)
}

func parseTimeFlag(name, v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	t, err := parseTime(v)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", name, err)
	}
	return &t, nil
}
