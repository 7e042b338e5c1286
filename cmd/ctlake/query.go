package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ctlake/ctlake/engine"
	"github.com/ctlake/ctlake/results"
	"github.com/ctlake/ctlake/store"
	"github.com/spf13/cobra"
)

// queryFlags are the engine settings every query-running command shares.
type queryFlags struct {
	timeout     time.Duration
	memoryLimit string
}

func (q *queryFlags) register(cmd *cobra.Command) {
	cmd.Flags().DurationVar(&q.timeout, "timeout", time.Hour, "time limit per query")
	cmd.Flags().StringVar(&q.memoryLimit, "memory-limit", "4GB", "memory limit per query engine (DuckDB memory_limit)")
}

// openEngine opens the query engine on the app's store.
func (a *app) openEngine(cmd *cobra.Command, q queryFlags) (*engine.Engine, error) {
	st, err := a.store()
	if err != nil {
		return nil, err
	}
	return engine.Open(cmd.Context(), engine.Config{Root: st.Root(), Timeout: q.timeout, MemoryLimit: q.memoryLimit}, st)
}

// rowsResult adapts engine.Rows to the formatters.
type rowsResult struct{ *engine.Rows }

func (r rowsResult) ColumnNames() []string {
	cols := r.Columns()
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return names
}

// runFlags are how a query runs and prints: shared by query and queries run.
type runFlags struct {
	q       queryFlags
	output  string
	stats   bool
	explain bool
	deliver string
}

func (r *runFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVarP(&r.output, "output", "o", "table", "table, csv, json or ndjson")
	f.BoolVar(&r.stats, "stats", false, "print query statistics (events scanned, bytes scanned, time) on stderr")
	f.BoolVar(&r.explain, "explain", false, "print the DuckDB SQL the statement becomes instead of running it")
	f.StringVar(&r.deliver, "deliver", "", "deliver the results, signed, to s3://bucket/prefix or file:///dir (Lake's layout)")
	r.q.register(cmd)
}

// run runs one statement and prints its result.
func (r *runFlags) run(cmd *cobra.Command, a *app, st statement) error {
	if !slices.Contains(outputFormats, r.output) {
		return fmt.Errorf("--output %q: use one of %s", r.output, strings.Join(outputFormats, ", "))
	}
	eng, err := a.openEngine(cmd, r.q)
	if err != nil {
		return err
	}
	defer eng.Close()
	if r.explain {
		sql, err := st.toSQL()
		if err != nil {
			return err
		}
		plan, err := eng.Translate(cmd.Context(), sql)
		if err != nil {
			return err
		}
		fmt.Println(plan.SQL)
		return nil
	}
	qs, err := a.queryStore()
	if err != nil {
		return err
	}
	rec, err := runRecorded(cmd.Context(), eng, qs, st, r.deliver)
	if rec != nil && (r.stats || r.deliver != "") {
		defer printQueryStats(rec)
	}
	if rec != nil && rec.QueryStatus == results.Finished {
		if perr := printStoredResult(cmd.Context(), qs, rec.QueryID, r.output); perr != nil {
			return perr
		}
	}
	if err != nil {
		return err
	}
	if r.deliver != "" {
		fmt.Fprintf(os.Stderr, "delivered to %s (%s)\n", rec.DeliveryLocation, rec.DeliveryStatus)
	}
	return nil
}

func newQueryCmd(a *app) *cobra.Command {
	var (
		r         runFlags
		file      string
		lang, eds string
	)
	cmd := &cobra.Command{
		Use:   "query [flags] 'SELECT … FROM <store name|id|arn>'",
		Short: "Run a CloudTrail Lake SQL or CloudWatch Logs Insights query",
		Long: `Query runs one SELECT statement (WITH allowed) over event data stores, named by
name, id (an unquoted UUID works, as in Lake) or ARN; with --lang insights --eds STORE, a
Logs Insights query over one store. The statement comes from the arguments, from --file, or
from standard input when it is "-". Every query gets a QueryId; its results are kept 7 days
(ctlake query list, describe, results).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := readStatement(args, file)
			if err != nil {
				return err
			}
			return r.run(cmd, a, statement{lang: lang, eds: eds, text: text})
		},
	}
	cmd.AddCommand(queryRecordCmds(a)...)
	cmd.Flags().StringVarP(&file, "file", "f", "", "read the statement from this file")
	cmd.Flags().StringVar(&lang, "lang", store.LangSQL, "query language: sql (CloudTrail Lake SQL) or insights (CloudWatch Logs Insights)")
	cmd.Flags().StringVar(&eds, "eds", "", "event data store an insights query runs over")
	r.register(cmd)
	return cmd
}

// readStatement joins the arguments, or reads --file, or standard input for "-".
func readStatement(args []string, file string) (string, error) {
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		return string(b), err
	case len(args) == 1 && args[0] == "-":
		b, err := io.ReadAll(os.Stdin)
		return string(b), err
	case len(args) > 0:
		return strings.Join(args, " "), nil
	}
	return "", fmt.Errorf("no statement: pass it as an argument, with --file, or on stdin with -")
}
