package main

import (
	"github.com/spf13/cobra"
)

func newImportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Inspect imports (every ingest run is one)",
	}
	var dest string
	list := &cobra.Command{
		Use:   "list",
		Short: "List imports, newest first (ListImports)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			imps, err := st.ListImports(cmd.Context(), dest)
			if err != nil {
				return err
			}
			items := make([]map[string]any, 0, len(imps))
			for _, i := range imps {
				items = append(items, map[string]any{
					"ImportId": i.ImportID, "ImportStatus": i.ImportStatus, "Destinations": i.Destinations,
					"CreatedTimestamp": i.CreatedTimestamp, "UpdatedTimestamp": i.UpdatedTimestamp,
				})
			}
			return printJSON(map[string]any{"Imports": items})
		},
	}
	list.Flags().StringVar(&dest, "destination", "", "only imports into this event data store")
	get := &cobra.Command{
		Use:   "get IMPORT_ID",
		Short: "Show an import with its statistics (GetImport)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			imp, err := st.GetImport(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return printJSON(imp)
		},
	}
	failures := &cobra.Command{
		Use:   "failures IMPORT_ID",
		Short: "List the failed files and records of an import (ListImportFailures)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			fs, err := st.ListImportFailures(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return printJSON(map[string]any{"Failures": fs})
		},
	}
	cmd.AddCommand(list, get, failures)
	return cmd
}
