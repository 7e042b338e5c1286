package main

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ctlake/ctlake/engine"
	"github.com/ctlake/ctlake/results"
	"github.com/ctlake/ctlake/store"
	"github.com/spf13/cobra"
)

// queryStore opens the query records of the app's store.
func (a *app) queryStore() (*results.Store, error) {
	st, err := a.store()
	if err != nil {
		return nil, err
	}
	return queryStore(st)
}

// queryStore opens the query records and results kept beside the store (7 days).
func queryStore(st *store.Store) (*results.Store, error) {
	cfg := st.Config()
	return results.Open(filepath.Join(st.Root(), "queries"), results.WithAccount(cfg.AccountID, cfg.Region),
		results.WithStatusOf(queryStatusOf))
}

// queryStatusOf maps an engine error to the query status Lake reports.
func queryStatusOf(err error) results.Status {
	switch {
	case errors.Is(err, engine.ErrTimeout):
		return results.TimedOut
	case errors.Is(err, engine.ErrCanceled), errors.Is(err, context.Canceled):
		return results.Cancelled
	}
	return results.Failed
}

// recordedRows adapts engine.Rows to what the results store reads.
type recordedRows struct{ *engine.Rows }

func (r recordedRows) Columns() []string { return rowsResult(r).ColumnNames() }
func (r recordedRows) Stats() (int64, int64, int64, time.Duration) {
	s := r.Rows.Stats()
	return s.EventsMatched, s.EventsScanned, s.BytesScanned, s.ExecutionTime
}

// runRecorded runs a statement as a recorded query: it gets a QueryId and a record, its result
// is stored for 7 days, and it is delivered to deliver ("" for none). The returned record is
// the final one; the error is the query's or the delivery's.
func runRecorded(ctx context.Context, eng *engine.Engine, qs *results.Store, st statement, deliver string) (*results.Record, error) {
	sql, qerr := st.toSQL()
	var arns []string
	if qerr == nil {
		var plan *engine.Plan
		if plan, qerr = eng.Translate(ctx, sql); qerr == nil {
			for _, v := range plan.Views {
				arns = append(arns, v.ARN)
			}
		}
	}
	lang := st.lang
	if lang == "" {
		lang = store.LangSQL
	}
	rec, err := qs.Create(ctx, st.text, lang, arns, deliver)
	if err != nil {
		return nil, err
	}
	if err := qs.SetRunning(ctx, rec.QueryID); err != nil {
		return rec, err
	}
	qctx, stop := qs.CancelContext(ctx, rec.QueryID)
	defer stop()
	var rows *engine.Rows
	if qerr == nil {
		rows, qerr = eng.Query(qctx, sql)
	}
	var src results.RowSource
	if rows != nil {
		src = recordedRows{rows}
	}
	rec, ferr := qs.Finish(ctx, rec.QueryID, src, qerr)
	if rows != nil {
		rows.Close()
	}
	if qerr != nil {
		return rec, qerr
	}
	if ferr != nil {
		return rec, ferr
	}
	if deliver != "" {
		return qs.Deliver(ctx, rec.QueryID, "")
	}
	return rec, nil
}

// printStoredResult prints a finished query's stored result.
func printStoredResult(ctx context.Context, qs *results.Store, id, output string) error {
	rd, err := qs.OpenResult(ctx, id)
	if err != nil {
		return err
	}
	defer rd.Close()
	_, err = writeResults(os.Stdout, output, rd)
	return err
}

func printQueryStats(rec *results.Record) {
	s := rec.QueryStatistics
	fmt.Fprintf(os.Stderr, "QueryId: %s  EventsMatched: %d  EventsScanned: %d  BytesScanned: %d  ExecutionTimeInMillis: %d\n",
		rec.QueryID, s.EventsMatched, s.EventsScanned, s.BytesScanned, s.ExecutionTimeInMillis)
}

