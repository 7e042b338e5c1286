// Package cwli implements the CloudWatch Logs Insights query language over ctlake event data
// stores: Parse reads a query, Translate turns it into one SQL SELECT over an event data store,
// which package engine then sandboxes and runs like any Lake SQL statement.
//
// The package keeps the phases apart: a lexer (lex.go), a recursive-descent parser (parse.go,
// parse_expr.go) into a sealed AST (ast.go) whose nodes print back, with String, as queries that
// parse to the same tree (print.go), and a translator (translate.go, expr.go, fieldmap.go,
// regex.go). Each command lives in its own file (cmd_fields.go, cmd_filter.go, …) with its AST
// node, its printing, its parsing and its translation; scalar functions live in funcs_*.go by
// family, stats functions in stats_funcs.go. Errors are *ParseError values with a position,
// wrapping one of the sentinels of errors.go.
//
// Fields (fieldmap.go): @timestamp is eventTime, @message is eventJson (the raw event),
// @logStream is CloudTrail's stream name; a top-level column is that column, by the raw
// event's (case-sensitive) name; a path to a string leaf of the userIdentity or tlsDetails
// structs is the struct field; every other field — other dotted paths, array indexes such as
// resources.0.ARN, unknown names — is read from the raw event with a JSON Pointer, so a missing
// field is NULL, never an error.
//
// The SQL (translate.go): a chain of CTEs, one per command that changes rows or defines fields,
// with the fields the query defines under internal column names; Logs Insights' case-sensitive
// names appear only as aliases of the final SELECT. Scalar functions are called schema-qualified
// (main.f): the engine reads its input as Lake (Trino) SQL and rewrites unqualified calls of
// Trino functions whose meaning differs from DuckDB's, while this package means DuckDB's. Window
// adds the StartQuery time range as a leading filter, which the engine uses to prune files.
//
// Where Logs Insights is silent, the choices are documented beside the code and pinned by the
// scripts under testdata/: row order, null handling, bins, percentiles, parse globs.
package cwli
