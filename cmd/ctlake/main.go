// Command ctlake is a self-hosted CloudTrail Lake: event data stores on Parquet, the Lake SQL
// dialect over them, and the tools around them.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := newRootCmd()
	if err := cmd.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "ctlake:", describeError(err))
		os.Exit(exitCode(err))
	}
}
