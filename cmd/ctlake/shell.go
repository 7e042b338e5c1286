package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/ctlake/ctlake/engine"
	"github.com/ctlake/ctlake/queries"
	"github.com/ctlake/ctlake/results"
	"github.com/ctlake/ctlake/store"
)

// The shell: `ctlake shell`, an interactive session on one engine. On a terminal it reads with
// line editing, history and completion (shell_term.go); otherwise it runs what standard input
// holds. Input is cut into statements and meta-commands by shell_input.go, meta-commands live
// in shell_meta.go, results print through shell_print.go.

const (
	shellPrompt         = "ctlake> "
	shellContinuePrompt = "   ...> "
	shellHistoryFile    = "shell_history" // in the store folder
	shellDefaultLimit   = 1000            // rows a result prints at most, on a terminal
)

// errShellTerminated ends a session on SIGTERM or SIGHUP.
var errShellTerminated = errors.New("terminated")

func newShellCmd(a *app) *cobra.Command {
	var (
		q    queryFlags
		opts shellOptions
	)
	cmd := &cobra.Command{
		Use:   "shell [--lang sql|insights] [--eds STORE] [--output FORMAT]",
		Short: "An interactive query shell: statements end with ';', \\help lists the meta-commands",
		Long: `Shell runs statements one after another on one query engine. A statement may span lines
and ends with ';'; a line that starts with '\' is a meta-command (\help lists them: \eds,
\d STORE, \saved, \run NAME, \use STORE, \lang, \output, \x, \limit, \timing, \deliver, \q).

On a terminal it edits lines (history in <home>/shell_history, Tab completes store names,
columns and nested paths, functions, keywords and meta-commands). Ctrl-C clears the statement
being typed, or cancels the running query; Ctrl-D on an empty line quits. Results print at
most 1000 rows (\limit), as tables that turn into one block per row when wider than the
terminal (\x).

When standard input or output is not a terminal, the shell runs the statements and
meta-commands of standard input without prompts, prints every result in full, and exits
non-zero if any failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			eng, err := a.openEngine(cmd, q)
			if err != nil {
				return err
			}
			defer eng.Close()
			interactive := term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd()))
			opts.piped = !interactive
			if interactive {
				return runInteractiveShell(cmd, a, st, eng, opts)
			}
			sh, err := newShell(cmd.Context(), a, st, eng, os.Stdout, os.Stderr, opts)
			if err != nil {
				return err
			}
			return sh.pipedLoop(os.Stdin)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.lang, "lang", store.LangSQL, "query language: sql (CloudTrail Lake SQL) or insights (CloudWatch Logs Insights)")
	f.StringVar(&opts.eds, "eds", "", "the store insights queries run over and $EDS_ID stands for (\\use)")
	f.StringVarP(&opts.output, "output", "o", "table", strings.Join(shellOutputs, ", "))
	q.register(cmd)
	return cmd
}

// shellOptions are the flags of a session.
type shellOptions struct {
	lang, eds, output string
	// piped: input is not a terminal. Errors then name their input line, results print in
	// full, and tables never turn expanded by themselves.
	piped bool
}

// shellSettings are what meta-commands change.
type shellSettings struct {
	lang    string
	eds     string // the \use store, by name
	print   shellPrint
	timing  bool
	deliver string // \deliver URI, "" when off
}

// shell is one session. It is not safe for concurrent use.
type shell struct {
	a   *app
	st  *store.Store
	eng *engine.Engine
	ctx context.Context // the session's: every query's context derives from it

	out, msg io.Writer // results; notes, errors and status
	set      shellSettings
	in       shellInput
	piped    bool
	quit     bool

	defaultExpanded string
	width           func() int                                    // terminal columns, 0 when unknown
	interrupts      func(cancel context.CancelFunc) (stop func()) // cancels a running query on Ctrl-C
	columns         []shellField
	functions       atomic.Pointer[[]string] // DuckDB's function names, once loaded
	results         *results.Store           // opened by the first delivery
}

// newShell starts a session over an open store and engine.
func newShell(ctx context.Context, a *app, st *store.Store, eng *engine.Engine, out, msg io.Writer, o shellOptions) (*shell, error) {
	sh := &shell{
		a: a, st: st, eng: eng, ctx: ctx, out: out, msg: msg, piped: o.piped,
		defaultExpanded: expandedAuto,
		width:           func() int { return 0 },
		interrupts:      func(context.CancelFunc) func() { return func() {} },
		columns:         shellColumns(),
	}
	sh.set.print.limit = shellDefaultLimit
	if o.piped {
		sh.defaultExpanded, sh.set.print.limit = expandedOff, 0
	}
	sh.set.print.expanded = sh.defaultExpanded
	if o.lang != store.LangSQL && o.lang != store.LangInsights {
		return nil, fmt.Errorf("--lang %q: use sql or insights", o.lang)
	}
	sh.set.lang, sh.in.lang = o.lang, o.lang
	if err := sh.setOutput(o.output); err != nil {
		return nil, fmt.Errorf("--%w", err)
	}
	if o.eds != "" {
		e, err := st.GetEDS(ctx, o.eds)
		if err != nil {
			return nil, err
		}
		sh.set.eds = e.Name
	}
	return sh, nil
}

// runInteractiveShell runs a session on the terminal.
func runInteractiveShell(cmd *cobra.Command, a *app, st *store.Store, eng *engine.Engine, o shellOptions) error {
	// The root context ends on the first SIGINT, and Ctrl-C here cancels one query only: the
	// session ends on SIGTERM and SIGHUP, which it watches itself.
	ctx, end := context.WithCancelCause(context.WithoutCancel(cmd.Context()))
	defer end(nil)
	sh, err := newShell(ctx, a, st, eng, os.Stdout, os.Stderr, o)
	if err != nil {
		return err
	}
	sh.width = func() int {
		w, _, err := term.GetSize(int(os.Stdout.Fd()))
		if err != nil {
			return 0
		}
		return w
	}
	sh.interrupts = notifyInterrupt
	var loaded sync.WaitGroup
	loaded.Go(func() {
		if names, err := loadShellFunctions(ctx); err == nil {
			sh.functions.Store(&names)
		}
	})
	defer loaded.Wait()

	r := newLinerReader(sh, shellHistory{path: filepath.Join(a.home, shellHistoryFile), keep: shellHistoryKeep})
	defer r.close()

	var idle atomic.Bool // at the prompt, where only exiting ends a read
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGHUP)
	defer func() {
		signal.Stop(sigs) // no signal is sent on it after this
		close(sigs)
	}()
	go func() {
		if _, ok := <-sigs; !ok {
			return
		}
		end(errShellTerminated)
		if idle.Load() {
			r.close()
			eng.Close()
			os.Exit(128 + int(syscall.SIGTERM))
		}
	}()

	fmt.Fprintf(sh.msg, "ctlake shell on %s: statements end with ';', \\help lists the meta-commands, \\q quits.\n", st.Root())
	return sh.interactiveLoop(r, &idle)
}

// shellLineReader reads the lines of an interactive session.
type shellLineReader interface {
	// readLine shows prompt and returns a line: errShellInterrupt when Ctrl-C clears it,
	// io.EOF on Ctrl-D at an empty line.
	readLine(prompt string) (string, error)
	addHistory(entry string)
}

// errShellInterrupt is Ctrl-C at the prompt.
var errShellInterrupt = errors.New("interrupt")

// interactiveLoop reads and runs until \q, end of input, or the end of the session. idle, when
// not nil, is set while reading.
func (sh *shell) interactiveLoop(r shellLineReader, idle *atomic.Bool) error {
	for !sh.quit && sh.ctx.Err() == nil {
		prompt := shellPrompt
		if sh.in.pending() {
			prompt = shellContinuePrompt
		}
		if idle != nil {
			idle.Store(true)
		}
		line, err := r.readLine(prompt)
		if idle != nil {
			idle.Store(false)
		}
		switch {
		case errors.Is(err, errShellInterrupt):
			sh.in.reset()
			continue
		case errors.Is(err, io.EOF):
			fmt.Fprintln(sh.out)
			return nil
		case err != nil:
			return err
		}
		for _, it := range sh.in.feed(line) {
			if !it.meta || !isQuitLine(it.text) {
				r.addHistory(it.history(sh.set.lang))
			}
			sh.runItem(it)
			if sh.quit || sh.ctx.Err() != nil {
				break
			}
		}
	}
	return context.Cause(sh.ctx)
}

// pipedLoop runs the statements and meta-commands of r, to its end or \q, and fails if any
// failed. A statement the input leaves without ';' runs too.
func (sh *shell) pipedLoop(r io.Reader) error {
	br := bufio.NewReader(r)
	var ran, failed int
	run := func(items []shellItem) {
		for _, it := range items {
			if sh.quit || sh.ctx.Err() != nil {
				return
			}
			ran++
			if !sh.runItem(it) {
				failed++
			}
		}
	}
	for !sh.quit && sh.ctx.Err() == nil {
		line, err := br.ReadString('\n')
		if line != "" {
			run(sh.in.feed(strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")))
		}
		if errors.Is(err, io.EOF) {
			run(sh.in.flush())
			break
		}
		if err != nil {
			return err
		}
	}
	if err := sh.ctx.Err(); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d statements and meta-commands failed", failed, ran)
	}
	return nil
}

// runItem runs a statement or meta-command and reports its error; false when it failed.
func (sh *shell) runItem(it shellItem) bool {
	var err error
	if it.meta {
		err = sh.runMeta(it.text)
	} else {
		err = sh.runStatement(statement{lang: sh.set.lang, eds: sh.set.eds, text: it.text})
	}
	if err == nil {
		return true
	}
	switch {
	case errors.Is(err, engine.ErrCanceled) || errors.Is(err, context.Canceled):
		fmt.Fprintln(sh.msg, "query cancelled")
	case sh.piped:
		fmt.Fprintf(sh.msg, "stdin:%d: error: %s\n", it.line, describeError(err))
	default:
		fmt.Fprintf(sh.msg, "error: %s\n", describeError(err))
	}
	return false
}

// runStatement runs a statement typed or piped in.
func (sh *shell) runStatement(st statement) error {
	text, err := sh.fillPlaceholder(st.lang, st.text)
	if err != nil {
		return err
	}
	st.text = text
	return sh.execStatement(st)
}

// fillPlaceholder replaces $EDS_ID in a SQL statement with the \use store's id.
func (sh *shell) fillPlaceholder(lang, text string) (string, error) {
	return fillStore(sh.ctx, sh.st, lang, text, sh.set.eds, "choose one with \\use STORE")
}

// execStatement runs a statement and prints its result. Ctrl-C cancels it.
func (sh *shell) execStatement(st statement) error {
	if st.lang == store.LangInsights && st.eds == "" {
		return fmt.Errorf("%w: an insights query runs over one event data store: choose it with \\use STORE", store.ErrInvalidParameter)
	}
	ctx, cancel := context.WithCancel(sh.ctx)
	defer cancel()
	stop := sh.interrupts(cancel)
	defer stop()
	if sh.set.deliver != "" {
		return sh.runDelivered(ctx, st)
	}
	rows, err := execute(ctx, sh.eng, st)
	if err != nil {
		return err
	}
	_, more, err := printShellResult(sh.out, sh.printSettings(), rowsResult{rows})
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	s := rows.Stats()
	sh.footer(more, &s)
	return nil
}

// printSettings are the print settings with the terminal's current width.
func (sh *shell) printSettings() shellPrint {
	p := sh.set.print
	p.width = sh.width()
	return p
}

// footer notes the rows left unprinted and, with \timing, the query's statistics.
func (sh *shell) footer(more int64, stats *engine.Stats) {
	if more > 0 {
		fmt.Fprintf(sh.msg, "(%d more rows not shown: \\limit N prints N, \\limit 0 all)\n", more)
	}
	if sh.set.timing && stats != nil {
		fmt.Fprintf(sh.msg, "Time: %.3f ms, %d events scanned (%d bytes)\n",
			float64(stats.ExecutionTime)/float64(time.Millisecond), stats.EventsScanned, stats.BytesScanned)
	}
}

// notifyInterrupt makes SIGINT (Ctrl-C on a terminal not in raw mode) call cancel until stop.
func notifyInterrupt(cancel context.CancelFunc) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			cancel()
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
	}
}

// vocab gathers what completion offers, fresh: stores and saved queries change meanwhile.
func (sh *shell) vocab() *shellVocab {
	v := &shellVocab{columns: sh.columns}
	if names := sh.functions.Load(); names != nil {
		v.functions = *names
	}
	if list, err := sh.st.ListEDS(sh.ctx); err == nil {
		for _, e := range list {
			v.stores = append(v.stores, e.Name, e.ID())
		}
	}
	if saved, err := sh.st.ListSavedQueries(sh.ctx); err == nil {
		for _, q := range saved {
			v.saved = append(v.saved, q.Name)
		}
	}
	for _, q := range queries.All() {
		v.saved = append(v.saved, q.Name)
	}
	slices.Sort(v.saved)
	return v
}
