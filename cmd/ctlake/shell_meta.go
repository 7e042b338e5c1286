package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"

	"github.com/ctlake/ctlake/store"
)

// Meta-commands: lines that start with '\'. They need no ';' and change the session or show
// the store; each is one shellMeta, listed by \help in the order of shellMetaCommands.

// metaArg says what completes a meta-command's first argument.
type metaArg int

const (
	metaArgNone metaArg = iota
	metaArgStore
	metaArgSaved
	metaArgValues // one of shellMeta.values
)

type shellMeta struct {
	name    string
	aliases []string
	args    string // the arguments, for \help
	help    string
	arg     metaArg
	values  []string
	run     func(sh *shell, args []string) error
}

// shellOutputs are the values of \output and --output.
var shellOutputs = append(slices.Clone(outputFormats), "expanded")

// shellMetaCommands lists the meta-commands. (A function, not a variable: \help's method reads
// the list, which a variable holding that method could not do.)
func shellMetaCommands() []shellMeta {
	onOff := []string{"on", "off"}
	return []shellMeta{
		{name: "eds", help: "list the event data stores", run: (*shell).metaEDS},
		{name: "d", args: "[STORE]", help: "describe a store: its columns and nested paths, with types", arg: metaArgStore, run: (*shell).metaDescribe},
		{name: "saved", help: "list the saved queries and the query library", run: (*shell).metaSaved},
		{name: "run", args: "NAME [PARAM…]", help: "run a saved or library query ($EDS_ID is the \\use store; each PARAM binds the next ?)", arg: metaArgSaved, run: (*shell).metaRun},
		{name: "use", args: "[STORE]", help: "the store insights queries run over and $EDS_ID stands for", arg: metaArgStore, run: (*shell).metaUse},
		{name: "lang", args: "[sql|insights]", help: "the language of statements", arg: metaArgValues, values: []string{store.LangSQL, store.LangInsights}, run: (*shell).metaLang},
		{name: "output", aliases: []string{"o"}, args: "[" + strings.Join(shellOutputs, "|") + "]", help: "how results print", arg: metaArgValues, values: shellOutputs, run: (*shell).metaOutput},
		{name: "x", args: "[on|off|auto]", help: "expanded display, one column | value block per row (auto: for tables wider than the terminal)", arg: metaArgValues, values: []string{expandedOn, expandedOff, expandedAuto}, run: (*shell).metaExpanded},
		{name: "limit", args: "[N]", help: "print at most N rows of a result (0: all)", run: (*shell).metaLimit},
		{name: "timing", args: "[on|off]", help: "print each query's execution time and events scanned", arg: metaArgValues, values: onOff, run: (*shell).metaTiming},
		{name: "deliver", args: "[URI|off]", help: "deliver each query's results to s3://bucket/prefix or file:///dir, signed, in Lake's layout", arg: metaArgValues, values: []string{"off"}, run: (*shell).metaDeliver},
		{name: "help", aliases: []string{"?", "h"}, help: "list the meta-commands", run: (*shell).metaHelp},
		{name: "q", aliases: []string{"quit"}, help: "quit (Ctrl-D on an empty line does too)", run: (*shell).metaQuit},
	}
}

func findShellMeta(name string) (shellMeta, bool) {
	for _, m := range shellMetaCommands() {
		if m.name == name || slices.Contains(m.aliases, name) {
			return m, true
		}
	}
	return shellMeta{}, false
}

// isQuitLine reports whether a meta-command line quits (it stays out of the history).
func isQuitLine(line string) bool {
	args, err := shellArgs(line)
	return err == nil && len(args) > 0 && (args[0] == `\q` || args[0] == `\quit`)
}

