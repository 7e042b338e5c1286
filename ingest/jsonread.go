package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// reader walks one record that is already known to be well-formed JSON (the validator has
// passed it), so it checks no syntax: it only finds where values start and end. Strings
// without escapes come back as substrings of the record, which is the Event's EventJSON:
// an Event's strings share that one allocation instead of being copied field by field.
type reader struct {
	s       string // the record
	i       int    // next byte
	scratch []byte // for unescaping and compacting; the results are copied out
}

// maxDepth is the deepest a value may sit (the record itself is depth 1), as fastjson —
// ctlake's earlier parser — allowed: records nested deeper stay refused.
const maxDepth = 300

func (r *reader) ws() {
	for r.i < len(r.s) {
		switch r.s[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// kind names the JSON type of the value at i, as in the wrong-type messages.
func (r *reader) kind() string { return kindOf(r.s[r.i]) }

// kindOf names the JSON type of a value from its first byte.
func kindOf(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// enter consumes the '{' or '[' at i and reports whether the container has members; an empty
// one is consumed whole.
func (r *reader) enter() bool {
	r.i++
	r.ws()
	if c := r.s[r.i]; c == '}' || c == ']' {
		r.i++
		return false
	}
	return true
}

// key reads a member's key and its ':' and leaves i at the value.
func (r *reader) key() string {
	k := r.str()
	r.ws()
	r.i++ // ':'
	r.ws()
	return k
}

// more moves past the ',' after a member or element and reports true, or past the closing
// bracket and reports false.
func (r *reader) more() bool {
	r.ws()
	c := r.s[r.i]
	r.i++
	if c == ',' {
		r.ws()
		return true
	}
	return false
}

// str reads the string at i, unescaped.
func (r *reader) str() string {
	start := r.i + 1
	end, escaped := r.stringEnd(start)
	r.i = end + 1
	if !escaped {
		return r.s[start:end]
	}
	r.scratch = unescape(r.scratch[:0], r.s[start:end])
	return string(r.scratch)
}

// stringEnd finds the closing quote of the string whose content starts at i.
func (r *reader) stringEnd(i int) (end int, escaped bool) {
	q := strings.IndexByte(r.s[i:], '"')
	if strings.IndexByte(r.s[i:i+q], '\\') < 0 {
		return i + q, false // the usual case, found with two vectorised searches
	}
	for {
		j := strings.IndexAny(r.s[i:], `"\`)
		i += j
		if r.s[i] == '"' {
			return i, escaped
		}
		escaped = true
		i += 2 // the escape's first two bytes; \uXXXX's hex digits are plain
	}
}

// literal reads true, false or null at i as its text.
func (r *reader) literal() string {
	var lit string
	switch r.s[r.i] {
	case 't':
		lit = "true"
	case 'f':
		lit = "false"
	default:
		lit = "null"
	}
	r.i += len(lit)
	return lit
}

// skip moves past the value at i, which sits at depth, and returns its text compacted (no
// whitespace outside strings, everything else as in the record): a substring of the record
// when the record has no such whitespace in it, which trail files never have.
func (r *reader) skip(depth int) (string, error) {
	start := r.i
	switch c := r.s[r.i]; {
	case c == '"':
		end, _ := r.stringEnd(r.i + 1)
		r.i = end + 1
		return r.s[start:r.i], nil
	case c == 't' || c == 'f' || c == 'n':
		return r.literal(), nil
	case c != '{' && c != '[':
		for r.i < len(r.s) && isNumberByte(r.s[r.i]) {
			r.i++
		}
		return r.s[start:r.i], nil
	}
	// A container: track the nesting and whether there is whitespace to drop.
	level, spaced := 0, false
	for {
		switch c := r.s[r.i]; c {
		case '"':
			end, _ := r.stringEnd(r.i + 1)
			r.i = end + 1
			continue
		case '{', '[':
			level++
			r.i++
			j := r.i
			if r.ws(); r.i != j {
				spaced = true
			}
			if e := r.s[r.i]; e != '}' && e != ']' && depth+level > maxDepth {
				return "", fmt.Errorf("%w: nested deeper than %d levels", ErrBadRecord, maxDepth)
			}
			continue
		case '}', ']':
			level--
			r.i++
		case ' ', '\t', '\n', '\r':
			spaced = true
			r.i++
		default:
			r.i++
		}
		if level == 0 {
			break
		}
	}
	if !spaced {
		return r.s[start:r.i], nil
	}
	r.scratch = compact(r.scratch[:0], r.s[start:r.i])
	return string(r.scratch), nil
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// compact appends s without the whitespace outside its strings.
func compact(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r':
		case '"':
			j := i + 1
			for s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			dst = append(dst, s[i:j+1]...)
			i = j
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// unescape appends the string content s (between the quotes, escapes well-formed) decoded,
// exactly as fastjson did for ctlake's earlier parser: a surrogate half followed by another
// \u escape is decoded as a pair (U+FFFD if they do not pair), one without stays as its
// escape text.
func unescape(dst []byte, s string) []byte {
	for {
		n := strings.IndexByte(s, '\\')
		if n < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:n]...)
		c := s[n+1]
		s = s[n+2:]
		switch c {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			x, _ := strconv.ParseUint(s[:4], 16, 16)
			xs := s[:4]
			s = s[4:]
			if !utf16.IsSurrogate(rune(x)) {
				dst = append(dst, string(rune(x))...)
				break
			}
			if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
				dst = append(dst, `\u`...)
				dst = append(dst, xs...)
				break
			}
			x1, _ := strconv.ParseUint(s[2:6], 16, 16)
			dst = append(dst, string(utf16.DecodeRune(rune(x), rune(x1)))...)
			s = s[6:]
		default: // '"', '\\', '/'
			dst = append(dst, c)
		}
	}
}

// members calls fn for each member of the object at i with the member's key, i at its value;
// fn consumes the value. It stops at the first error.
func (r *reader) members(fn func(key string) error) error {
	if !r.enter() {
		return nil
	}
	for {
		if err := fn(r.key()); err != nil {
			return err
		}
		if !r.more() {
			return nil
		}
	}
}
