package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// parser parses with DuckDB's own parser: json_serialize_sql gives the AST of a statement as
// JSON, json_deserialize_sql prints an AST back as SQL. Both run as bound parameters on the
// engine's pool, never as part of the user's statement. json_serialize_sql serializes SELECT
// statements only; every other statement kind comes back as an error, which is the first half
// of "one SELECT statement only".
type parser struct {
	serialize   *sql.Stmt
	deserialize *sql.Stmt
}

func newParser(ctx context.Context, db *sql.DB) (*parser, error) {
	ser, err := db.PrepareContext(ctx, "SELECT CAST(json_serialize_sql(CAST(? AS VARCHAR)) AS VARCHAR)")
	if err != nil {
		return nil, fmt.Errorf("prepare json_serialize_sql: %w", err)
	}
	de, err := db.PrepareContext(ctx, "SELECT json_deserialize_sql(CAST(? AS JSON))")
	if err != nil {
		ser.Close()
		return nil, fmt.Errorf("prepare json_deserialize_sql: %w", err)
	}
	return &parser{serialize: ser, deserialize: de}, nil
}

func (p *parser) Close() error {
	err := p.serialize.Close()
	if err2 := p.deserialize.Close(); err == nil {
		err = err2
	}
	return err
}

// serialized is json_serialize_sql's answer.
type serialized struct {
	Error        bool              `json:"error"`
	ErrorType    string            `json:"error_type"`
	ErrorMessage string            `json:"error_message"`
	Position     json.RawMessage   `json:"position"`
	Statements   []json.RawMessage `json:"statements"`
}

// parse parses one statement, already pre-lexed, and returns the AST of its single SELECT
// (the object holding "node"). Errors are *QueryError wrapping ErrInvalidQuery, with the
// position in the user's text when DuckDB gives one.
func (p *parser) parse(ctx context.Context, src *prelexed) (node, error) {
	var out string
	if err := p.serialize.QueryRowContext(ctx, src.text).Scan(&out); err != nil {
		return nil, fmt.Errorf("json_serialize_sql: %w", err)
	}
	var res serialized
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		return nil, fmt.Errorf("json_serialize_sql answer: %w", err)
	}
	if res.Error {
		if strings.HasPrefix(res.ErrorMessage, "Only SELECT statements") {
			return nil, notSelectError(src)
		}
		qe := &QueryError{Msg: res.ErrorMessage, Err: ErrInvalidQuery}
		if pos, ok := parsePosition(res.Position); ok {
			qe.Line, qe.Col = src.lineCol(pos)
		}
		return nil, qe
	}
	switch len(res.Statements) {
	case 0:
		return nil, invalidf("empty statement: expected one SELECT statement")
	case 1:
	default:
		return nil, invalidf("only a single SELECT statement is allowed, found %d statements", len(res.Statements))
	}
	v, err := decodeAST(res.Statements[0])
	if err != nil {
		return nil, fmt.Errorf("json_serialize_sql statement: %w", err)
	}
	stmt, ok := v.(map[string]any)
	if !ok || obj(stmt, "node") == nil {
		return nil, fmt.Errorf("json_serialize_sql statement: no query node")
	}
	return stmt, nil
}

// print prints a statement AST (as parse returns it) back as DuckDB SQL.
func (p *parser) print(ctx context.Context, stmt node) (string, error) {
	doc, err := encodeAST(map[string]any{"error": false, "statements": []any{stmt}})
	if err != nil {
		return "", err
	}
	var out sql.NullString
	if err := p.deserialize.QueryRowContext(ctx, doc).Scan(&out); err != nil {
		return "", fmt.Errorf("json_deserialize_sql: %w", err)
	}
	return out.String, nil
}

// parsePosition reads json_serialize_sql's error position, a number or a string of digits.
func parsePosition(raw json.RawMessage) (int, bool) {
	s := strings.Trim(string(raw), `"`)
	if s == "" || s == "null" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// notSelectError explains why a statement that parsed is not a SELECT, naming its kind.
func notSelectError(src *prelexed) error {
	stmts := splitStatements(src.orig)
	if len(stmts) > 1 {
		return invalidf("only a single SELECT statement is allowed, found %d statements", len(stmts))
	}
	kind := ""
	if len(stmts) == 1 {
		kind = stmts[0]
	}
	switch kind {
	case "", "SELECT", "WITH", "FROM", "VALUES", "(":
		return invalidf("only a single SELECT statement is allowed")
	}
	return invalidf("%s statements are not allowed: only a single SELECT statement is allowed", kind)
}

// splitStatements returns the first keyword of each non-empty statement of s (split at
// semicolons outside strings, identifiers and comments).
func splitStatements(s string) []string {
	var kinds []string
	first := ""
	for i := 0; i < len(s); {
		t := nextToken(s, i)
		i = t.end
		switch {
		case t.kind == tokSpace || t.kind == tokComment:
		case t.kind == tokPunct && s[t.start] == ';':
			if first != "" {
				kinds = append(kinds, first)
			}
			first = ""
		case first == "":
			first = strings.ToUpper(s[t.start:t.end])
		}
	}
	if first != "" {
		kinds = append(kinds, first)
	}
	return kinds
}
