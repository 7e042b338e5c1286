package engine

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
)

// Regular expressions. Trino uses Java's syntax, DuckDB RE2's: most patterns mean the same;
// named groups (?<n>…) are rewritten to (?P<n>…), and a literal pattern that RE2 cannot
// compile (lookaround, backreferences, possessive quantifiers) is refused with its position.
//
//   - regexp_like(s, p) is a search (not a full match): regexp_matches;
//   - regexp_extract(s, p [, g]) is NULL without a match (DuckDB: '');
//   - regexp_replace replaces every match (DuckDB: the first, unless 'g'), and its
//     replacement refers to groups as $1 / ${name} (RE2: \1);
//   - regexp_count(s, p) counts matches; regexp_split(s, p) is regexp_split_to_array.

var regexpMacros = []string{
	`CREATE MACRO tr_regexp_count(s, p) AS CAST(len(regexp_extract_all(s, p)) AS BIGINT)`,
}

var regexpRules = map[string]functionRule{
	"regexp_like":        regexpRule("regexp_matches", 2),
	"regexp_extract_all": regexpRule("regexp_extract_all", 2, 3),
	"regexp_count":       regexpRule("tr_regexp_count", 2),
	"regexp_split":       regexpRule("regexp_split_to_array", 2),
	"regexp_extract":     rewriteRegexpExtract,
	"regexp_replace":     rewriteRegexpReplace,
}

// regexpRule calls to with the pattern (the second argument) translated.
func regexpRule(to string, counts ...int) functionRule {
	return func(fn node, src *prelexed) (any, error) {
		name := str(fn, "function_name")
		args, err := callArgs(fn, src, name+" takes a string and a pattern", counts...)
		if err != nil {
			return nil, err
		}
		if _, err := translatePattern(fn, args, src); err != nil {
			return nil, err
		}
		fn["function_name"] = to
		return fn, nil
	}
}

// translatePattern rewrites a literal pattern argument (the second) for RE2 and returns its
// parse, or nil for a pattern that is not a literal.
func translatePattern(fn node, args []any, src *prelexed) (*regexp.Regexp, error) {
	p, ok := constArg(args, 1)
	if !ok {
		return nil, nil
	}
	re2 := strings.ReplaceAll(p, "(?<", "(?P<")
	re2 = strings.ReplaceAll(re2, "(?P<=", "(?<=") // lookbehind, not a name: refused below
	re2 = strings.ReplaceAll(re2, "(?P<!", "(?<!")
	if _, err := syntax.Parse(re2, syntax.Perl); err != nil {
		return nil, positioned(argNode(args, 1), src, "%s: pattern %q is not supported: %v", str(fn, "function_name"), p, err)
	}
	re, err := regexp.Compile(re2)
	if err != nil {
		return nil, positioned(argNode(args, 1), src, "%s: pattern %q is not supported: %v", str(fn, "function_name"), p, err)
	}
	args[1] = stringConst(re2)
	return re, nil
}

// rewriteRegexpExtract: regexp_extract(s, p [, g]) → CASE WHEN regexp_matches(s, p) THEN
// regexp_extract(s, p, g) END.
func rewriteRegexpExtract(fn node, src *prelexed) (any, error) {
	args, err := callArgs(fn, src, "regexp_extract takes a string, a pattern and an optional group", 2, 3)
	if err != nil {
		return nil, err
	}
	re, err := translatePattern(fn, args, src)
	if err != nil {
		return nil, err
	}
	if len(args) == 3 && re != nil {
		if g, ok := constantInt(argNode(args, 2)); ok && (g < 0 || int(g) > re.NumSubexp()) {
			return nil, positioned(argNode(args, 2), src, "regexp_extract: pattern has %d groups, not %d", re.NumSubexp(), g)
		}
	}
	loc := fn["query_location"]
	test := call("regexp_matches", loc, deepCopy(args[0]), deepCopy(args[1]))
	fn["alias"] = "" // the CASE takes it
	return caseWhen(test, fn, nil, loc), nil
}

// rewriteRegexpReplace: every match is replaced, and $n / ${name} in a literal replacement
// become \n.
func rewriteRegexpReplace(fn node, src *prelexed) (any, error) {
	args, err := callArgs(fn, src, "regexp_replace takes a string, a pattern and an optional replacement", 2, 3)
	if err != nil {
		return nil, err
	}
	re, err := translatePattern(fn, args, src)
	if err != nil {
		return nil, err
	}
	repl := ""
	if len(args) == 3 {
		r, ok := constArg(args, 2)
		if !ok {
			if str(argNode(args, 2), "class") == "LAMBDA" {
				return nil, positioned(fn, src, "regexp_replace with a lambda is not supported")
			}
			return nil, positioned(argNode(args, 2), src, "regexp_replace: the replacement must be a string literal")
		}
		if repl, err = re2Replacement(r, re); err != nil {
			return nil, positioned(argNode(args, 2), src, "regexp_replace: %v", err)
		}
	}
	fn["children"] = []any{args[0], args[1], stringConst(repl), stringConst("g")}
	return fn, nil
}

// re2Replacement translates a Java replacement string: $n and ${name} are groups, a backslash
// makes the next character literal. In RE2's, \n is a group and \\ a backslash.
func re2Replacement(r string, re *regexp.Regexp) (string, error) {
	groups, names := 9, []string(nil)
	if re != nil {
		groups, names = re.NumSubexp(), re.SubexpNames()
	}
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		switch c := r[i]; c {
		case '\\':
			if i+1 >= len(r) {
				return "", fmt.Errorf("the replacement ends with a lone backslash")
			}
			i++
			if r[i] == '\\' {
				b.WriteString(`\\`)
			} else {
				b.WriteByte(r[i])
			}
		case '$':
			if i+1 < len(r) && r[i+1] == '{' {
				end := strings.IndexByte(r[i:], '}')
				if end < 0 {
					return "", fmt.Errorf("unterminated group name in the replacement")
				}
				name := r[i+2 : i+end]
				idx := -1
				for k, n := range names {
					if n == name && n != "" {
						idx = k
					}
				}
				if idx < 0 {
					return "", fmt.Errorf("no group named %q", name)
				}
				if idx > 9 {
					return "", fmt.Errorf("group %d: only groups 0 to 9 can be referred to", idx)
				}
				fmt.Fprintf(&b, `\%d`, idx)
				i += end
				continue
			}
			if i+1 >= len(r) || !isDigit(r[i+1]) {
				return "", fmt.Errorf("illegal group reference: $ must be followed by a group number or {name}")
			}
			// Like Java: take digits while they still name an existing group.
			n := int(r[i+1] - '0')
			i++
			for i+1 < len(r) && isDigit(r[i+1]) && n*10+int(r[i+1]-'0') <= groups {
				n = n*10 + int(r[i+1]-'0')
				i++
			}
			if n > groups {
				return "", fmt.Errorf("no group %d", n)
			}
			if n > 9 {
				return "", fmt.Errorf("group %d: only groups 0 to 9 can be referred to", n)
			}
			fmt.Fprintf(&b, `\%d`, n)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}
