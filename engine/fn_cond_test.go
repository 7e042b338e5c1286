package engine

import (
	"context"
	"strings"
	"testing"
)

func TestConditionalFunctions(t *testing.T) {
	e, _ := openTest(t, Config{})
	checkExprs(t, e, []exprCase{
		{in: "if(1 < 2, 'yes', 'no')", want: "yes"},
		{in: "if(1 > 2, 'yes')", want: "<nil>"}, // DuckDB's parser needs three arguments
		{in: "IF (1 < 2, 'yes')", want: "yes"},
		{in: "count(if(errorCode IS NOT NULL, 1)) FROM trail", want: "2"},
		{in: "if(eventName IN ('GetObject', 'PutObject'), concat(eventName, ','), if(readOnly, 'r')) FROM trail WHERE eventName = 'ConsoleLogin'", want: "r"},
		{in: "sum(if(readOnly, 1, 0)) FROM trail", want: "6"},
		{in: "[try(CAST('a' AS INTEGER)), try_cast('7' AS integer), coalesce(NULL, 2), nullif(1, 1)]", want: "[<nil> 7 2 <nil>]"},
		{in: "[greatest(1, 3, 2), least(1, 3, 2)]", want: "[3 1]"},
		{in: "[greatest(1, NULL, 3), least(1, NULL)]", want: "[<nil> <nil>]"}, // DuckDB: 3, 1
		{in: "[5 / 2, -5 / 2, 5.0 / 2, 7 % 3]", want: "[2 -2 2.5 1]"},
		{in: "[round(2.5), truncate(-2.7), abs(-1), power(2, 10), log(2, 8), ln(1)]", want: "[3 -2 1 1024 3 0]"},
		{in: "[is_nan(nan()), is_finite(infinity()), rand() < 1]", want: "[true false true]"},
		{in: "CAST(eventTime AS varchar) FROM trail WHERE eventName = 'PutObject'", want: "2024-01-01 12:00:00.000"},
		{in: "CAST(1 AS varchar) || CAST(CAST('2' AS bigint) + 1 AS varchar)", want: "13"},
		{in: "[CAST('1.5' AS double), CAST(3.9 AS integer)]", want: "[1.5 4]"},
		{in: "CAST('true' AS boolean)", want: "true"},
	})
}

// TestIfPreLexer shows the ", NULL" the pre-lexer adds to if(c, v), and that positions after
// it still point into the user's text.
func TestIfPreLexer(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT if(a, b)":              "SELECT if(a, b, NULL)",
		"SELECT IF (a, f(b, c))":       "SELECT IF (a, f(b, c), NULL)",
		"SELECT if(a, b, c)":           "SELECT if(a, b, c)",
		"SELECT if(a IN (1, 2), 'x')":  "SELECT if(a IN (1, 2), 'x', NULL)",
		"SELECT x.if(a, b)":            "SELECT x.if(a, b)",
		"SELECT 'if(a, b)', \"if\"(a)": "SELECT 'if(a, b)', \"if\"(a)",
		"SELECT if(a, if(b, c))":       "SELECT if(a, if(b, c, NULL), NULL)",
	} {
		p := prelex(in)
		if p.text != want {
			t.Errorf("prelex(%q) = %q, want %q", in, p.text, want)
		}
		if stripInserts(p) != in {
			t.Errorf("prelex(%q): removing the inserts does not give the input back: %q", in, stripInserts(p))
		}
	}
	e, _ := openTest(t, Config{})
	_, err := e.Translate(context.Background(), "SELECT if(a, b) FORM trail")
	var qe *QueryError
	if !asQueryError(err, &qe) || qe.Line != 1 || qe.Col != 22 || !strings.Contains(qe.Msg, "syntax error") {
		t.Errorf("err = %v (%+v), want a syntax error at 1:22", err, qe)
	}
}
