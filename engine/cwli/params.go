package cwli

import (
	"fmt"
	"strings"
)

// BindParameters replaces the query's `?` placeholders, in order, with the values as
// double-quoted strings (\ and " escaped, the lexer's only escapes), so a value is always one
// string literal. A `?` inside a string, a backquoted name, a /regex/ or a # comment is not a
// placeholder. The number of values must match.
func BindParameters(query string, values []string) (string, error) {
	var b strings.Builder
	n := 0
	err := scanPlaceholders(query, func(chunk string, placeholder bool) {
		if !placeholder {
			b.WriteString(chunk)
			return
		}
		if n < len(values) {
			b.WriteString(`"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(values[n]) + `"`)
		}
		n++
	})
	if err != nil {
		return "", err
	}
	if n != len(values) {
		return "", &ParseError{Msg: fmt.Sprintf("the query has %d parameters (?), %d values were given", n, len(values)), Line: 1, Col: 1, Err: ErrInvalid}
	}
	return b.String(), nil
}

// CountParameters returns the number of `?` placeholders in a query.
func CountParameters(query string) int {
	n := 0
	scanPlaceholders(query, func(_ string, placeholder bool) {
		if placeholder {
			n++
		}
	})
	return n
}

// scanPlaceholders calls fn with the query's text in order, each placeholder as its own chunk.
// A '/' starts a regex where an operand is expected: at the start, after an operator, '(' or
// ',', or after the words like, as (parse) and in.
func scanPlaceholders(s string, fn func(chunk string, placeholder bool)) error {
	start := 0
	operand := true // whether an operand is expected next
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\'' || c == '`' || (c == '/' && operand):
			j := i + 1
			for ; j < len(s) && s[j] != c; j++ {
				if s[j] == '\\' && c != '`' {
					j++
				}
			}
			if j >= len(s) {
				return &ParseError{Msg: fmt.Sprintf("unterminated %c", c), Line: 1, Col: i + 1, Err: ErrParse}
			}
			i, operand = j+1, false
		case c == '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '?':
			fn(s[start:i], false)
			fn("?", true)
			i++
			start, operand = i, false
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isNameChar(c):
			j := i
			for j < len(s) && (isNameChar(s[j]) || s[j] == '.' || s[j] == '@') {
				j++
			}
			w := strings.ToLower(s[i:j])
			operand = w == "like" || w == "as" || w == "in" || w == "and" || w == "or" || w == "not"
			i = j
		case c == '@':
			i++
		default: // operators and punctuation
			operand = c != ')' && c != ']'
			i++
		}
	}
	fn(s[start:], false)
	return nil
}