// runMeta runs a meta-command line.
func (sh *shell) runMeta(line string) error {
	args, err := shellArgs(line)
	if err != nil {
		return err
	}
	name := strings.TrimPrefix(args[0], `\`)
	m, ok := findShellMeta(name)
	if !ok {
		return fmt.Errorf("unknown command \\%s: \\help lists the commands", name)
	}
	return m.run(sh, args[1:])
}

// shellArgs splits a meta-command line into words; '…' and "…" quote a word with spaces, and
// a doubled quote inside stands for itself.
func shellArgs(line string) ([]string, error) {
	var (
		args []string
		cur  strings.Builder
		in   bool // inside a word
	)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\'' || c == '"':
			in = true
			for i++; ; i++ {
				if i >= len(line) {
					return nil, fmt.Errorf("unterminated %c in %s", c, line)
				}
				if line[i] == c {
					if i+1 < len(line) && line[i+1] == c {
						cur.WriteByte(c)
						i++
						continue
					}
					break
				}
				cur.WriteByte(line[i])
			}
		case c == ' ' || c == '\t':
			if in {
				args = append(args, cur.String())
				cur.Reset()
				in = false
			}
		default:
			in = true
			cur.WriteByte(c)
		}
	}
	if in {
		args = append(args, cur.String())
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("empty command")
	}
	return args, nil
}

// wantArgs checks the number of arguments.
func wantArgs(name string, args []string, lo, hi int) error {
	if len(args) < lo || len(args) > hi {
		return metaUsage(name)
	}
	return nil
}

// metaUsage is the error of a meta-command given the wrong arguments.
func metaUsage(name string) error {
	m, _ := findShellMeta(name)
	return fmt.Errorf("usage: \\%s %s", name, m.args)
}

// onOff reads an on/off argument, or toggles cur without one.
func onOff(name string, args []string, cur bool) (bool, error) {
	if err := wantArgs(name, args, 0, 1); err != nil {
		return false, err
	}
	if len(args) == 0 {
		return !cur, nil
	}
	switch args[0] {
	case "on":
		return true, nil
	case "off":
		return false, nil
	}
	return false, metaUsage(name)
}

func (sh *shell) metaEDS(args []string) error {
	if err := wantArgs("eds", args, 0, 0); err != nil {
		return err
	}
	list, err := sh.st.ListEDS(sh.ctx)
	if err != nil {
		return err
	}
	rows := [][]any{}
	for _, e := range list {
		rows = append(rows, []any{e.Name, e.ID(), e.Status, fmt.Sprintf("%d days", e.RetentionPeriod)})
	}
	return sh.show([]string{"name", "id", "status", "retention"}, rows)
}

func (sh *shell) metaDescribe(args []string) error {
	if err := wantArgs("d", args, 0, 1); err != nil {
		return err
	}
	if len(args) == 0 {
		return sh.metaEDS(nil)
	}
	e, err := sh.st.GetEDS(sh.ctx, args[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(sh.out, "Event data store %s (%s), %s\n", e.Name, e.ID(), e.Status)
	cols, rows := []string{"column", "type"}, [][]any{}
	for _, p := range shellPaths(sh.columns) {
		rows = append(rows, []any{p.path, p.typ})
	}
	if sh.set.print.format != "table" || sh.set.print.expanded == expandedOn {
		return sh.show(cols, rows)
	}
	return writeListing(sh.out, cols, rows)
}

// writeListing prints rows as writeResults' table does, but with no cell cut short: for
// listings (paths, help) worth reading whole.
func writeListing(w io.Writer, cols []string, rows [][]any) error {
	t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithTrimSpace(tw.Off))
	t.Header(toAny(cols)...)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	if err := t.Render(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "(%d rows)\n", len(rows))
	return err
}

func (sh *shell) metaSaved(args []string) error {
	if err := wantArgs("saved", args, 0, 0); err != nil {
		return err
	}
	cols, rows, err := savedAndLibrary(sh.ctx, sh.st)
	if err != nil {
		return err
	}
	return sh.show(cols, rows)
}

func (sh *shell) metaRun(args []string) error {
	if err := wantArgs("run", args, 1, 1000); err != nil {
		return err
	}
	c := &cobra.Command{} // findQuery reads only its context
	c.SetContext(sh.ctx)
	q, _, err := findQuery(c, sh.st, args[0])
	if err != nil {
		return err
	}
	stmt, err := sh.fillPlaceholder(q.Lang, q.Statement)
	if err != nil {
		return fmt.Errorf("%s: %w", q.Name, err)
	}
	if stmt, err = bindParameters(q.Lang, stmt, args[1:]); err != nil {
		return fmt.Errorf("%s: %w", q.Name, err)
	}
	if q.Description != "" {
		fmt.Fprintf(sh.msg, "-- %s: %s\n", q.Name, q.Description)
	}
	return sh.execStatement(statement{lang: q.Lang, eds: sh.set.eds, text: stmt})
}

func (sh *shell) metaUse(args []string) error {
	if err := wantArgs("use", args, 0, 1); err != nil {
		return err
	}
	if len(args) == 1 {
		e, err := sh.st.GetEDS(sh.ctx, args[0])
		if err != nil {
			return err
		}
		sh.set.eds = e.Name
	}
	if sh.set.eds == "" {
		fmt.Fprintln(sh.msg, `No store in use: \use STORE chooses one.`)
		return nil
	}
	fmt.Fprintf(sh.msg, "Using event data store %s.\n", sh.set.eds)
	return nil
}

func (sh *shell) metaLang(args []string) error {
	if err := wantArgs("lang", args, 0, 1); err != nil {
		return err
	}
	if len(args) == 1 {
		if args[0] != store.LangSQL && args[0] != store.LangInsights {
			return metaUsage("lang")
		}
		sh.set.lang, sh.in.lang = args[0], args[0]
	}
	fmt.Fprintf(sh.msg, "Language is %s.\n", sh.set.lang)
	return nil
}

func (sh *shell) metaOutput(args []string) error {
	if err := wantArgs("output", args, 0, 1); err != nil {
		return err
	}
	if len(args) == 1 {
		if err := sh.setOutput(args[0]); err != nil {
			return err
		}
	}
	out := sh.set.print.format
	if out == "table" && sh.set.print.expanded == expandedOn {
		out = "expanded"
	}
	fmt.Fprintf(sh.msg, "Output format is %s.\n", out)
	return nil
}

// setOutput sets the output format: one of shellOutputs.
func (sh *shell) setOutput(format string) error {
	switch {
	case format == "expanded":
		sh.set.print.format, sh.set.print.expanded = "table", expandedOn
	case slices.Contains(outputFormats, format):
		sh.set.print.format = format
		if format == "table" && sh.set.print.expanded == expandedOn {
			sh.set.print.expanded = sh.defaultExpanded
		}
	default:
		return fmt.Errorf("output %q: use one of %s", format, strings.Join(shellOutputs, ", "))
	}
	return nil
}

func (sh *shell) metaExpanded(args []string) error {
	if err := wantArgs("x", args, 0, 1); err != nil {
		return err
	}
	p := &sh.set.print
	switch {
	case len(args) == 0 && p.expanded == expandedOn:
		p.expanded = expandedOff
	case len(args) == 0:
		p.expanded = expandedOn
	case args[0] == expandedOn || args[0] == expandedOff || args[0] == expandedAuto:
		p.expanded = args[0]
	default:
		return metaUsage("x")
	}
	if p.format != "table" {
		fmt.Fprintf(sh.msg, "Expanded display is %s (for tables; output is %s).\n", p.expanded, p.format)
		return nil
	}
	fmt.Fprintf(sh.msg, "Expanded display is %s.\n", p.expanded)
	return nil
}

func (sh *shell) metaLimit(args []string) error {
	if err := wantArgs("limit", args, 0, 1); err != nil {
		return err
	}
	if len(args) == 1 {
		n, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("limit %q: give a number of rows, 0 for all", args[0])
		}
		sh.set.print.limit = n
	}
	if sh.set.print.limit == 0 {
		fmt.Fprintln(sh.msg, "Results print in full.")
		return nil
	}
	fmt.Fprintf(sh.msg, "Results print at most %d rows.\n", sh.set.print.limit)
	return nil
}

func (sh *shell) metaTiming(args []string) error {
	on, err := onOff("timing", args, sh.set.timing)
	if err != nil {
		return err
	}
	sh.set.timing = on
	fmt.Fprintf(sh.msg, "Timing is %s.\n", map[bool]string{true: "on", false: "off"}[on])
	return nil
}

func (sh *shell) metaDeliver(args []string) error {
	if err := wantArgs("deliver", args, 0, 1); err != nil {
		return err
	}
	if len(args) == 1 {
		uri := args[0]
		if uri == "off" {
			uri = ""
		} else if err := sh.checkDeliveryURI(uri); err != nil {
			return err
		}
		sh.set.deliver = uri
	}
	if sh.set.deliver == "" {
		fmt.Fprintln(sh.msg, "Results are not delivered.")
		return nil
	}
	fmt.Fprintf(sh.msg, "Results are delivered to %s.\n", sh.set.deliver)
	return nil
}

func (sh *shell) metaHelp(args []string) error {
	if err := wantArgs("help", args, 0, 0); err != nil {
		return err
	}
	rows := [][]any{}
	for _, m := range shellMetaCommands() {
		name := `\` + m.name
		for _, a := range m.aliases {
			name += ` \` + a
		}
		rows = append(rows, []any{strings.TrimSpace(name + " " + m.args), m.help})
	}
	fmt.Fprintln(sh.out, "Statements end with ';' and may span lines. Ctrl-C clears the statement being typed, or cancels a running query.")
	return writeListing(sh.out, []string{"command", "what it does"}, rows)
}

func (sh *shell) metaQuit(args []string) error {
	if err := wantArgs("q", args, 0, 0); err != nil {
		return err
	}
	sh.quit = true
	return nil
}

// show prints a listing as the session prints results.
func (sh *shell) show(cols []string, rows [][]any) error {
	_, more, err := printShellResult(sh.out, sh.printSettings(), &sliceResult{cols: cols, rows: rows})
	sh.footer(more, nil)
	return err
}
