package engine

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

func TestValues(t *testing.T) {
	e, _ := openTest(t, Config{})
	cols, rows, _ := mustQuery(t, e, `SELECT
		MAP {'a': 1} AS m,
		MAP {1: [TIMESTAMP '2024-01-01 10:00:00']} AS m2,
		{'a': 1, 'b': {'c': '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d'::UUID}} AS s,
		[1, 2] AS l,
		'9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d'::UUID AS u,
		[['9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d'::UUID]] AS ul,
		1.50::DECIMAL(10, 2) AS d,
		-123456789012345678901234567890::HUGEINT AS h,
		42::HUGEINT AS hs,
		INTERVAL 1 DAY + INTERVAL 90 MINUTE AS i,
		DATE '2024-01-02' AS dt,
		TIME '10:11:12.5' AS tm,
		TIMESTAMPTZ '2024-01-01 10:00:00+02' AS tz,
		TIMESTAMP '2024-01-01 10:00:00.123456' AS ts,
		'\x00ab'::BLOB AS b,
		'{"a": [1, "x"]}'::JSON AS j,
		[1, 2]::INTEGER[2] AS arr,
		union_value(k := 'v') AS un,
		NULL::VARCHAR AS n,
		true AS bo,
		2::UTINYINT AS ut,
		1.5::DOUBLE AS f`)
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	got := map[string]any{}
	for i, c := range cols {
		got[c.Name] = rows[0][i]
	}
	want := map[string]string{
		"m":   "map[a:1]",
		"m2":  "map[1:[2024-01-01 10:00:00 +0000 UTC]]",
		"s":   "map[a:1 b:map[c:9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d]]",
		"l":   "[1 2]",
		"u":   "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
		"ul":  "[[9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d]]",
		"d":   "1.50",
		"h":   "-123456789012345678901234567890",
		"hs":  "42",
		"i":   "1 day 01:30:00",
		"dt":  "2024-01-02",
		"tm":  "10:11:12.5",
		"tz":  "2024-01-01 08:00:00 +0000 UTC",
		"ts":  "2024-01-01 10:00:00.123456 +0000 UTC",
		"b":   "\x00ab",
		"j":   "map[a:[1 x]]",
		"arr": "[1 2]",
		"un":  "v",
		"n":   "<nil>",
		"bo":  "true",
		"ut":  "2",
		"f":   "1.5",
	}
	for k, w := range want {
		if s := fmt.Sprint(got[k]); s != w {
			t.Errorf("%s = %s (%T), want %s", k, s, got[k], w)
		}
	}
	if _, ok := got["d"].(json.Number); !ok {
		t.Errorf("DECIMAL is %T, want json.Number", got["d"])
	}
	if _, ok := got["hs"].(int64); !ok {
		t.Errorf("small HUGEINT is %T, want int64", got["hs"])
	}
	if ts := got["ts"].(time.Time); ts.Location() != time.UTC {
		t.Errorf("TIMESTAMP location %v", ts.Location())
	}
	if _, err := json.Marshal(rows[0]); err != nil {
		t.Errorf("row does not encode as JSON: %v", err)
	}
	types := map[string]string{}
	for _, c := range cols {
		types[c.Name] = c.Type
	}
	for k, w := range map[string]string{"m": "MAP(VARCHAR, INTEGER)", "d": "DECIMAL(10,2)", "u": "UUID", "tz": "TIMESTAMPTZ", "arr": "INTEGER[2]"} {
		if types[k] != w {
			t.Errorf("type of %s = %s, want %s", k, types[k], w)
		}
	}
}

func TestParseType(t *testing.T) {
	for in, want := range map[string]string{
		"VARCHAR":                            "VARCHAR",
		"DECIMAL(10,2)":                      "DECIMAL",
		"MAP(VARCHAR, STRUCT(\"a\" UUID)[])": "MAP<VARCHAR,LIST<STRUCT{a:UUID}>>",
		`STRUCT("type" VARCHAR, "we""ird" BLOB, "x y" INTEGER[3][])`: "STRUCT{type:VARCHAR,we\"ird:BLOB,x y:LIST<ARRAY<INTEGER>>}",
		"UNION(\"k\" VARCHAR, \"n\" INTEGER)":                        "UNION{k:VARCHAR,n:INTEGER}",
		"ENUM":                                                       "ENUM",
		"":                                                           "",
		"STRUCT(":                                                    "STRUCT{}",
	} {
		if got := typeString(parseType(in)); got != want {
			t.Errorf("parseType(%q) = %s, want %s", in, got, want)
		}
	}
}

func typeString(t *typeInfo) string {
	switch {
	case t == nil:
		return "?"
	case t.name == "LIST" || t.name == "ARRAY":
		return t.name + "<" + typeString(t.elem) + ">"
	case t.name == "MAP":
		return "MAP<" + typeString(t.key) + "," + typeString(t.value) + ">"
	case t.fields != nil:
		s := t.name + "{"
		names := make([]string, 0, len(t.fields))
		for n := range t.fields {
			names = append(names, n)
		}
		sortStrings(names)
		for i, n := range names {
			if i > 0 {
				s += ","
			}
			s += n + ":" + typeString(t.fields[n])
		}
		return s + "}"
	}
	return t.name
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestFormatInterval(t *testing.T) {
	e, _ := openTest(t, Config{})
	_, rows, _ := mustQuery(t, e, `SELECT INTERVAL 14 MONTH, INTERVAL 0 SECOND, -INTERVAL 1500 MILLISECOND, INTERVAL 2 DAY`)
	if got := fmt.Sprint(rows[0]); got != "[1 year 2 months 00:00:00 -00:00:01.5 2 days]" {
		t.Errorf("intervals = %s", got)
	}
}

func TestDecimalString(t *testing.T) {
	e, _ := openTest(t, Config{})
	_, rows, _ := mustQuery(t, e, `SELECT 1.50::DECIMAL(10,2), -0.05::DECIMAL(4,3), 0::DECIMAL(5,2), 12::DECIMAL(4,0), -123456789012345678.123::DECIMAL(38,3)`)
	if got := fmt.Sprint(rows[0]); got != "[1.50 -0.050 0.00 12 -123456789012345678.123]" {
		t.Errorf("decimals = %s", got)
	}
}

func TestConvertValueDirect(t *testing.T) {
	m := duckdb.Map{"k": []byte("v"), 2: nil}
	got := convertValue(m, parseType("MAP(VARCHAR, BLOB)"))
	if fmt.Sprint(got) != "map[2:<nil> k:v]" {
		t.Errorf("duckdb.Map -> %v", got)
	}
	u := duckdb.UUID{0x9b, 0x1d, 0xeb, 0x4d, 0x3b, 0x7d, 0x4b, 0xad, 0x9b, 0xdd, 0x2b, 0x0d, 0x7b, 0x3d, 0xcb, 0x6d}
	if got := convertValue(u, nil); got != "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d" {
		t.Errorf("UUID -> %v", got)
	}
	if got := convertValue(duckdb.Union{Tag: "n", Value: int32(3)}, parseType(`UNION("n" INTEGER)`)); got != int32(3) {
		t.Errorf("union -> %#v", got)
	}
	if got := convertValue(map[string]any{"a": []any{[]byte("x")}}, nil); fmt.Sprint(got) != "map[a:[x]]" {
		t.Errorf("untyped nested -> %v", got)
	}
}
