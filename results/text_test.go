package results

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

func TestText(t *testing.T) {
	ts := time.Date(2026, 3, 1, 12, 34, 56, 789_000_000, time.FixedZone("x", 3600))
	for _, tc := range []struct {
		v    any
		want string
	}{
		{nil, ""},
		{"", ""},
		{"plain, \"quoted\"\nnewline", "plain, \"quoted\"\nnewline"},
		{true, "true"},
		{int64(-42), "-42"},
		{int32(7), "7"},
		{uint64(math.MaxUint64), "18446744073709551615"},
		{1.5, "1.5"},
		{1e20, "1e+20"},
		{float32(0.1), "0.1"},
		{math.NaN(), "NaN"},
		{math.Inf(-1), "-Inf"},
		{json.Number("12345678901234567890.50"), "12345678901234567890.50"},
		{ts, "2026-03-01 11:34:56.789"},
		{[]byte("bytes"), "bytes"},
		{map[string]any{"b": int64(1), "a": "x", "t": ts, "n": nil}, `{"a":"x","b":1,"n":null,"t":"2026-03-01 11:34:56.789"}`},
		{[]any{"a", 1.5, math.Inf(1), []any{}}, `["a",1.5,"+Inf",[]]`},
		{map[string]any{"html": "<&>"}, `{"html":"\u003c\u0026\u003e"}`},
		{time.Second, "1s"},
	} {
		if got := Text(tc.v); got != tc.want {
			t.Errorf("Text(%#v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// A value stored and read back gives the same Text as the original.
func TestStoredValueKeepsText(t *testing.T) {
	ts := time.Date(2026, 3, 1, 12, 34, 56, 789_000_000, time.UTC)
	for _, v := range []any{
		nil, "s", "", true, false, int64(math.MinInt64), uint64(math.MaxUint64), 0.1, 1e20, 1e21, -2.5e-10,
		float32(3.25), math.NaN(), math.Inf(1), json.Number("1.50"), ts, []byte("b"),
		map[string]any{"x": 1e20, "y": []any{ts, nil, true}, "z": map[string]any{}},
		[]any{int64(1), "two", 3.5},
	} {
		b, err := json.Marshal(storedValue(v))
		if err != nil {
			t.Fatalf("%#v: %v", v, err)
		}
		var back any
		dec := json.NewDecoder(bytesReader(b))
		dec.UseNumber()
		if err := dec.Decode(&back); err != nil {
			t.Fatal(err)
		}
		if Text(back) != Text(v) {
			t.Errorf("%#v: stored text %q, original %q", v, Text(back), Text(v))
		}
	}
}