// queryRecordCmds are query's subcommands over recorded queries.
func queryRecordCmds(a *app) []*cobra.Command {
	withQS := func(fn func(ctx context.Context, qs *results.Store, args []string) (any, error)) func(context.Context, *store.Store, []string) (any, error) {
		return func(ctx context.Context, st *store.Store, args []string) (any, error) {
			qs, err := queryStore(st)
			if err != nil {
				return nil, err
			}
			return fn(ctx, qs, args)
		}
	}
	var (
		f                       results.ListFilter
		eds, status, start, end string
		maxResults              int
		nextToken, output       string
	)
	list := jsonCmd(a, "list", "List the queries of the last 7 days (ListQueries)", cobra.NoArgs,
		withQS(func(ctx context.Context, qs *results.Store, _ []string) (any, error) {
			f.EventDataStore, f.Status = eds, results.Status(status)
			for _, t := range []struct {
				v   string
				dst *time.Time
			}{{start, &f.StartTime}, {end, &f.EndTime}} {
				if t.v != "" {
					tm, err := parseTime(t.v)
					if err != nil {
						return nil, err
					}
					*t.dst = tm
				}
			}
			recs, err := qs.List(ctx, f)
			items := make([]map[string]any, 0, len(recs))
			for _, r := range recs {
				items = append(items, map[string]any{"QueryId": r.QueryID, "QueryStatus": r.QueryStatus, "CreationTime": r.QueryStatistics.CreationTime})
			}
			return map[string]any{"Queries": items}, err
		}))
	list.Flags().StringVar(&eds, "eds", "", "only queries that read this event data store (ARN or id)")
	list.Flags().StringVar(&status, "status", "", "only queries in this status")
	list.Flags().StringVar(&start, "start-time", "", "created at or after")
	list.Flags().StringVar(&end, "end-time", "", "created at or before")

	describe := jsonCmd(a, "describe QUERY_ID", "Show a query's status and statistics (DescribeQuery)", cobra.ExactArgs(1),
		withQS(func(ctx context.Context, qs *results.Store, args []string) (any, error) {
			return qs.Describe(ctx, args[0])
		}))
	cancel := jsonCmd(a, "cancel QUERY_ID", "Cancel a running query (CancelQuery)", cobra.ExactArgs(1),
		withQS(func(ctx context.Context, qs *results.Store, args []string) (any, error) {
			rec, err := qs.Cancel(ctx, args[0])
			if err != nil {
				return nil, err
			}
			return map[string]any{"QueryId": rec.QueryID, "QueryStatus": rec.QueryStatus}, nil
		}))
	res := &cobra.Command{
		Use:   "results QUERY_ID [--max-results N --next-token T]",
		Short: "Print a query's stored results; with --max-results, one page (GetQueryResults)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			qs, err := a.queryStore()
			if err != nil {
				return err
			}
			if maxResults == 0 && nextToken == "" {
				rec, err := qs.Describe(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				if rec.QueryStatus != results.Finished {
					return fmt.Errorf("%w: query %s is %s %s", results.ErrInvalidQueryStatus, rec.QueryID, rec.QueryStatus, rec.ErrorMessage)
				}
				return printStoredResult(cmd.Context(), qs, args[0], output)
			}
			page, err := qs.Results(cmd.Context(), args[0], maxResults, nextToken)
			if err != nil {
				return err
			}
			if output == "api" {
				return printJSON(page)
			}
			rows := make([][]any, len(page.QueryResultRows))
			for i, r := range page.QueryResultRows {
				for j, cell := range r {
					rows[i] = append(rows[i], cell[page.Columns[j]])
				}
			}
			if _, err := writeResults(os.Stdout, output, &sliceResult{cols: page.Columns, rows: rows}); err != nil {
				return err
			}
			if page.NextToken != "" {
				fmt.Fprintf(os.Stderr, "NextToken: %s\n", page.NextToken)
			}
			return nil
		},
	}
	res.Flags().IntVar(&maxResults, "max-results", 0, "rows in one page, 1 to 1000")
	res.Flags().StringVar(&nextToken, "next-token", "", "the NextToken of the previous page")
	res.Flags().StringVarP(&output, "output", "o", "table", "table, csv, json, ndjson, or api (the GetQueryResults JSON; with --max-results)")
	return []*cobra.Command{list, describe, cancel, res}
}

func newResultsCmd(a *app) *cobra.Command {
	var pubPath string
	validate := &cobra.Command{
		Use:   "validate URI",
		Short: "Check a delivered query result folder (s3://… or file://…) against its signature",
		Long: `validate checks the <queryId> folder of a delivery: every file listed in
result_sign.json is there with its SHA-256, no result file is missing or extra, and the
signature verifies with the store's public key (or --public-key PEM). It prints a report and
exits non-zero naming every tampered, missing or extra file.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var pub *rsa.PublicKey
			if pubPath != "" {
				k, err := results.LoadPublicKey(pubPath)
				if err != nil {
					return err
				}
				pub = k
			} else {
				qs, err := a.queryStore()
				if err != nil {
					return err
				}
				pub = qs.PublicKey()
			}
			rep, err := results.Validate(cmd.Context(), args[0], pub)
			if rep != nil {
				printJSON(rep)
			}
			return err
		},
	}
	validate.Flags().StringVar(&pubPath, "public-key", "", "PEM public key to verify with (default: this store's)")
	cmd := &cobra.Command{Use: "results", Short: "Delivered query results"}
	cmd.AddCommand(validate)
	return cmd
}
