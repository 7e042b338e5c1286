package engine

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
)

func TestParseErrorPosition(t *testing.T) {
	e, _ := openTest(t, Config{})
	for _, tc := range []struct {
		stmt      string
		msg       string
		line, col int
	}{
		{"SELECT a FORM t", `syntax error at or near "t"`, 1, 15},
		{"SELECT eventName,\n       eventTime\nFORM trail", `syntax error at or near "trail"`, 3, 6},
		// The pre-lexer quoted the UUID (two characters more): the column is still the user's.
		{"SELECT *\nFROM 5e2676f8-9fce-46ef-8142-3e36a94e6691\nWHERE eventName = = 'x'", `syntax error at or near "="`, 3, 19},
		{"SELECT 'ééé' FORM t", `syntax error at or near "t"`, 1, 19},
		{"SELECT * FROM trail WHERE", "syntax error at end of input", 1, 26},
	} {
		_, err := e.Translate(context.Background(), tc.stmt)
		var qe *QueryError
		if !errors.As(err, &qe) || !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("%q: err = %v, want a QueryError wrapping ErrInvalidQuery", tc.stmt, err)
			continue
		}
		if qe.Msg != tc.msg || qe.Line != tc.line || qe.Col != tc.col {
			t.Errorf("%q: got %d:%d %q, want %d:%d %q", tc.stmt, qe.Line, qe.Col, qe.Msg, tc.line, tc.col, tc.msg)
		}
	}
}

func TestNotSelect(t *testing.T) {
	e, _ := openTest(t, Config{})
	for stmt, want := range map[string]string{
		"COPY (SELECT 1) TO 'x.csv'":             "COPY statements are not allowed: only a single SELECT statement is allowed",
		"  -- lead\n insert into t values (1)":   "INSERT statements are not allowed: only a single SELECT statement is allowed",
		"SELECT 1; DROP TABLE x":                 "only a single SELECT statement is allowed, found 2 statements",
		"SELECT 1; SELECT 2":                     "only a single SELECT statement is allowed, found 2 statements",
		"-- only a comment":                      "empty statement: expected one SELECT statement",
		"SELECT 1 /* ; */ ; ATTACH 'x' -- ; end": "only a single SELECT statement is allowed, found 2 statements",
	} {
		_, err := e.Translate(context.Background(), stmt)
		if !errors.Is(err, ErrInvalidQuery) || err.Error() != want {
			t.Errorf("%q: err = %v, want %q", stmt, err, want)
		}
	}
	// A trailing semicolon is one statement.
	if _, err := e.Translate(context.Background(), "SELECT 1;"); err != nil {
		t.Errorf("SELECT 1;: %v", err)
	}
}

func TestParsePosition(t *testing.T) {
	for raw, want := range map[string]int{`14`: 14, `"669"`: 669, `null`: -1, ``: -1, `"x"`: -1} {
		got, ok := parsePosition(json.RawMessage(raw))
		if !ok {
			got = -1
		}
		if got != want {
			t.Errorf("parsePosition(%s) = %d, want %d", raw, got, want)
		}
	}
}
