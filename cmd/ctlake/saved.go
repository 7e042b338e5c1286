package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ctlake/ctlake/engine"
	"github.com/ctlake/ctlake/queries"
	"github.com/ctlake/ctlake/store"
	"github.com/spf13/cobra"
)

// errLibraryQuery: library queries are read-only.
var errLibraryQuery = errors.New("library queries are read-only")

func newQueriesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "queries",
		Short: "Saved queries and the sample query library",
		Long: `Saved queries are kept in the store folder and run again with parameters: each ? in
the statement takes one --param value, bound as a string literal (like Lake's
QueryParameters). The read-only library holds the twelve seed-002 analyses and Lake-style
security questions; a library query names its store $EDS_ID, which --eds fills in.`,
	}
	cmd.AddCommand(queriesListCmd(a), queriesShowCmd(a), queriesSaveCmd(a), queriesCopyCmd(a), queriesRunCmd(a), queriesDeleteCmd(a))
	return cmd
}

// savedAndLibrary lists the saved queries, then the library, as rows.
func savedAndLibrary(ctx context.Context, st *store.Store) ([]string, [][]any, error) {
	saved, err := st.ListSavedQueries(ctx)
	if err != nil {
		return nil, nil, err
	}
	rows := [][]any{}
	for _, q := range saved {
		rows = append(rows, []any{q.Name, q.Lang, "saved", q.Description})
	}
	for _, q := range queries.All() {
		rows = append(rows, []any{q.Name, q.Lang, "library", q.Title})
	}
	return []string{"name", "lang", "source", "description"}, rows, nil
}

// findQuery returns a saved query, or a library query as a SavedQuery (library = true).
func findQuery(cmd *cobra.Command, st *store.Store, name string) (q *store.SavedQuery, library bool, err error) {
	q, err = st.GetSavedQuery(cmd.Context(), name)
	if errors.Is(err, store.ErrSavedQueryNotFound) {
		if lq, ok := queries.Get(name); ok {
			return &store.SavedQuery{Name: lq.Name, Lang: lq.Lang, Description: lq.Title, Statement: lq.Text}, true, nil
		}
	}
	return q, false, err
}

func queriesListCmd(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List saved queries and the library",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			cols, rows, err := savedAndLibrary(cmd.Context(), st)
			if err != nil {
				return err
			}
			_, err = writeResults(os.Stdout, output, &sliceResult{cols: cols, rows: rows})
			return err
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "table", "table, csv, json or ndjson")
	return cmd
}

func queriesShowCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "show NAME",
		Short: "Print a saved or library query",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			q, library, err := findQuery(cmd, st, args[0])
			if err != nil {
				return err
			}
			source := "saved"
			if library {
				source = "library (read-only)"
			}
			fmt.Printf("-- %s [%s, %s]\n", q.Name, q.Lang, source)
			if q.Description != "" {
				fmt.Printf("-- %s\n", q.Description)
			}
			if n := engine.CountParameters(q.Statement); n > 0 && q.Lang == store.LangSQL {
				fmt.Printf("-- parameters: %d (--param)\n", n)
			}
			fmt.Println(strings.TrimSpace(q.Statement))
			return nil
		},
	}
}

func queriesSaveCmd(a *app) *cobra.Command {
	var (
		q       store.SavedQuery
		file    string
		replace bool
	)
	cmd := &cobra.Command{
		Use:   "save NAME [--lang sql|insights] [--description D] STATEMENT",
		Short: "Save a query under a name",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			if _, ok := queries.Get(args[0]); ok {
				return fmt.Errorf("%w: %s is a library query; save under another name (ctlake queries copy %s NEW-NAME)", errLibraryQuery, args[0], args[0])
			}
			if q.Statement, err = readStatement(args[1:], file); err != nil {
				return err
			}
			q.Name = args[0]
			saved, err := st.SaveQuery(cmd.Context(), q, replace)
			if err != nil {
				return err
			}
			return printJSON(saved)
		},
	}
	f := cmd.Flags()
	f.StringVar(&q.Lang, "lang", store.LangSQL, "sql or insights")
	f.StringVar(&q.Description, "description", "", "what the query answers")
	f.StringVarP(&file, "file", "f", "", "read the statement from this file")
	f.BoolVar(&replace, "replace", false, "replace a saved query of the same name")
	return cmd
}

func queriesCopyCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "copy LIBRARY-NAME NEW-NAME",
		Short: "Copy a library query into a saved query you can change",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			lq, ok := queries.Get(args[0])
			if !ok {
				return fmt.Errorf("%w: no library query %s (ctlake queries list)", store.ErrSavedQueryNotFound, args[0])
			}
			if _, ok := queries.Get(args[1]); ok {
				return fmt.Errorf("%w: %s is a library query name", errLibraryQuery, args[1])
			}
			saved, err := st.SaveQuery(cmd.Context(), store.SavedQuery{Name: args[1], Lang: lq.Lang, Description: lq.Title, Statement: lq.Text}, false)
			if err != nil {
				return err
			}
			return printJSON(saved)
		},
	}
}

func queriesDeleteCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a saved query",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			if _, ok := queries.Get(args[0]); ok {
				return fmt.Errorf("%w: %s cannot be deleted", errLibraryQuery, args[0])
			}
			return st.DeleteSavedQuery(cmd.Context(), args[0])
		},
	}
}

func queriesRunCmd(a *app) *cobra.Command {
	var (
		r      runFlags
		eds    string
		params []string
	)
	cmd := &cobra.Command{
		Use:   "run NAME [--eds STORE] [--param V ...]",
		Short: "Run a saved or library query",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			q, _, err := findQuery(cmd, st, args[0])
			if err != nil {
				return err
			}
			stmt, err := fillStore(cmd.Context(), st, q.Lang, q.Statement, eds, "give one with --eds")
			if err != nil {
				return fmt.Errorf("%s: %w", q.Name, err)
			}
			if stmt, err = bindParameters(q.Lang, stmt, params); err != nil {
				return fmt.Errorf("%s: %w", q.Name, err)
			}
			return r.run(cmd, a, statement{lang: q.Lang, eds: eds, text: stmt})
		},
	}
	cmd.Flags().StringVar(&eds, "eds", "", "event data store: for an insights query, or a SQL query that names it $EDS_ID")
	cmd.Flags().StringArrayVar(&params, "param", nil, "a value for the next ? of the statement (repeat for each)")
	r.register(cmd)
	return cmd
}

// sliceResult is a resultSet over rows held in memory.
type sliceResult struct {
	cols []string
	rows [][]any
	i    int
}

func (s *sliceResult) ColumnNames() []string { return s.cols }
func (s *sliceResult) Next() bool            { s.i++; return s.i <= len(s.rows) }
func (s *sliceResult) Values() []any         { return s.rows[s.i-1] }
func (s *sliceResult) Err() error            { return nil }
