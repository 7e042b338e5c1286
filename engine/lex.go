package engine

import (
	"strings"
	"unicode/utf8"
)

// The pre-lexer makes Lake's table names parse as DuckDB identifiers: Lake users write the event
// data store ID unquoted (`FROM 5e2676f8-9fce-46ef-8142-3e36a94e6691`), and names with hyphens
// (`FROM my-store`), which DuckDB would read as subtractions. In a table position — after FROM
// (of a SELECT), after JOIN, after a comma of a FROM list — such a word, or an unquoted ARN, is
// wrapped in double quotes. One more repair: Trino's if(condition, value) without an else,
// which DuckDB's parser refuses (its IF takes three arguments), gets ", NULL" before its
// closing parenthesis, which is Trino's meaning. Nothing else changes: strings, quoted
// identifiers and comments are skipped whole, so their text is never touched.

// prelexed is a statement after the pre-lexer, with what is needed to map a position in the text
// DuckDB parsed back to the user's text.
type prelexed struct {
	orig string // as the user wrote it
	text string // what DuckDB parses
	// inserts are the byte offsets in text of the inserted bytes (the '"' around table names,
	// the ", NULL" of if), ascending.
	inserts []int
}

type tokKind int

const (
	tokSpace tokKind = iota
	tokComment
	tokWord   // identifier, keyword or number
	tokString // '…', E'…', $tag$…$tag$
	tokQuoted // "…"
	tokPunct  // any other single byte
)

type token struct {
	kind       tokKind
	start, end int // byte offsets
}

// nextToken scans the token that starts at s[i] (i < len(s)). Unterminated strings, quoted
// identifiers and comments run to the end of s.
func nextToken(s string, i int) token {
	c := s[i]
	switch {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		j := i + 1
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		return token{tokSpace, i, j}
	case c == '-' && i+1 < len(s) && s[i+1] == '-':
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			return token{tokComment, i, len(s)}
		}
		return token{tokComment, i, i + j}
	case c == '/' && i+1 < len(s) && s[i+1] == '*':
		j, _ := BlockCommentEnd(s, i)
		return token{tokComment, i, j}
	case c == '\'':
		return token{tokString, i, scanQuoted(s, i+1, '\'', false)}
	case c == '"':
		return token{tokQuoted, i, scanQuoted(s, i+1, '"', false)}
	case c == '$':
		if end, ok := scanDollar(s, i); ok {
			return token{tokString, i, end}
		}
		return token{tokPunct, i, i + 1}
	case isWordByte(c):
		if (c == 'e' || c == 'E') && i+1 < len(s) && s[i+1] == '\'' {
			return token{tokString, i, scanQuoted(s, i+2, '\'', true)}
		}
		j := i + 1
		for j < len(s) && (isWordByte(s[j]) || s[j] == '$') {
			j++
		}
		return token{tokWord, i, j}
	}
	return token{tokPunct, i, i + 1}
}

// scanQuoted returns the offset after the closing quote q, for a quoted text whose body starts
// at s[i]; a doubled quote is part of the body, and with backslash so is any escaped byte.
func scanQuoted(s string, i int, q byte, backslash bool) int {
	for i < len(s) {
		switch {
		case backslash && s[i] == '\\':
			i += 2
		case s[i] == q:
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		default:
			i++
		}
	}
	return len(s)
}

