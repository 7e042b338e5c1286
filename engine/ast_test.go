package engine

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestASTRoundTrip(t *testing.T) {
	in := `{"a":18446744073709551615,"b":[1.50,"x<y>&"],"c":null,"d":{"e":true}}`
	v, err := decodeAST([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, err := encodeAST(v)
	if err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("round trip:\n got %s\nwant %s", out, in)
	}
}

func TestLocation(t *testing.T) {
	for in, want := range map[string]int{
		`{"query_location":7}`:                    7,
		`{"query_location":18446744073709551615}`: -1,
		`{}`: -1,
	} {
		v, _ := decodeAST([]byte(in))
		if got := location(v.(map[string]any)); got != want {
			t.Errorf("location(%s) = %d, want %d", in, got, want)
		}
	}
	if got := location(node{"query_location": float64(3)}); got != 3 {
		t.Errorf("float location = %d", got)
	}
}

func TestConjuncts(t *testing.T) {
	v, _ := decodeAST([]byte(`{"class":"CONJUNCTION","type":"CONJUNCTION_AND","children":[
		{"class":"CONJUNCTION","type":"CONJUNCTION_AND","children":[{"id":1},{"id":2}]},
		{"class":"CONJUNCTION","type":"CONJUNCTION_OR","children":[{"id":3},{"id":4}]}]}`))
	var ids []string
	for _, c := range conjuncts(v.(map[string]any)) {
		if id, ok := c["id"].(json.Number); ok {
			ids = append(ids, id.String())
		} else {
			ids = append(ids, str(c, "type"))
		}
	}
	if got := strings.Join(ids, ","); got != "1,2,CONJUNCTION_OR" {
		t.Errorf("conjuncts = %s", got)
	}
	if conjuncts(nil) != nil {
		t.Error("conjuncts(nil)")
	}
}

func TestTransformAST(t *testing.T) {
	v, _ := decodeAST([]byte(`{"class":"FUNCTION","function_name":"f","children":[{"class":"FUNCTION","function_name":"g","children":[]}]}`))
	var order []string
	out, err := transformAST(v, func(n node) (any, error) {
		order = append(order, str(n, "function_name"))
		if str(n, "function_name") == "g" {
			return node{"class": "CONSTANT"}, nil
		}
		return n, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := encodeAST(out)
	if strings.Join(order, ",") != "g,f" || !strings.Contains(s, `"children":[{"class":"CONSTANT"}]`) {
		t.Errorf("order %v, result %s", order, s)
	}
}
