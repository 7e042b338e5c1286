package cwli

import "testing"

func TestStatsFunctionsRegistered(t *testing.T) {
	for _, name := range []string{"count", "count_distinct", "sum", "avg", "min", "max", "pct", "stddev", "earliest", "latest", "sortsfirst", "sortslast"} {
		if _, ok := aggFuncs[name]; !ok {
			t.Errorf("stats function %s is not registered", name)
		}
		if _, ok := scalarFuncs[name]; ok {
			t.Errorf("%s is both a stats and a scalar function", name)
		}
	}
}
