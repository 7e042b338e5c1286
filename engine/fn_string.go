package engine

// String functions. Same in DuckDB 1.5: length (code points), lower, upper, trim, ltrim, rtrim,
// lpad, rpad (both truncate, like Trino), reverse, starts_with, strpos, position(… IN …),
// split, translate, chr, url_encode, url_decode, replace with three arguments. Different:
//
//   - concat is NULL if any argument is NULL in Trino; DuckDB's skips NULLs: a || b || …;
//   - replace(s, f) removes f;
//   - split_part is NULL past the last field (DuckDB: '');
//   - substr with start 0, or before the start of the string, is '' in Trino;
//   - format uses Java's %s specifiers: printf;
//   - url_extract_* are macros over regular expressions.

var stringMacros = []string{
	`CREATE MACRO tr_split_part(s, d, i) AS
		CASE WHEN i >= 1 AND i <= len(string_split(s, d)) THEN split_part(s, d, i) END`,
	`CREATE MACRO tr_substr(s, st) AS CASE WHEN st = 0 OR -st > length(s) THEN '' ELSE substr(s, st) END,
		(s, st, n) AS CASE WHEN st = 0 OR -st > length(s) THEN '' ELSE substr(s, st, n) END`,
	`CREATE MACRO levenshtein_distance(a, b) AS levenshtein(a, b)`,
	`CREATE MACRO hamming_distance(a, b) AS hamming(a, b)`,
	`CREATE MACRO codepoint(s) AS unicode(s)`,
	// Parts of [scheme:][//[user@]host[:port]][path][?query][#fragment]; NULL when absent.
	`CREATE MACRO url_extract_protocol(u) AS nullif(regexp_extract(u, '^([A-Za-z][A-Za-z0-9+.\-]*):', 1), '')`,
	`CREATE MACRO url_extract_host(u) AS
		nullif(regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.\-]*://(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)', 1), '')`,
	`CREATE MACRO url_extract_port(u) AS TRY_CAST(nullif(regexp_extract(u,
		'^[A-Za-z][A-Za-z0-9+.\-]*://(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*):([0-9]+)', 1), '') AS BIGINT)`,
	`CREATE MACRO url_extract_path(u) AS
		regexp_extract(u, '^(?:[A-Za-z][A-Za-z0-9+.\-]*:)?(?://[^/?#]*)?([^?#]*)', 1)`,
	`CREATE MACRO url_extract_query(u) AS nullif(regexp_extract(u, '^[^?#]*\?([^#]*)', 1), '')`,
	`CREATE MACRO url_extract_fragment(u) AS nullif(regexp_extract(u, '#(.*)$', 1), '')`,
	`CREATE MACRO url_extract_parameter(u, name) AS
		url_decode(nullif(regexp_extract(u, '[?&]' || regexp_escape(name) || '=([^&#]*)', 1), ''))`,
}

var stringRules = map[string]functionRule{
	"concat":     rewriteConcat,
	"replace":    rewriteReplace,
	"split_part": renameRule("tr_split_part", "split_part takes a string, a delimiter and a field index", 3),
	"substr":     renameRule("tr_substr", "substr takes a string, a start and an optional length", 2, 3),
	"substring":  renameRule("tr_substr", "substring takes a string, a start and an optional length", 2, 3),
	"format":     renameRule("printf", ""),
}

// rewriteConcat: concat(a, b, …) → a || b || …, which is NULL when an argument is NULL and
// concatenates arrays too.
func rewriteConcat(fn node, src *prelexed) (any, error) {
	args := arr(fn, "children")
	if !plainCall(fn) || len(args) == 0 {
		return nil, positioned(fn, src, "concat takes one or more strings or arrays")
	}
	return concatOp(fn["query_location"], args...), nil
}

// rewriteReplace: replace(s, f) removes f (a third argument of the empty string).
func rewriteReplace(fn node, src *prelexed) (any, error) {
	args, err := callArgs(fn, src, "replace takes a string, a search string and an optional replacement", 2, 3)
	if err != nil {
		return nil, err
	}
	if len(args) == 2 {
		fn["children"] = append(args, stringConst(""))
	}
	return fn, nil
}
