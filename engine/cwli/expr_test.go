package cwli

import "testing"

// TestCompareCoercion: how a comparison converts its sides.
func TestCompareCoercion(t *testing.T) {
	tr := &translator{syms: map[string]symbol{}}
	raw := sqlExpr{sql: "r", typ: tyRaw}
	str := sqlExpr{sql: "s", typ: tyStr}
	num := sqlExpr{sql: "5", typ: tyNum, lit: true}
	ts := sqlExpr{sql: "ts", typ: tyTime}
	lit := sqlExpr{sql: "'2024-01-01'", typ: tyStr, lit: true}
	flag := sqlExpr{sql: "f", typ: tyFlag}
	boolean := sqlExpr{sql: "b", typ: tyBool}
	for _, c := range []struct {
		l, r sqlExpr
		want string
	}{
		{raw, num, "(TRY_CAST(r AS DOUBLE) = 5)"},
		{num, str, "(5 = TRY_CAST(s AS DOUBLE))"},
		{raw, str, "(r = s)"},
		{ts, lit, "(ts = '2024-01-01')"},
		{ts, raw, "(ts = TRY_CAST(r AS TIMESTAMP))"},
		{ts, num, "(main.epoch_ms(ts) = 5)"},
		{flag, num, "(CAST(f AS INTEGER) = 5)"},
		{boolean, flag, "(b = f)"},
		{boolean, lit, "(CAST(b AS VARCHAR) = '2024-01-01')"},
	} {
		if got := tr.compare("=", c.l, c.r); got != c.want {
			t.Errorf("compare(%v, %v) = %s, want %s", c.l, c.r, got, c.want)
		}
	}
}

func TestCommonKind(t *testing.T) {
	tr := &translator{syms: map[string]symbol{}}
	null := sqlExpr{sql: "NULL", typ: tyAny, lit: true}
	n := sqlExpr{sql: "1", typ: tyNum}
	s := sqlExpr{sql: "'a'", typ: tyStr}
	if out, typ := tr.common([]sqlExpr{n, null, n}); typ != tyNum || out[0] != "1" {
		t.Errorf("numbers: %v %v", out, typ)
	}
	if out, typ := tr.common([]sqlExpr{n, s}); typ != tyStr || out[0] != "CAST(1 AS VARCHAR)" {
		t.Errorf("mixed: %v %v", out, typ)
	}
}
