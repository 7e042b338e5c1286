package engine

import (
	"reflect"
	"testing"
)

func TestJSONPath(t *testing.T) {
	for _, c := range []struct {
		in, want string
		segs     []jsonSeg
	}{
		{"$", "$", nil},
		{"$.a.b", "$.a.b", []jsonSeg{{Member: "a"}, {Member: "b"}}},
		{"$.items[0].id", "$.items[0].id", []jsonSeg{{Member: "items"}, {IsIndex: true}, {Member: "id"}}},
		{`$["a b"].c`, `$."a b".c`, []jsonSeg{{Member: "a b"}, {Member: "c"}}},
		{`$['x.y']`, `$."x.y"`, []jsonSeg{{Member: "x.y"}}},
		{"$.x-amz-copy-source", "$.x-amz-copy-source", []jsonSeg{{Member: "x-amz-copy-source"}}},
		{"$.AWS:ComplianceItem.Content", "$.AWS:ComplianceItem.Content", []jsonSeg{{Member: "AWS:ComplianceItem"}, {Member: "Content"}}},
		{`$."a b"`, `$."a b"`, []jsonSeg{{Member: "a b"}}}, // DuckDB's form reads back
		{"$.a[*]", "$.a[*]", []jsonSeg{{Member: "a"}, {IsIndex: true, Index: -1, Wildcard: true}}},
	} {
		segs, ok := parseJSONPath(c.in)
		if !ok || !reflect.DeepEqual(segs, c.segs) {
			t.Errorf("parseJSONPath(%q) = %+v, %v; want %+v", c.in, segs, ok, c.segs)
			continue
		}
		if got := duckJSONPath(segs); got != c.want {
			t.Errorf("duckJSONPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, bad := range []string{"a.b", "$.", "$[x]", "$[-1]", `$["a`, "$a"} {
		if segs, ok := parseJSONPath(bad); ok {
			t.Errorf("parseJSONPath(%q) = %+v, want an error", bad, segs)
		}
	}
}

func TestJSONFunctions(t *testing.T) {
	e, _ := openTest(t, Config{})
	checkExprs(t, e, []exprCase{
		{in: `json_extract_scalar('{"a":{"b":"x"}}', '$.a.b')`, want: "x"},
		{in: `json_extract_scalar('{"a":{"b":7}}', '$.a.b')`, want: "7"},
		{in: `json_extract_scalar('{"a":{"b":"x"}}', '$.a')`, want: "<nil>"},
		{in: `json_extract_scalar('{"a":null}', '$.a')`, want: "<nil>"},
		{in: `json_extract_scalar('{"a b":{"c":true}}', '$["a b"].c')`, want: "true"},
		{in: `json_extract_scalar('not json', '$.a')`, want: "<nil>"}, // DuckDB alone: an error
		{in: `json_extract_scalar('{"x-amz-copy-source":"b/k"}', '$.x-amz-copy-source')`, want: "b/k"},
		{in: `json_extract('{"a":[1,2]}', '$.a')`, want: "[1 2]"},
		{in: `json_extract('{"a":[1,{"b":"c"}]}', '$.a[1].b')`, want: "c"},
		{in: `json_extract('oops', '$.a')`, want: "<nil>"},
		{in: `json_format(json_parse('{"a": 1,  "b": [1, 2]}'))`, want: `{"a":1,"b":[1,2]}`},
		{in: `json_parse('[1')`, err: "Malformed JSON"},
		{in: `json_array_length('[1, 2, 3]')`, want: "3"},
		{in: `json_array_length('{"a":1}')`, want: "<nil>"},
		{in: `json_array_contains('[1, "a", true]', 'a')`, want: "true"},
		{in: `json_array_contains('[1, "a", true]', 1)`, want: "true"},
		{in: `json_array_contains('["1"]', 1)`, want: "false"},
		{in: `json_array_get('["a", "b", "c"]', 0)`, want: "a"},
		{in: `json_array_get('["a", "b", "c"]', -1)`, want: "c"},
		{in: `json_array_get('["a"]', 5)`, want: "<nil>"},
		{in: `json_size('{"x": {"a": 1, "b": 2}}', '$.x')`, want: "2"},
		{in: `json_size('{"x": [1, 2, 3]}', '$.x')`, want: "3"},
		{in: `json_size('{"x": 1}', '$.x')`, want: "0"},
		{in: `json_size('{"x": 1}', '$.y')`, want: "<nil>"},
		{in: `is_json_scalar('1') AND NOT is_json_scalar('[1]')`, want: "true"},
		{in: `json_format(CAST(ARRAY[1, 2] AS JSON))`, want: `[1,2]`},
		{in: `json_format(CAST(requestParameters AS JSON)) FROM trail WHERE eventName = 'PutObject'`, want: `{"bucketName":"b1","Host":"example.com"}`},
		{in: `CAST(json_extract('{"s":"abc"}', '$.s') AS varchar)`, want: "abc"},
		{in: `CAST(json_extract('{"n":1.5}', '$.n') AS varchar)`, want: "1.5"},
		{in: `CAST(json_extract('{"o":{}}', '$.o') AS varchar)`, err: "Cannot cast JSON object to varchar"},
		{in: `json_extract_scalar(json_array_get('[{"t":"NON_COMPLIANT"}]', 0), '$.t')`, want: "NON_COMPLIANT"},
		{in: `json_extract_scalar('{"a":1}', 'a')`, err: `invalid JSON path "a"`},
		// Lake's idiom: JSON text inside a map value.
		{in: `json_extract_scalar(element_at(requestParameters, 'bucketName'), '$.x') FROM trail WHERE eventName = 'PutObject'`, want: "<nil>"},
	})
}
