package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/ctlake/ctlake/store"
	"github.com/spf13/cobra"
)

func newEDSCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "eds",
		Aliases: []string{"event-data-store"},
		Short:   "Create and manage event data stores",
	}
	cmd.AddCommand(edsCreateCmd(a), edsListCmd(a), edsGetCmd(a), edsUpdateCmd(a),
		edsSimpleCmd(a, "delete", "Delete an event data store: it stays PENDING_DELETION for 7 days and can be restored", (*store.Store).DeleteEDS),
		edsSimpleCmd(a, "restore", "Restore an event data store that is pending deletion", (*store.Store).RestoreEDS),
		edsSimpleCmd(a, "start-ingestion", "Resume ingestion into an event data store", (*store.Store).StartIngestion),
		edsSimpleCmd(a, "stop-ingestion", "Stop ingestion into an event data store", (*store.Store).StopIngestion),
		edsDDLCmd(a),
	)
	return cmd
}

// readSelectors takes selectors as JSON text or @file.
func readSelectors(arg string) ([]store.AdvancedEventSelector, error) {
	data := []byte(arg)
	if strings.HasPrefix(arg, "@") {
		var err error
		if data, err = os.ReadFile(arg[1:]); err != nil {
			return nil, fmt.Errorf("%w: selectors: %v", store.ErrInvalidParameter, err)
		}
	}
	return store.ParseSelectors(data)
}

func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "    ")
	return enc.Encode(v)
}

func edsCreateCmd(a *app) *cobra.Command {
	var (
		in                 store.CreateInput
		selectors, billing string
		protect, multi     bool
	)
	cmd := &cobra.Command{
		Use:   "create NAME",
		Short: "Create an event data store (CreateEventDataStore)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			in.Name = args[0]
			in.BillingMode = billing
			in.TerminationProtection = &protect
			in.MultiRegionEnabled = &multi
			if selectors != "" {
				if in.AdvancedEventSelectors, err = readSelectors(selectors); err != nil {
					return err
				}
			}
			e, err := st.CreateEDS(cmd.Context(), in)
			if err != nil {
				return err
			}
			return printJSON(e)
		},
	}
	f := cmd.Flags()
	f.IntVar(&in.RetentionPeriod, "retention-days", 0, "retention in days: 7-3653 (extendable pricing, default 366) or 7-2557 (fixed, default 2557)")
	f.StringVar(&selectors, "selectors", "", "advanced event selectors as JSON or @file (default: all management events)")
	f.StringVar(&billing, "billing-mode", store.BillingExtendable, "EXTENDABLE_RETENTION_PRICING or FIXED_RETENTION_PRICING")
	f.BoolVar(&protect, "termination-protection", true, "refuse deletion until turned off")
	f.BoolVar(&multi, "multi-region", true, "collect events from all regions")
	f.BoolVar(&in.OrganizationEnabled, "organization", false, "collect events of the whole organization")
	f.BoolVar(&in.NoStartIngestion, "no-start-ingestion", false, "create the store with ingestion stopped")
	f.StringVar(&in.KmsKeyID, "kms-key-id", "", "KMS key id recorded with the store")
	return cmd
}

func edsListCmd(a *app) *cobra.Command {
	return jsonCmd(a, "list", "List event data stores (ListEventDataStores)", cobra.NoArgs,
		func(ctx context.Context, st *store.Store, _ []string) (any, error) {
			all, err := st.ListEDS(ctx)
			if all == nil {
				all = []*store.EventDataStore{}
			}
			return map[string]any{"EventDataStores": all}, err
		})
}

func edsGetCmd(a *app) *cobra.Command {
	return jsonCmd(a, "get STORE", "Show an event data store (GetEventDataStore); STORE is a name, id or ARN", cobra.ExactArgs(1),
		func(ctx context.Context, st *store.Store, args []string) (any, error) { return st.GetEDS(ctx, args[0]) })
}

func edsUpdateCmd(a *app) *cobra.Command {
	var (
		name, selectors, billing string
		retention                int
		protect, multi, org      bool
	)
	cmd := &cobra.Command{
		Use:   "update STORE",
		Short: "Change an event data store's settings (UpdateEventDataStore)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			var in store.UpdateInput
			f := cmd.Flags()
			if f.Changed("name") {
				in.Name = &name
			}
			if f.Changed("retention-days") {
				in.RetentionPeriod = &retention
			}
			if f.Changed("billing-mode") {
				in.BillingMode = &billing
			}
			if f.Changed("termination-protection") {
				in.TerminationProtection = &protect
			}
			if f.Changed("multi-region") {
				in.MultiRegionEnabled = &multi
			}
			if f.Changed("organization") {
				in.OrganizationEnabled = &org
			}
			if selectors != "" {
				if in.AdvancedEventSelectors, err = readSelectors(selectors); err != nil {
					return err
				}
			}
			e, err := st.UpdateEDS(cmd.Context(), args[0], in)
			if err != nil {
				return err
			}
			return printJSON(e)
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "new name")
	f.IntVar(&retention, "retention-days", 0, "retention in days")
	f.StringVar(&selectors, "selectors", "", "advanced event selectors as JSON or @file")
	f.StringVar(&billing, "billing-mode", "", "EXTENDABLE_RETENTION_PRICING (fixed pricing cannot be chosen again)")
	f.BoolVar(&protect, "termination-protection", true, "refuse deletion until turned off")
	f.BoolVar(&multi, "multi-region", true, "collect events from all regions")
	f.BoolVar(&org, "organization", false, "collect events of the whole organization")
	return cmd
}

func edsSimpleCmd(a *app, use, short string, op func(*store.Store, context.Context, string) (*store.EventDataStore, error)) *cobra.Command {
	return jsonCmd(a, use+" STORE", short, cobra.ExactArgs(1),
		func(ctx context.Context, st *store.Store, args []string) (any, error) { return op(st, ctx, args[0]) })
}

// jsonCmd is a command that opens the store, calls fn and prints its result as JSON (the
// shape of the matching CloudTrail API response).
func jsonCmd(a *app, use, short string, args cobra.PositionalArgs, fn func(context.Context, *store.Store, []string) (any, error)) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  args,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			v, err := fn(cmd.Context(), st, args)
			if err != nil {
				return err
			}
			return printJSON(v)
		},
	}
}

func edsDDLCmd(a *app) *cobra.Command {
	var dialect, location, table string
	cmd := &cobra.Command{
		Use:   "ddl STORE",
		Short: "Print the DDL that reads an event data store's Parquet files without ctlake (Athena, Trino, DuckDB)",
		Long: `ddl prints a CREATE statement for another engine over the store's folder: Athena, Hive
or Spark SQL (--dialect athena), Trino's Hive connector (trino), or a DuckDB view (duckdb).
--location is where that engine sees the folder, e.g. s3://bucket/prefix after copying it;
by default the local folder.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.store()
			if err != nil {
				return err
			}
			snap, err := st.Snapshot(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if location == "" {
				location = snap.Dir
			}
			if table == "" {
				table = strings.ReplaceAll(snap.EDS.Name, "-", "_")
			}
			ddl, err := store.DDL(dialect, table, location)
			if err != nil {
				return err
			}
			fmt.Print(ddl)
			return nil
		},
	}
	cmd.Flags().StringVar(&dialect, "dialect", store.DialectAthena, "athena, trino or duckdb")
	cmd.Flags().StringVar(&location, "location", "", "where the engine finds the store folder (default: the local folder)")
	cmd.Flags().StringVar(&table, "table", "", "table name (default: the store name)")
	return cmd
}
