package engine

// Aggregate functions. Most of Trino's exist in DuckDB with the same meaning (count, count_if,
// sum, avg, min, max, any_value, array_agg, bool_and, bool_or, stddev, variance, histogram);
// these differ:
//
//   - approx_distinct(x [, e]) has a standard error of 2.3% (or e) in Trino; DuckDB's
//     approx_count_distinct is off by 25% on 1000 values (DuckDB 1.5.5), so the engine counts
//     exactly: count(DISTINCT x), which is within any error bound;
//   - approx_percentile(x, p) is approx_quantile(x, p) (T-Digest; p may be an array);
//   - arbitrary(x) is a non-NULL value in Trino, while DuckDB's arbitrary is first() and can be
//     NULL: any_value;
//   - max_by(x, y) / min_by(x, y) return x of the row with the largest/smallest y, even when
//     that x is NULL; DuckDB's max_by skips rows with a NULL x, arg_max_null does not;
//   - every(b) is bool_and(b).
//
// Aggregates are renamed in calls and in window calls (OVER …) alike.

// aggregateRenames maps Trino aggregate names to DuckDB's.
var aggregateRenames = map[string]string{
	"approx_distinct":   "count",
	"approx_percentile": "approx_quantile",
	"arbitrary":         "any_value",
	"max_by":            "arg_max_null",
	"min_by":            "arg_min_null",
	"every":             "bool_and",
}

// renameAggregate renames an aggregate or window call n to to, adjusting the arguments where
// the two functions differ.
func renameAggregate(n node, to string, src *prelexed) (any, error) {
	name := str(n, "function_name")
	args := arr(n, "children")
	switch to {
	case "count": // approx_distinct
		if len(args) == 2 {
			args = args[:1] // the standard error bound
		}
		if len(args) != 1 || n["distinct"] == true {
			return nil, positioned(n, src, "%s takes a value and an optional maximum standard error", name)
		}
		n["distinct"] = true
	case "approx_quantile":
		if len(args) != 2 {
			return nil, positioned(n, src, "%s takes a value and a percentage (or an array of them); the weighted forms are not supported", name)
		}
	case "arg_max_null", "arg_min_null":
		switch len(args) {
		case 2:
		case 3: // max_by(x, y, n): the n largest, as an array; DuckDB's form skips NULL x
			to = map[string]string{"arg_max_null": "arg_max", "arg_min_null": "arg_min"}[to]
		default:
			return nil, positioned(n, src, "%s takes a value, an ordering value and an optional count", name)
		}
	default:
		if len(args) != 1 {
			return nil, positioned(n, src, "%s takes one argument", name)
		}
	}
	n["children"] = args
	n["function_name"] = to
	return n, nil
}
