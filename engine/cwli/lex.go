package cwli

import (
	"strings"
	"unicode/utf8"
)

// The lexer turns query text into tokens on demand. Whether a slash starts a regex or divides
// is the parser's call (a regex appears where an operand is expected), so the parser asks for
// the regex body explicitly with scanRegex right after it has seen the opening '/'.
//
// Lexical rules: '#' starts a comment to the end of the line; strings use double or single
// quotes, with \\, \" and \' as the only escapes (any other backslash is kept, so regex-like
// strings such as "\d+" survive); a field name is [A-Za-z_@][A-Za-z0-9_@]* or `anything but
// a backquote`, and a path joins such segments with dots (later segments may be digits:
// items.0.id); a number is digits with an optional fraction; digits followed by letters are a
// time period (5m, 1hrs).

type tokKind int

const (
	tokEOF    tokKind = iota
	tokName           // a field name or path; also keywords, command and function names
	tokNumber         // 12, 1.5
	tokPeriod         // 5m
	tokString         // "…" or '…'
	tokPunct          // | , ( ) [ ] + - * / % ^ = != < <= > >= =~ .
)

type token struct {
	kind   tokKind
	text   string   // punct and number text; period text; for a name, the segments joined by '.'
	val    string   // decoded string value
	segs   []string // name segments
	quoted bool     // some segment was written in backquotes
	pos    Pos
}

// word reports whether t is the unquoted single-segment name w (case-insensitive): how
// keywords, command names and function names are recognised.
func (t token) word(w string) bool {
	return t.kind == tokName && !t.quoted && len(t.segs) == 1 && strings.EqualFold(t.segs[0], w)
}

func (t token) punct(p string) bool { return t.kind == tokPunct && t.text == p }

// describe names a token for error messages.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of query"
	case tokString:
		return "string " + quoteString(t.val)
	case tokName:
		return "'" + t.text + "'"
	}
	return "'" + t.text + "'"
}

type lexer struct {
	src       string
	off       int // byte offset of the next character
	line, col int // of the next character
}

func newLexer(src string) *lexer { return &lexer{src: src, line: 1, col: 1} }

func (l *lexer) pos() Pos { return Pos{l.line, l.col} }

// peekByte returns the byte at off+i, or 0 past the end.
func (l *lexer) peekByte(i int) byte {
	if l.off+i < len(l.src) {
		return l.src[l.off+i]
	}
	return 0
}

// advance moves past one character.
func (l *lexer) advance() {
	r, n := utf8.DecodeRuneInString(l.src[l.off:])
	l.off += n
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
}

func (l *lexer) skipSpaceAndComments() {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			l.advance()
		case c == '#':
			for l.off < len(l.src) && l.src[l.off] != '\n' {
				l.advance()
			}
		default:
			return
		}
	}
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '@'
}