// scanDollar scans a dollar-quoted string $tag$…$tag$ starting at s[i] == '$'.
func scanDollar(s string, i int) (int, bool) {
	j := i + 1
	for j < len(s) && (s[j] == '_' || isLetter(s[j]) || (j > i+1 && isDigit(s[j]))) {
		j++
	}
	if j >= len(s) || s[j] != '$' {
		return 0, false
	}
	delim := s[i : j+1]
	k := strings.Index(s[j+1:], delim)
	if k < 0 {
		return len(s), true
	}
	return j + 1 + k + len(delim), true
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// isWordByte: identifier bytes. Non-ASCII bytes count as letters, as in DuckDB.
func isWordByte(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' || c >= 0x80 }

func isASCIIWord(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' }

// bareTableName returns the length of an unquoted Lake table name at s[i:] that DuckDB cannot
// read as one identifier: a hyphenated word such as a UUID or `my-store`, or an ARN. It returns
// 0 for anything else, including plain identifiers, which need no quotes.
func bareTableName(s string, i int) int {
	if len(s)-i > 4 && strings.EqualFold(s[i:i+4], "arn:") {
		j := i + 4
		for j < len(s) && (isASCIIWord(s[j]) || s[j] == ':' || s[j] == '/' || s[j] == '-') {
			if s[j] == '-' && j+1 < len(s) && s[j+1] == '-' {
				break // a comment starts
			}
			j++
		}
		return j - i
	}
	j := i
	for j < len(s) && isASCIIWord(s[j]) {
		j++
	}
	if j == i {
		return 0
	}
	hyphens := 0
	for j+1 < len(s) && s[j] == '-' && isASCIIWord(s[j+1]) {
		j++
		for j < len(s) && isASCIIWord(s[j]) {
			j++
		}
		hyphens++
	}
	if hyphens == 0 || (j < len(s) && isWordByte(s[j])) {
		return 0
	}
	return j - i
}

// level is the pre-lexer's state for one parenthesis level.
type level struct {
	sawSelect bool
	fromList  bool      // inside a FROM list: a comma starts another table
	prev      [2]string // the last two significant tokens, upper-cased words or punctuation
	ifCall    bool      // the parentheses of if(…)
	commas    int       // top-level commas seen inside them
}

// ifElse is what an if(condition, value) call gets before its closing parenthesis.
const ifElse = ", NULL"

func (l *level) push(t string) { l.prev[1], l.prev[0] = l.prev[0], t }

// prelex quotes bare table names in table positions (see the comment at the top of this file).
func prelex(stmt string) *prelexed {
	p := &prelexed{orig: stmt}
	var b strings.Builder
	levels := []level{{}}
	armed := false // the next significant token is in a table position
	last := 0      // stmt[last:] not yet copied to b
	for i := 0; i < len(stmt); {
		t := nextToken(stmt, i)
		if t.kind == tokSpace || t.kind == tokComment {
			i = t.end
			continue
		}
		lv := &levels[len(levels)-1]
		if armed {
			armed = false
			if n := bareTableName(stmt, i); n > 0 {
				if b.Len() == 0 {
					b.Grow(len(stmt) + 8)
				}
				b.WriteString(stmt[last:i])
				p.inserts = append(p.inserts, b.Len())
				b.WriteByte('"')
				b.WriteString(stmt[i : i+n])
				p.inserts = append(p.inserts, b.Len())
				b.WriteByte('"')
				last = i + n
				lv.push("NAME")
				i += n
				continue
			}
		}
		word := ""
		switch t.kind {
		case tokWord:
			word = strings.ToUpper(stmt[t.start:t.end])
		case tokPunct:
			word = stmt[t.start:t.end]
		default:
			word = "LITERAL"
		}
		switch word {
		case "(":
			isIf := lv.prev[0] == "IF" && lv.prev[1] != "."
			lv.push(word)
			levels = append(levels, level{ifCall: isIf})
		case ")":
			if len(levels) > 1 {
				if in := levels[len(levels)-1]; in.ifCall && in.commas == 1 {
					b.WriteString(stmt[last:t.start])
					for k := 0; k < len(ifElse); k++ {
						p.inserts = append(p.inserts, b.Len())
						b.WriteByte(ifElse[k])
					}
					last = t.start
				}
				levels = levels[:len(levels)-1]
			}
			levels[len(levels)-1].push(word)
		case "SELECT":
			lv.sawSelect, lv.fromList = true, false
		case "FROM":
			distinctFrom := lv.prev[0] == "DISTINCT" && (lv.prev[1] == "IS" || lv.prev[1] == "NOT")
			first := lv.prev[0] == "" || lv.prev[0] == "UNION" || lv.prev[0] == "EXCEPT" ||
				lv.prev[0] == "INTERSECT" || lv.prev[0] == "ALL"
			if (lv.sawSelect || first) && !distinctFrom {
				armed, lv.fromList = true, true
			}
		case "JOIN":
			armed, lv.fromList = true, true
		case ",":
			armed = lv.fromList
			lv.commas++
		case "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "QUALIFY", "WINDOW",
			"UNION", "EXCEPT", "INTERSECT":
			lv.fromList = false
		}
		if word != "(" && word != ")" {
			lv.push(word)
		}
		i = t.end
	}
	if len(p.inserts) == 0 {
		p.text = stmt
		return p
	}
	b.WriteString(stmt[last:])
	p.text = b.String()
	return p
}

// origOffset maps a byte offset in p.text to the byte offset in p.orig of the same character
// (an inserted quote maps to the character after it).
func (p *prelexed) origOffset(textOff int) int {
	n := 0
	for _, ins := range p.inserts {
		if ins >= textOff {
			break
		}
		n++
	}
	return min(textOff-n, len(p.orig))
}

// lineCol maps a character offset in p.text (DuckDB counts characters, not bytes) to the 1-based
// line and column in the user's text. It returns 0, 0 for an offset outside the text.
func (p *prelexed) lineCol(textRunes int) (line, col int) {
	if textRunes < 0 || textRunes > utf8.RuneCountInString(p.text) {
		return 0, 0
	}
	off := 0
	for r := 0; r < textRunes; r++ {
		_, size := utf8.DecodeRuneInString(p.text[off:])
		off += size
	}
	orig := p.orig[:p.origOffset(off)]
	nl := strings.LastIndexByte(orig, '\n')
	return strings.Count(orig, "\n") + 1, utf8.RuneCountInString(orig[nl+1:]) + 1
}

// BlockCommentEnd returns the end of the /* */ comment that starts at s[i] (DuckDB nests
// them), and whether it is still open when s ends. The shell's statement splitter uses it too.
func BlockCommentEnd(s string, i int) (end int, open bool) {
	depth, j := 1, i+2
	for j < len(s) && depth > 0 {
		switch {
		case s[j] == '*' && j+1 < len(s) && s[j+1] == '/':
			depth--
			j += 2
		case s[j] == '/' && j+1 < len(s) && s[j+1] == '*':
			depth++
			j += 2
		default:
			j++
		}
	}
	return j, depth > 0
}
