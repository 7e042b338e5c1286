package engine

import (
	"context"
	"database/sql"
	"fmt"
)

// macros are Trino functions Lake users write that DuckDB lacks under that name, defined as
// DuckDB macros before the function allow-list is read (so the sandbox allows them). A macro
// fits when the Trino function is an expression over DuckDB built-ins; calls whose shape must
// change go to functionRules instead.
var macros = []string{
	// Trino: the scalar at a JSON path as varchar; NULL for an object or array.
	`CREATE MACRO json_extract_scalar(j, p) AS
		CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END`,
}

func createMacros(ctx context.Context, db *sql.DB) error {
	for _, m := range macros {
		if _, err := db.ExecContext(ctx, m); err != nil {
			return fmt.Errorf("create macro: %w", err)
		}
	}
	return nil
}
