package engine

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// macros are Trino functions Lake users write that DuckDB lacks under that name, and the tr_*
// helpers the rewrite rules call, defined as DuckDB macros before the function allow-list is
// read (so the sandbox allows them). A macro fits when the Trino function is an expression
// over DuckDB built-ins; calls whose shape must change, or that take a lambda, go to the
// rules instead. Each family keeps its macros beside its rules (fn_*.go, typed.go).
var macros = slices.Concat(jsonMacros, mapMacros, arrayMacros, timeMacros, stringMacros, regexpMacros, condMacros)

func createMacros(ctx context.Context, db *sql.DB) error {
	for _, m := range macros {
		if _, err := db.ExecContext(ctx, m); err != nil {
			return fmt.Errorf("create macro: %w", err)
		}
	}
	return nil
}
