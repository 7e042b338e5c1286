package cwli

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// Regexes. Logs Insights documents RE2 for its regex functions; DuckDB runs RE2 too, and Go's
// regexp/syntax parses the same dialect, so patterns are checked here (with the position of
// the mistake in the query) before DuckDB sees them. RE2 in DuckDB does not accept the
// (?<name>…) group syntax that Logs Insights examples use, so it is rewritten to (?P<name>…).

// regex checks a regex literal and returns the pattern for DuckDB.
func (t *translator) regex(r *RegexLit) string { return t.regexText(r.Pattern, r.Pos) }

// regexText checks pattern and returns it for DuckDB.
func (t *translator) regexText(pattern string, pos Pos) string {
	if _, err := syntax.Parse(pattern, syntax.Perl); err != nil {
		t.fail(invalidf(pos, "invalid regex /%s/: %s", pattern, strings.TrimPrefix(err.Error(), "error parsing regexp: ")))
	}
	return pythonGroups(pattern)
}

// pythonGroups rewrites named groups (?<name>…) to (?P<name>…), leaving escapes, character
// classes and lookaround-like text alone.
func pythonGroups(p string) string {
	if !strings.Contains(p, "(?<") {
		return p
	}
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			b.WriteByte(c)
			i++
			c = p[i]
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case !inClass && c == '(' && strings.HasPrefix(p[i:], "(?<") && i+3 < len(p) && p[i+3] != '=' && p[i+3] != '!':
			b.WriteString("(?P<")
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// captureGroups returns the names of a checked pattern's capturing groups by group number
// (1-based; unnamed groups are "").
func captureGroups(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	names := make([]string, re.MaxCap()+1)
	copy(names, re.CapNames())
	return names[1:]
}

// globRegex turns a parse glob into a regex: each * captures lazily, except a * that ends the
// pattern, which takes the rest of the text; everything else matches literally. The match is
// not anchored: the pattern may start anywhere in the text.
func globRegex(glob string) string {
	parts := strings.Split(glob, "*")
	var b strings.Builder
	b.WriteString("(?s)") // * spans line breaks
	for i, part := range parts {
		if i > 0 {
			if i == len(parts)-1 && part == "" {
				b.WriteString("(.*)")
			} else {
				b.WriteString("(.*?)")
			}
		}
		b.WriteString(regexp.QuoteMeta(part))
	}
	return b.String()
}
