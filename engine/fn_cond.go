package engine

// Conditional expressions and small math functions. Same in DuckDB 1.5: if(c, a, b), coalesce,
// nullif, CASE, try, try_cast, round, ceil, floor, abs, mod, power, sqrt, ln, log2, log10,
// log(b, x), sign. Different:
//
//   - if(c, a) without an ELSE: DuckDB's parser takes three arguments only, so the pre-lexer
//     adds ", NULL" (lex.go);
//   - greatest and least are NULL when any argument is NULL; DuckDB's skip NULLs;
//   - integer division truncates in Trino: the engine sets integer_division (engine.go);
//   - rand, truncate, infinity, nan, is_nan, is_finite are other names.

var condMacros = []string{
	`CREATE MACRO rand() AS random()`,
	`CREATE MACRO truncate(x) AS trunc(x)`,
	`CREATE MACRO infinity() AS CAST('infinity' AS DOUBLE)`,
	`CREATE MACRO nan() AS CAST('nan' AS DOUBLE)`,
	`CREATE MACRO is_nan(x) AS isnan(x)`,
	`CREATE MACRO is_finite(x) AS isfinite(x)`,
}

var condRules = map[string]functionRule{
	"greatest": rewriteGreatestLeast,
	"least":    rewriteGreatestLeast,
}

// rewriteGreatestLeast: greatest(a, b, …) → CASE WHEN a IS NULL OR b IS NULL … THEN NULL
// ELSE greatest(a, b, …) END.
func rewriteGreatestLeast(fn node, src *prelexed) (any, error) {
	args := arr(fn, "children")
	if !plainCall(fn) || len(args) == 0 {
		return nil, positioned(fn, src, "%s takes one or more values", str(fn, "function_name"))
	}
	tests := make([]any, len(args))
	for i, a := range args {
		tests[i] = isNull(deepCopy(a))
	}
	fn["alias"] = "" // the CASE takes it
	return caseWhen(orAll(tests...), nullConst(), fn, fn["query_location"]), nil
}
