package results

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
)

// TimeLayout is how Lake prints timestamps in query results (UTC, milliseconds).
const TimeLayout = "2006-01-02 15:04:05.000"

// Text is a value as Lake shows it in GetQueryResults and in delivered CSV files: NULL as
// the empty string (Lake's GetQueryResults gives "" and its CSV an empty field), strings
// as they are, timestamps in TimeLayout, booleans as true/false, numbers in their shortest
// form, nested values (maps, structs, lists) as compact JSON with sorted keys. It accepts
// what engine.Rows.Values gives and what a stored result reads back as, and gives the same
// text for both (the CLI's cell text follows the same rules).
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format(TimeLayout)
	case float64:
		return formatFloat(x, 64)
	case float32:
		return formatFloat(float64(x), 32)
	case []byte:
		return string(x)
	case map[string]any, []any:
		b, err := json.Marshal(jsonSafe(x))
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	if n, ok := integerText(v); ok {
		return n
	}
	return fmt.Sprint(v)
}

// formatFloat prints a float as Go's %v does (shortest, exponent past 21 digits); NaN and
// infinities as NaN, +Inf, -Inf.
func formatFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, bits)
}

func integerText(v any) (string, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(rv.Uint(), 10), true
	}
	return "", false
}

// jsonSafe prepares a nested value for encoding/json: timestamps in TimeLayout, NaN and
// infinities as strings (JSON has neither), byte slices as strings, recursively.
func jsonSafe(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(TimeLayout)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return formatFloat(x, 64)
		}
		return x
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return formatFloat(float64(x), 32)
		}
		return x
	case []byte:
		return string(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonSafe(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonSafe(e)
		}
		return out
	}
	return v
}

// storedValue is how a value goes into the stored result: JSON-native values keep their
// type (so a CLI printing JSON still sees numbers, booleans and objects); a top-level float
// is written in the form Text gives (a valid JSON number, so it reads back as that text);
// timestamps, NaN, infinities and anything JSON cannot hold become their Text.
func storedValue(v any) any {
	switch x := v.(type) {
	case nil, string, bool, json.Number:
		return v
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return formatFloat(x, 64)
		}
		return json.Number(formatFloat(x, 64))
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return formatFloat(float64(x), 32)
		}
		return json.Number(formatFloat(float64(x), 32))
	case map[string]any, []any:
		return jsonSafe(x)
	}
	if _, ok := v.(fmt.Stringer); !ok {
		if n, ok := integerText(v); ok {
			return json.Number(n)
		}
	}
	return Text(v)
}
