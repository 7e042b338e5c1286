package main

import (
	"context"

	"github.com/ctlake/ctlake/store"
	"github.com/spf13/cobra"
)

func newImportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Inspect imports (every ingest run is one)",
	}
	var dest string
	list := jsonCmd(a, "list", "List imports, newest first (ListImports)", cobra.NoArgs,
		func(ctx context.Context, st *store.Store, _ []string) (any, error) {
			imps, err := st.ListImports(ctx, dest)
			items := make([]map[string]any, 0, len(imps))
			for _, i := range imps {
				items = append(items, map[string]any{
					"ImportId": i.ImportID, "ImportStatus": i.ImportStatus, "Destinations": i.Destinations,
					"CreatedTimestamp": i.CreatedTimestamp, "UpdatedTimestamp": i.UpdatedTimestamp,
				})
			}
			return map[string]any{"Imports": items}, err
		})
	list.Flags().StringVar(&dest, "destination", "", "only imports into this event data store")
	get := jsonCmd(a, "get IMPORT_ID", "Show an import with its statistics (GetImport)", cobra.ExactArgs(1),
		func(ctx context.Context, st *store.Store, args []string) (any, error) {
			return st.GetImport(ctx, args[0])
		})
	failures := jsonCmd(a, "failures IMPORT_ID", "List the failed files and records of an import (ListImportFailures)", cobra.ExactArgs(1),
		func(ctx context.Context, st *store.Store, args []string) (any, error) {
			fs, err := st.ListImportFailures(ctx, args[0])
			return map[string]any{"Failures": fs}, err
		})
	cmd.AddCommand(list, get, failures)
	return cmd
}