func isNameChar(c byte) bool { return isNameStart(c) || isDigit(c) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// next scans the next token.
func (l *lexer) next() (token, error) {
	l.skipSpaceAndComments()
	start := l.pos()
	if l.off >= len(l.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	c := l.src[l.off]
	switch {
	case isNameStart(c) || c == '`':
		return l.name(start)
	case isDigit(c):
		return l.number(start)
	case c == '"' || c == '\'':
		return l.str(start, c)
	}
	two := ""
	if l.off+1 < len(l.src) {
		two = l.src[l.off : l.off+2]
	}
	switch two {
	case "!=", "<=", ">=", "=~":
		l.advance()
		l.advance()
		return token{kind: tokPunct, text: two, pos: start}, nil
	}
	if strings.IndexByte("|,()[]+-*/%^=<>.", c) >= 0 {
		l.advance()
		return token{kind: tokPunct, text: string(c), pos: start}, nil
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.off:])
	if r == utf8.RuneError {
		return token{}, parseErrorf(start, "invalid UTF-8 in query")
	}
	return token{}, parseErrorf(start, "unexpected character %q", r)
}

// name scans a field name or dotted path.
func (l *lexer) name(start Pos) (token, error) {
	t := token{kind: tokName, pos: start}
	for {
		if l.peekByte(0) == '`' {
			segPos := l.pos()
			l.advance()
			i := strings.IndexByte(l.src[l.off:], '`')
			if i < 0 {
				return token{}, parseErrorf(segPos, "unterminated backquoted name")
			}
			if i == 0 {
				return token{}, parseErrorf(segPos, "empty backquoted name")
			}
			seg := l.src[l.off : l.off+i]
			if strings.IndexByte(seg, 0) >= 0 || !utf8.ValidString(seg) {
				return token{}, parseErrorf(segPos, "invalid character in backquoted name")
			}
			for range seg {
				l.advance()
			}
			l.advance() // closing backquote
			t.segs = append(t.segs, seg)
			t.quoted = true
		} else {
			// The caller checked that a first segment starts with a name-start character.
			begin := l.off
			for isNameChar(l.peekByte(0)) {
				l.advance()
			}
			t.segs = append(t.segs, l.src[begin:l.off])
		}
		// A dot continues the path only when a segment follows at once.
		if l.peekByte(0) == '.' && (isNameChar(l.peekByte(1)) || l.peekByte(1) == '`') {
			l.advance()
			continue
		}
		break
	}
	t.text = strings.Join(t.segs, ".")
	return t, nil
}

// number scans a number or a period.
func (l *lexer) number(start Pos) (token, error) {
	begin := l.off
	for isDigit(l.peekByte(0)) {
		l.advance()
	}
	frac := false
	if l.peekByte(0) == '.' && isDigit(l.peekByte(1)) {
		frac = true
		l.advance()
		for isDigit(l.peekByte(0)) {
			l.advance()
		}
	}
	if isLetter(l.peekByte(0)) {
		for isLetter(l.peekByte(0)) {
			l.advance()
		}
		if frac {
			return token{}, parseErrorf(start, "invalid period %q: the count must be a whole number", l.src[begin:l.off])
		}
		if isNameChar(l.peekByte(0)) {
			return token{}, parseErrorf(start, "invalid number or period starting %q", l.src[begin:l.off+1])
		}
		return token{kind: tokPeriod, text: l.src[begin:l.off], pos: start}, nil
	}
	if isNameChar(l.peekByte(0)) {
		return token{}, parseErrorf(start, "invalid number %q", l.src[begin:l.off+1])
	}
	return token{kind: tokNumber, text: l.src[begin:l.off], pos: start}, nil
}

// str scans a quoted string.
func (l *lexer) str(start Pos, quote byte) (token, error) {
	l.advance()
	var b strings.Builder
	for {
		if l.off >= len(l.src) {
			return token{}, parseErrorf(start, "unterminated string")
		}
		c := l.src[l.off]
		switch {
		case c == quote:
			l.advance()
			return token{kind: tokString, val: b.String(), text: "string", pos: start}, nil
		case c == 0:
			return token{}, parseErrorf(l.pos(), "NUL character in string")
		case c == '\\' && (l.peekByte(1) == '\\' || l.peekByte(1) == '"' || l.peekByte(1) == '\''):
			b.WriteByte(l.peekByte(1))
			l.advance()
			l.advance()
		default:
			r, n := utf8.DecodeRuneInString(l.src[l.off:])
			if r == utf8.RuneError && n <= 1 {
				return token{}, parseErrorf(l.pos(), "invalid UTF-8 in string")
			}
			b.WriteString(l.src[l.off : l.off+n])
			l.advance()
		}
	}
}

// scanRegex scans a regex body right after its opening '/' (at start) up to the closing '/',
// which it consumes. A backslash escapes the next character (both are kept); a '/' inside a
// character class does not close the regex.
func (l *lexer) scanRegex(start Pos) (string, error) {
	begin := l.off
	inClass := false
	for {
		if l.off >= len(l.src) {
			return "", parseErrorf(start, "unterminated regex")
		}
		c := l.src[l.off]
		switch {
		case c == 0:
			return "", parseErrorf(l.pos(), "NUL character in regex")
		case c == '\\':
			l.advance()
			if l.off >= len(l.src) {
				return "", parseErrorf(start, "unterminated regex")
			}
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			body := l.src[begin:l.off]
			l.advance()
			if !utf8.ValidString(body) {
				return "", parseErrorf(start, "invalid UTF-8 in regex")
			}
			return body, nil
		}
		l.advance()
	}
}
