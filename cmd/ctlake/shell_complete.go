package main

import (
	"context"
	"database/sql"
	"regexp"
	"slices"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/ctlake/ctlake/queries"
	"github.com/ctlake/ctlake/store"
)

// Tab completion: a pure function from the text before the cursor to the candidates for the
// word that ends there, over a vocabulary the shell gathers (shellVocab).

// shellVocab is what completion draws on.
type shellVocab struct {
	stores    []string     // event data store names and ids
	saved     []string     // saved and library query names
	columns   []shellField // the store schema
	functions []string     // SQL function names, lowercase
}

// shellCompletion is the result of a completion: candidates for text[start:end].
type shellCompletion struct {
	start int
	cands []string
}

// shellSQLKeywords are the keywords offered in SQL, as written when the word is not lowercase.
var shellSQLKeywords = []string{
	"ALL", "AND", "ANY", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CROSS", "DESC", "DISTINCT",
	"ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "FALSE", "FILTER", "FIRST", "FROM", "FULL", "GROUP",
	"HAVING", "ILIKE", "IN", "INNER", "INTERSECT", "INTERVAL", "IS", "JOIN", "LAST", "LATERAL", "LEFT",
	"LIKE", "LIMIT", "NOT", "NULL", "NULLS", "OFFSET", "ON", "OR", "ORDER", "OUTER", "OVER",
	"PARTITION", "RIGHT", "ROWS", "SELECT", "THEN", "TIMESTAMP", "TRUE", "TRY_CAST", "UNION",
	"UNNEST", "USING", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH",
}

// shellLakeFunctions are the Trino function names of Lake SQL that the engine provides through
// macros and rewrites: DuckDB's own list (duckdb_functions) does not hold them.
var shellLakeFunctions = []string{
	"approx_distinct", "approx_percentile", "arbitrary", "array_agg", "array_distinct",
	"array_except", "array_intersect", "array_join", "array_max", "array_min", "array_position",
	"array_remove", "array_union", "arrays_overlap", "cardinality", "codepoint", "concat",
	"date_add", "date_diff", "date_format", "date_parse", "date_trunc", "day", "day_of_month",
	"day_of_week", "day_of_year", "element_at", "format_datetime", "from_iso8601_date",
	"from_iso8601_timestamp", "from_unixtime", "hour", "is_json_scalar", "json_array_contains",
	"json_array_get", "json_array_length", "json_extract", "json_extract_scalar", "json_format",
	"json_parse", "json_size", "last_day_of_month", "levenshtein_distance", "map_keys",
	"map_values", "max_by", "millisecond", "min_by", "minute", "month", "parse_datetime",
	"quarter", "regexp_count", "regexp_extract", "regexp_extract_all", "regexp_like",
	"regexp_replace", "regexp_split", "second", "sequence", "slice", "split", "split_part",
	"strpos", "substr", "to_iso8601", "to_unixtime", "url_extract_host", "url_extract_parameter",
	"url_extract_path", "week", "week_of_year", "year",
}

// shellInsightsCommands, shellInsightsFunctions and shellInsightsKeywords are the Logs
// Insights vocabulary (engine/cwli).
var (
	shellInsightsCommands  = []string{"dedup", "display", "fields", "filter", "limit", "parse", "sort", "stats"}
	shellInsightsFunctions = []string{
		"abs", "avg", "bin", "ceil", "coalesce", "concat", "count", "count_distinct", "datefloor",
		"dateceil", "earliest", "floor", "fromMillis", "greatest", "isblank", "isempty",
		"isIpv4InSubnet", "ispresent", "isValidIpV4", "latest", "least", "ltrim", "max", "min", "pct",
		"replace", "rtrim", "sortsFirst", "sortsLast", "stddev", "strcontains", "strlen", "substr",
		"sum", "tolower", "toMillis", "toupper", "trim",
	}
	shellInsightsKeywords = []string{"and", "as", "asc", "by", "desc", "in", "like", "not", "or"}
	shellInsightsFields   = []string{"@timestamp", "@message", "@logStream", "@log"}
)

