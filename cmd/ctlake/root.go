package main

import (
	"os"
	"path/filepath"

	"github.com/ctlake/ctlake/store"
	"github.com/spf13/cobra"
)

// app carries what every command shares: the global flags, resolved once.
type app struct {
	home string
}

func newRootCmd() *cobra.Command {
	a := &app{}
	root := &cobra.Command{
		Use:           "ctlake",
		Short:         "A self-hosted CloudTrail Lake: event data stores on Parquet, queried with Lake SQL or Logs Insights",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&a.home, "home", defaultHome(), "store folder (env CTLAKE_HOME)")
	root.AddCommand(
		newEDSCmd(a),
		newIngestCmd(a),
		newImportCmd(a),
		newQueryCmd(a),
		newQueriesCmd(a),
		newResultsCmd(a),
		newGenCmd(),
		newCompactCmd(a),
		newDemoCmd(a),
		newShellCmd(a),
		newInsightsCmd(a),
	)
	return root
}

// defaultHome is $CTLAKE_HOME, else ~/.ctlake, else ./.ctlake.
func defaultHome() string {
	if h := os.Getenv("CTLAKE_HOME"); h != "" {
		return h
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".ctlake")
	}
	return ".ctlake"
}

func (a *app) store() (*store.Store, error) { return store.Open(a.home) }
