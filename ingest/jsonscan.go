package ingest

import (
	"errors"
	"fmt"
)

// The JSON validator: Decode checks every record's syntax with it, so a Record.Raw is always a
// well-formed JSON value and line numbers are exact.

// errNeedMore is the validator's signal that the value continues past the buffer; Decode
// refills and scans again. It never leaves the package.
var errNeedMore = errors.New("ingest: need more data")

// syntaxError is malformed JSON at pos (an offset into the scanned buffer).
type syntaxError struct {
	pos int
	msg string
	eod bool // the data ended inside the value
}

func (e *syntaxError) Error() string { return e.msg }

// validator checks JSON syntax (RFC 8259, without UTF-8 validation) at a few hundred MB/s.
type validator struct {
	stack []byte // open containers, '{' or '['; reused across values
}

// value validates the JSON value starting at b[i] (leading whitespace allowed) and returns its
// end and the number of newlines in it. At the end of b it returns errNeedMore, or a syntax
// error with eod set when eof says b is all there is.
func (v *validator) value(b []byte, i int, eof bool) (int, int, error) {
	stack := v.stack[:0]
	nl := 0
	var err error
value:
	if i, nl = skipWS(b, i, nl); i >= len(b) {
		goto short
	}
	switch c := b[i]; c {
	case '{', '[':
		if i, nl = skipWS(b, i+1, nl); i >= len(b) {
			goto short
		}
		if b[i] == c+2 { // '}' and ']' follow '{' and '[' by 2 in ASCII
			i++
			goto after
		}
		if len(stack) >= maxNesting {
			err = &syntaxError{pos: i, msg: "nesting too deep"}
			goto fail
		}
		stack = append(stack, c)
		if c == '{' {
			goto key
		}
		goto value
	case '"':
		i, err = scanString(b, i+1, eof)
	case 't':
		i, err = scanLiteral(b, i, "true", eof)
	case 'f':
		i, err = scanLiteral(b, i, "false", eof)
	case 'n':
		i, err = scanLiteral(b, i, "null", eof)
	default:
		i, err = scanNumber(b, i, eof)
	}
	if err != nil {
		goto fail
	}
after:
	if len(stack) == 0 {
		v.stack = stack
		return i, nl, nil
	}
	if i, nl = skipWS(b, i, nl); i >= len(b) {
		goto short
	}
	switch c, top := b[i], stack[len(stack)-1]; {
	case c == ',':
		i++
		if top == '{' {
			goto key
		}
		goto value
	case c == top+2: // the closing bracket of top
		i++
		stack = stack[:len(stack)-1]
		goto after
	case top == '{':
		err = &syntaxError{pos: i, msg: fmt.Sprintf("invalid character %q after object key:value pair", c)}
	default:
		err = &syntaxError{pos: i, msg: fmt.Sprintf("invalid character %q after array element", c)}
	}
	goto fail
key:
	if i, nl = skipWS(b, i, nl); i >= len(b) {
		goto short
	}
	if b[i] != '"' {
		err = &syntaxError{pos: i, msg: fmt.Sprintf("invalid character %q looking for beginning of object key string", b[i])}
		goto fail
	}
	if i, err = scanString(b, i+1, eof); err != nil {
		goto fail
	}
	if i, nl = skipWS(b, i, nl); i >= len(b) {
		goto short
	}
	if b[i] != ':' {
		err = &syntaxError{pos: i, msg: fmt.Sprintf("invalid character %q after object key", b[i])}
		goto fail
	}
	i++
	goto value
short:
	err = shortErr(i, eof)
fail:
	v.stack = stack
	return i, nl, err
}

// shortErr is the error for data that ends inside a value.
func shortErr(i int, eof bool) error {
	if !eof {
		return errNeedMore
	}
	return &syntaxError{pos: i, msg: "unexpected end of data", eod: true}
}

// skipWS skips JSON whitespace from b[i], adding the newlines it passes to nl.
func skipWS(b []byte, i, nl int) (int, int) {
	for ; i < len(b); i++ {
		switch b[i] {
		case ' ', '\t', '\r':
		case '\n':
			nl++
		default:
			return i, nl
		}
	}
	return i, nl
}

// strPlain marks the bytes that stand for themselves inside a JSON string.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// hexDigit marks the hexadecimal digits.
var hexDigit = func() (t [256]bool) {
	for _, c := range "0123456789abcdefABCDEF" {
		t[c] = true
	}
	return t
}()

// scanString validates a string whose opening quote is at b[i-1] and returns its end.
func scanString(b []byte, i int, eof bool) (int, error) {
	for {
		for i+8 <= len(b) && strPlain[b[i]] && strPlain[b[i+1]] && strPlain[b[i+2]] && strPlain[b[i+3]] &&
			strPlain[b[i+4]] && strPlain[b[i+5]] && strPlain[b[i+6]] && strPlain[b[i+7]] {
			i += 8
		}
		for i < len(b) && strPlain[b[i]] {
			i++
		}
		if i >= len(b) {
			return i, shortErr(i, eof)
		}
		switch b[i] {
		case '"':
			return i + 1, nil
		case '\\':
			if i+1 >= len(b) {
				return i, shortErr(i, eof)
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) {
					for j := i + 2; j < len(b); j++ {
						if !hexDigit[b[j]] {
							return j, &syntaxError{pos: j, msg: "invalid \\u escape in string"}
						}
					}
					return i, shortErr(i, eof)
				}
				if !hexDigit[b[i+2]] || !hexDigit[b[i+3]] || !hexDigit[b[i+4]] || !hexDigit[b[i+5]] {
					return i, &syntaxError{pos: i, msg: "invalid \\u escape in string"}
				}
				i += 6
			default:
				return i, &syntaxError{pos: i, msg: fmt.Sprintf("invalid escape %q in string", b[i:i+2])}
			}
		default:
			return i, &syntaxError{pos: i, msg: fmt.Sprintf("invalid control character %q in string", b[i])}
		}
	}
}

// scanLiteral validates true, false or null at b[i].
func scanLiteral(b []byte, i int, lit string, eof bool) (int, error) {
	n := min(len(lit), len(b)-i)
	if string(b[i:i+n]) != lit[:n] {
		return i, &syntaxError{pos: i, msg: fmt.Sprintf("invalid character %q looking for beginning of value", b[i])}
	}
	if n < len(lit) {
		return i, shortErr(i, eof)
	}
	return i + n, nil
}

// scanNumber validates a number at b[i]: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(b []byte, i int, eof bool) (int, error) {
	start := i
	if b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		return start, shortErr(i, eof)
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		i = skipDigits(b, i+1)
	case i == start:
		return i, &syntaxError{pos: i, msg: fmt.Sprintf("invalid character %q looking for beginning of value", b[i])}
	default:
		return i, &syntaxError{pos: i, msg: "invalid number"}
	}
	if i < len(b) && b[i] == '.' {
		if i++; i >= len(b) {
			return start, shortErr(i, eof)
		}
		if !isASCIIDigit(b[i]) {
			return i, &syntaxError{pos: i, msg: "invalid number"}
		}
		i = skipDigits(b, i+1)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) {
			return start, shortErr(i, eof)
		}
		if !isASCIIDigit(b[i]) {
			return i, &syntaxError{pos: i, msg: "invalid number"}
		}
		i = skipDigits(b, i+1)
	}
	if i >= len(b) && !eof {
		return start, errNeedMore // more digits may follow
	}
	return i, nil
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && isASCIIDigit(b[i]) {
		i++
	}
	return i
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }
