package engine

import (
	"fmt"
	"strings"
)

// BindParameters replaces the statement's `?` placeholders, in order, with the values as SQL
// string literals (Lake's QueryParameters are strings too): quotes are doubled, so a value can
// never end its literal and become SQL. A `?` inside a string, a quoted identifier or a comment
// is not a placeholder. The number of values must match.
func BindParameters(stmt string, values []string) (string, error) {
	var b strings.Builder
	n := 0
	err := scanPlaceholders(stmt, func(chunk string, placeholder bool) {
		if !placeholder {
			b.WriteString(chunk)
			return
		}
		if n < len(values) {
			b.WriteString(quoteString(values[n]))
		}
		n++
	})
	if err != nil {
		return "", err
	}
	if n != len(values) {
		return "", fmt.Errorf("%w: the statement has %d parameters (?), %d values were given", ErrInvalidQuery, n, len(values))
	}
	return b.String(), nil
}

// CountParameters returns the number of `?` placeholders in a statement.
func CountParameters(stmt string) int {
	n := 0
	scanPlaceholders(stmt, func(_ string, placeholder bool) {
		if placeholder {
			n++
		}
	})
	return n
}

// scanPlaceholders calls fn with the statement's text in order, each placeholder as its own
// chunk. It fails on an unterminated string, identifier or comment.
func scanPlaceholders(s string, fn func(chunk string, placeholder bool)) error {
	start := 0
	for i := 0; i < len(s); {
		var end int
		switch {
		case s[i] == '\'' || s[i] == '"':
			end = strings.IndexByte(s[i+1:], s[i])
			for end >= 0 && i+1+end+1 < len(s) && s[i+1+end+1] == s[i] { // doubled quote
				next := strings.IndexByte(s[i+1+end+2:], s[i])
				if next < 0 {
					end = -1
					break
				}
				end += 2 + next
			}
			if end < 0 {
				return fmt.Errorf("%w: unterminated %c quote", ErrInvalidQuery, s[i])
			}
			i += end + 2
			continue
		case strings.HasPrefix(s[i:], "--"):
			if end = strings.IndexByte(s[i:], '\n'); end < 0 {
				end = len(s) - i
			}
			i += end
			continue
		case strings.HasPrefix(s[i:], "/*"):
			if end = strings.Index(s[i+2:], "*/"); end < 0 {
				return fmt.Errorf("%w: unterminated comment", ErrInvalidQuery)
			}
			i += end + 4
			continue
		case s[i] == '?':
			fn(s[start:i], false)
			fn("?", true)
			i++
			start = i
			continue
		}
		i++
	}
	fn(s[start:], false)
	return nil
}