// shellComplete completes the word before pos in text, which is the pending statement and the
// line being edited. A line that starts with '\' completes meta-command names and their
// arguments; otherwise, in SQL, a word after FROM or JOIN completes store names and ids, a
// dotted word nested paths (userIdentity.sess → userIdentity.sessionContext.), any other word
// columns, functions and keywords; in Logs Insights, commands at the start of a pipe segment,
// else fields, paths, functions and keywords. Matching ignores case, and candidates come as
// the schema spells them, unless they differ in case within the typed word: then each starts
// with the word as typed, so a line editor that inserts their common prefix never loses what
// was typed.
func shellComplete(text string, pos int, lang string, v *shellVocab) shellCompletion {
	before := text[:pos]
	lineStart := strings.LastIndexByte(before, '\n') + 1
	if line := before[lineStart:]; strings.HasPrefix(strings.TrimLeft(line, " \t"), `\`) {
		c := completeMeta(line, v)
		c.start += lineStart
		return c
	}
	toks := shellTokens(before, lang)
	if len(toks) > 0 {
		switch last := toks[len(toks)-1]; {
		case last.open:
			return completeQuotedStore(before, toks, lang, v)
		case last.kind == shellLineComment:
			return shellCompletion{start: pos}
		}
	}
	if lang == store.LangInsights {
		return completeInsights(before, v)
	}
	return completeSQL(before, v)
}

// completeMeta completes a meta-command line.
func completeMeta(line string, v *shellVocab) shellCompletion {
	start := strings.LastIndexAny(line, " \t") + 1
	word := line[start:]
	fields := strings.Fields(line[:start])
	if len(fields) == 0 { // the command name itself
		var names []string
		for _, m := range shellMetaCommands() {
			for _, n := range append([]string{m.name}, m.aliases...) {
				names = append(names, `\`+n)
			}
		}
		return shellCompletion{start, matchWords(word, names, false)}
	}
	m, ok := findShellMeta(strings.TrimPrefix(fields[0], `\`))
	if !ok || len(fields) > 1 {
		return shellCompletion{start: start}
	}
	var words []string
	switch m.arg {
	case metaArgStore:
		words = v.stores
	case metaArgSaved:
		words = v.saved
	case metaArgValues:
		words = m.values
	}
	return shellCompletion{start, matchWords(word, words, false)}
}

// completeQuotedStore completes a store name in double quotes after FROM or JOIN.
func completeQuotedStore(before string, toks []shellTok, lang string, v *shellVocab) shellCompletion {
	last := toks[len(toks)-1]
	if lang == store.LangInsights || before[last.start] != '"' || !afterTableKeyword(before, toks[:len(toks)-1]) {
		return shellCompletion{start: last.start}
	}
	word := before[last.start+1:]
	var quoted []string
	for _, s := range matchWords(word, v.stores, false) {
		quoted = append(quoted, `"`+s+`"`)
	}
	return shellCompletion{last.start, quoted}
}

// afterTableKeyword reports whether the last significant token is FROM or JOIN.
func afterTableKeyword(text string, toks []shellTok) bool {
	for i := len(toks) - 1; i >= 0; i-- {
		if toks[i].blank() {
			continue
		}
		w := text[toks[i].start:toks[i].end]
		return toks[i].kind == shellWord && (strings.EqualFold(w, "from") || strings.EqualFold(w, "join"))
	}
	return false
}

// wordStart returns where the word that ends text begins, the word made of bytes in extra
// besides letters, digits and '_'.
func wordStart(text, extra string) int {
	i := len(text)
	for i > 0 && (isShellWordByte(text[i-1]) || strings.IndexByte(extra, text[i-1]) >= 0) {
		i--
	}
	return i
}

func completeSQL(before string, v *shellVocab) shellCompletion {
	// A store name may hold '-', and an id does: look at the longer word first. $EDS_ID
	// stands for the \use store.
	if ts := wordStart(before, "$.-"); afterTableKeyword(before[:ts], shellTokens(before[:ts], store.LangSQL)) {
		return shellCompletion{ts, matchWords(before[ts:], append(slices.Clone(v.stores), queries.Placeholder), false)}
	}
	start := wordStart(before, "$.")
	word := before[start:]
	if strings.Contains(word, ".") {
		return shellCompletion{start, completePath(word, v.columns)}
	}
	var words []string
	for _, c := range v.columns {
		words = append(words, c.name)
	}
	words = append(words, v.functions...)
	words = append(words, shellLakeFunctions...)
	words = append(words, matchWords(word, shellSQLKeywords, true)...)
	return shellCompletion{start, matchWords(word, words, false)}
}

func completeInsights(before string, v *shellVocab) shellCompletion {
	start := wordStart(before, "@.")
	word := before[start:]
	toks := shellTokens(before[:start], store.LangInsights)
	segmentStart := true
	for i := len(toks) - 1; i >= 0; i-- {
		if !toks[i].blank() {
			t := before[toks[i].start:toks[i].end]
			segmentStart = t == "|" || t == ";"
			break
		}
	}
	if segmentStart {
		return shellCompletion{start, matchWords(word, shellInsightsCommands, false)}
	}
	if strings.Contains(word, ".") {
		return shellCompletion{start, completePath(word, v.columns)}
	}
	words := slices.Clone(shellInsightsFields)
	for _, c := range v.columns {
		words = append(words, c.name)
	}
	words = append(words, shellInsightsFunctions...)
	words = append(words, shellInsightsKeywords...)
	return shellCompletion{start, matchWords(word, words, false)}
}

// completePath completes a dotted word against the schema: the fields under the path before
// the last dot, a STRUCT with a '.' after it. A first segment that is no column is taken for a
// table alias (e.userIdentity…) and kept.
func completePath(word string, columns []shellField) []string {
	dot := strings.LastIndexByte(word, '.')
	parent, leaf := word[:dot], word[dot+1:]
	f, canon, ok := findShellField(columns, parent)
	if !ok {
		alias, rest, _ := strings.Cut(word, ".")
		if _, _, isCol := findShellField(columns, alias); isCol || alias == "" {
			return nil
		}
		var out []string
		if !strings.Contains(rest, ".") {
			for _, c := range matchWords(rest, fieldNames(columns, true), false) {
				out = append(out, alias+"."+c)
			}
			return out
		}
		for _, c := range completePath(rest, columns) {
			out = append(out, alias+"."+c)
		}
		return out
	}
	var out []string
	for _, c := range matchWords(leaf, fieldNames(f.fields, true), false) {
		out = append(out, canon+"."+c)
	}
	return out
}

// fieldNames lists the names of fields, a STRUCT's with a '.' after it when dotted is set.
func fieldNames(fields []shellField, dotted bool) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.name
		if dotted && len(f.fields) > 0 {
			out[i] += "."
		}
	}
	return out
}

// matchWords returns the words that start with prefix, ignoring case, sorted and without
// duplicates. With adaptCase, a lowercase prefix makes the words lowercase. When the words
// differ in case within the prefix, each is given the prefix as typed.
func matchWords(prefix string, words []string, adaptCase bool) []string {
	lower := adaptCase && prefix != "" && strings.ToLower(prefix) == prefix && strings.ToUpper(prefix) != prefix
	var out []string
	for _, w := range words {
		if len(w) < len(prefix) || !strings.EqualFold(w[:len(prefix)], prefix) {
			continue
		}
		if lower {
			w = strings.ToLower(w)
		}
		out = append(out, w)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > 1 && slices.ContainsFunc(out, func(w string) bool { return w[:len(prefix)] != out[0][:len(prefix)] }) {
		for i, w := range out {
			out[i] = prefix + w[len(prefix):]
		}
		out = slices.Compact(out)
	}
	return out
}

// shellFunctionNameRE is a function name worth offering: no operators, no internals.
var shellFunctionNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// loadShellFunctions lists DuckDB's function names from a plain in-memory DuckDB, apart from
// the engine's sandboxed one: the sandbox does not let queries read duckdb_functions().
func loadShellFunctions(ctx context.Context) ([]string, error) {
	connector, err := duckdb.NewConnector("?threads=1&autoload_known_extensions=false&autoinstall_known_extensions=false", nil)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT function_name FROM duckdb_functions()
		WHERE function_type IN ('scalar', 'aggregate', 'macro') ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		if shellFunctionNameRE.MatchString(n) {
			names = append(names, n)
		}
	}
	return names, rows.Err()
}
