package main

import (
	"slices"
	"strings"

	"github.com/ctlake/ctlake/engine"

	"github.com/ctlake/ctlake/store"
)

// How the shell cuts what is typed or piped into statements and meta-commands. A statement
// ends at a ';' outside strings, quoted names, comments and regexes, in both languages; a line
// that starts with '\' (outside an open string or comment) is a meta-command. The lexical
// rules are those of the languages' own lexers (engine/lex.go for SQL, engine/cwli/lex.go for
// Logs Insights), enough to find the ';' without parsing:
//
//	SQL       '…' ('' inside), E'…' (backslash escapes), "…" ("" inside), $tag$…$tag$,
//	          -- to the end of the line, /* … */ (nesting)
//	insights  '…' and "…" (\\ \" \' escapes), `…`, # to the end of the line, and /regex/
//	          where an operand is expected (see slashStartsRegex)

// shellTokKind is the kind of a token of shell input.
type shellTokKind int

const (
	shellSpace        shellTokKind = iota
	shellLineComment               // -- … or # …, up to (not including) the newline
	shellBlockComment              // /* … */
	shellQuoted                    // a string, quoted name, dollar-quoted string or regex
	shellSemi                      // ;
	shellWord                      // identifier, keyword or number
	shellPunct                     // any other byte
)

// shellTok is one token: text[start:end]. An open token (an unterminated string, quoted name,
// comment or regex) runs to the end of the text; only the last token can be open.
type shellTok struct {
	kind       shellTokKind
	start, end int
	open       bool
}

func (t shellTok) blank() bool {
	return t.kind == shellSpace || t.kind == shellLineComment || t.kind == shellBlockComment
}

// shellTokens splits text into tokens by the lexical rules of lang (store.LangSQL or
// store.LangInsights). The tokens cover the text without gaps.
func shellTokens(text, lang string) []shellTok {
	var (
		toks []shellTok
		ins  insightsContext
	)
	for i := 0; i < len(text); {
		var t shellTok
		if lang == store.LangInsights {
			t = nextInsightsTok(text, i, &ins)
			ins.see(text, t)
		} else {
			t = nextSQLTok(text, i)
		}
		toks = append(toks, t)
		i = t.end
	}
	return toks
}

func isShellSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// isShellWordByte: letters, digits, '_' and any byte of a multi-byte character.
func isShellWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

func spaceTok(s string, i int) shellTok {
	j := i + 1
	for j < len(s) && isShellSpace(s[j]) {
		j++
	}
	return shellTok{kind: shellSpace, start: i, end: j}
}

func lineCommentTok(s string, i int) shellTok {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return shellTok{kind: shellLineComment, start: i, end: i + j}
	}
	return shellTok{kind: shellLineComment, start: i, end: len(s)}
}

// quotedTok scans a quoted text whose body starts at s[body] and ends at the quote q. With
// doubling, qq inside is part of the body. With backslash, a backslash escapes the byte after
// it when that is one of only (any byte when only is "").
func quotedTok(s string, start, body int, q byte, doubling, backslash bool, only string) shellTok {
	for i := body; i < len(s); {
		switch {
		case backslash && s[i] == '\\' && i+1 < len(s) && (only == "" || strings.IndexByte(only, s[i+1]) >= 0):
			i += 2
		case s[i] == q:
			if doubling && i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			return shellTok{kind: shellQuoted, start: start, end: i + 1}
		default:
			i++
		}
	}
	return shellTok{kind: shellQuoted, start: start, end: len(s), open: true}
}

// nextSQLTok scans the SQL token at s[i].
func nextSQLTok(s string, i int) shellTok {
	c := s[i]
	switch {
	case isShellSpace(c):
		return spaceTok(s, i)
	case c == ';':
		return shellTok{kind: shellSemi, start: i, end: i + 1}
	case c == '-' && i+1 < len(s) && s[i+1] == '-':
		return lineCommentTok(s, i)
	case c == '/' && i+1 < len(s) && s[i+1] == '*':
		j, open := engine.BlockCommentEnd(s, i)
		return shellTok{kind: shellBlockComment, start: i, end: j, open: open}
	case c == '\'':
		return quotedTok(s, i, i+1, '\'', true, false, "")
	case c == '"':
		return quotedTok(s, i, i+1, '"', true, false, "")
	case c == '$':
		if t, ok := dollarTok(s, i); ok {
			return t
		}
	case isShellWordByte(c):
		if (c == 'e' || c == 'E') && i+1 < len(s) && s[i+1] == '\'' {
			return quotedTok(s, i, i+2, '\'', true, true, "")
		}
		j := i + 1
		for j < len(s) && (isShellWordByte(s[j]) || s[j] == '$') {
			j++
		}
		return shellTok{kind: shellWord, start: i, end: j}
	}
	return shellTok{kind: shellPunct, start: i, end: i + 1}
}

// dollarTok scans $tag$…$tag$ at s[i] == '$'; the tag is empty or a name that does not start
// with a digit. A '$' that opens no tag ($1, $EDS_ID) is not a string.
func dollarTok(s string, i int) (shellTok, bool) {
	j := i + 1
	for j < len(s) && (isShellWordByte(s[j]) && (j > i+1 || s[j] < '0' || s[j] > '9')) {
		j++
	}
	if j >= len(s) || s[j] != '$' {
		return shellTok{}, false
	}
	tag := s[i : j+1]
	if k := strings.Index(s[j+1:], tag); k >= 0 {
		return shellTok{kind: shellQuoted, start: i, end: j + 1 + k + len(tag)}, true
	}
	return shellTok{kind: shellQuoted, start: i, end: len(s), open: true}, true
}

// insightsContext is what the insights lexer remembers to tell a regex from a division: the
// last significant token, and the command of the current pipe segment.
type insightsContext struct {
	prev     shellTok // last significant token; kind shellSpace when none
	prevText string
	cmd      string // the segment's first word, lowercased
	pathOnly bool   // the segment after its command holds only a field path so far
}

// see records a scanned token.
func (c *insightsContext) see(s string, t shellTok) {
	if t.blank() {
		return
	}
	text := s[t.start:t.end]
	switch {
	case t.kind == shellSemi || (t.kind == shellPunct && text == "|"):
		*c = insightsContext{}
		c.prev, c.prevText = t, text
		return
	case c.cmd == "" && t.kind == shellWord:
		c.cmd, c.pathOnly = strings.ToLower(text), true
	case t.kind == shellWord || (t.kind == shellQuoted && text[0] == '`') || (t.kind == shellPunct && text == "."):
	default:
		c.pathOnly = false
	}
	c.prev, c.prevText = t, text
}

// regexAfterWords are the words after which a '/' opens a regex.
var regexAfterWords = map[string]bool{
	"like": true, "not": true, "and": true, "or": true, "in": true,
	"filter": true, "where": true, "fields": true, "display": true, "stats": true,
}

// slashStartsRegex reports whether a '/' opens a regex: where an operand is expected (after
// nothing, an operator, '(', ',', '|' or a keyword such as like), and after `parse [field]`.
// Anywhere else it divides.
func (c *insightsContext) slashStartsRegex() bool {
	if c.cmd == "parse" && c.pathOnly {
		return true
	}
	switch c.prev.kind {
	case shellSpace, shellSemi:
		return true
	case shellPunct:
		return c.prevText != ")" && c.prevText != "]" && c.prevText != "."
	case shellWord:
		return regexAfterWords[strings.ToLower(c.prevText)]
	}
	return false
}

// nextInsightsTok scans the Logs Insights token at s[i].
func nextInsightsTok(s string, i int, ctx *insightsContext) shellTok {
	c := s[i]
	switch {
	case isShellSpace(c):
		return spaceTok(s, i)
	case c == ';':
		return shellTok{kind: shellSemi, start: i, end: i + 1}
	case c == '#':
		return lineCommentTok(s, i)
	case c == '\'' || c == '"':
		return quotedTok(s, i, i+1, c, false, true, `\"'`)
	case c == '`':
		if j := strings.IndexByte(s[i+1:], '`'); j >= 0 {
			return shellTok{kind: shellQuoted, start: i, end: i + 1 + j + 1}
		}
		return shellTok{kind: shellQuoted, start: i, end: len(s), open: true}
	case c == '/' && ctx.slashStartsRegex():
		inClass := false
		for j := i + 1; j < len(s); j++ {
			switch {
			case s[j] == '\\':
				j++
			case s[j] == '[':
				inClass = true
			case s[j] == ']':
				inClass = false
			case s[j] == '/' && !inClass:
				return shellTok{kind: shellQuoted, start: i, end: j + 1}
			}
		}
		return shellTok{kind: shellQuoted, start: i, end: len(s), open: true}
	case isShellWordByte(c) || c == '@':
		j := i + 1
		for j < len(s) && (isShellWordByte(s[j]) || s[j] == '@') {
			j++
		}
		return shellTok{kind: shellWord, start: i, end: j}
	}
	return shellTok{kind: shellPunct, start: i, end: i + 1}
}

// shellSplit is text cut at its top-level semicolons.
type shellSplit struct {
	// stmts are the complete statements: the text before each ';' without the ';', leading
	// space and comments, and trailing space; starts are their offsets in the text. Blank
	// statements (only space and comments) are left out.
	stmts  []string
	starts []int
	// rest is the text after the last ';' from its first significant byte on (or from an open
	// comment): "" when there is none. restStart is its offset.
	rest      string
	restStart int
	// open: the text ends inside a string, quoted name, comment or regex.
	open bool
}

// splitShellInput cuts text into statements by the lexical rules of lang.
func splitShellInput(text, lang string) shellSplit {
	var out shellSplit
	begin := -1 // offset of the current statement's first significant token
	var last shellTok
	for _, t := range shellTokens(text, lang) {
		last = t
		switch {
		case t.kind == shellSemi:
			if begin >= 0 {
				out.stmts = append(out.stmts, strings.TrimRight(text[begin:t.start], shellSpaces))
				out.starts = append(out.starts, begin)
			}
			begin = -1
		case begin < 0 && (!t.blank() || t.open):
			begin = t.start
		}
	}
	out.open = last.open
	if begin >= 0 {
		out.rest, out.restStart = text[begin:], begin
	}
	return out
}

// shellBlank reports whether text holds only space and comments.
func shellBlank(text, lang string) bool {
	return !slices.ContainsFunc(shellTokens(text, lang), func(t shellTok) bool { return !t.blank() })
}

const shellSpaces = " \t\n\r\f\v"

// shellOneLine returns a statement on one line, for the history, where a ';' may follow it: a
// statement of several lines, or one that ends in a line comment, loses its line comments, and
// each run of space outside strings becomes one space. A line break inside a string stays.
func shellOneLine(stmt, lang string) string {
	toks := shellTokens(stmt, lang)
	if !strings.ContainsAny(stmt, "\n\r") && (len(toks) == 0 || toks[len(toks)-1].kind != shellLineComment) {
		return stmt
	}
	var b strings.Builder
	for _, t := range toks {
		text := stmt[t.start:t.end]
		switch t.kind {
		case shellLineComment:
		case shellSpace:
			if s := b.String(); s != "" && s[len(s)-1] != ' ' {
				b.WriteByte(' ')
			}
		case shellBlockComment:
			b.WriteString(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(text))
		default:
			b.WriteString(text)
		}
	}
	return strings.TrimSpace(b.String())
}

// shellItem is a unit of input the shell runs: a statement or a meta-command line.
type shellItem struct {
	meta bool
	text string // the statement without its ';', or the meta-command line
	line int    // the input line it starts on, from 1
}

// history is the item as a history entry, on one line.
func (it shellItem) history(lang string) string {
	if it.meta {
		return it.text
	}
	return shellOneLine(it.text, lang) + ";"
}

// shellInput accumulates input lines and hands out the statements and meta-commands they
// complete. It is not safe for concurrent use.
type shellInput struct {
	lang     string
	buf      string // the pending, incomplete statement: whole lines, each ending in "\n"
	bufLines []int  // the input line number of each line of buf
	open     bool   // buf ends inside a string, quoted name, comment or regex
	lines    int    // lines fed so far
}

// pending reports whether a statement is being continued.
func (in *shellInput) pending() bool { return in.buf != "" }

// reset drops the pending statement.
func (in *shellInput) reset() { in.buf, in.bufLines, in.open = "", nil, false }

// feed adds one line (without its line break) and returns what it completes.
func (in *shellInput) feed(line string) []shellItem {
	in.lines++
	if !in.open && strings.HasPrefix(strings.TrimLeft(line, " \t"), `\`) {
		return []shellItem{{meta: true, text: strings.TrimSpace(line), line: in.lines}}
	}
	text := in.buf + line + "\n"
	lines := append(in.bufLines, in.lines)
	lineIndex := func(off int) int { return strings.Count(text[:off], "\n") }
	sp := splitShellInput(text, in.lang)
	items := make([]shellItem, len(sp.stmts))
	for i, s := range sp.stmts {
		items[i] = shellItem{text: s, line: lines[lineIndex(sp.starts[i])]}
	}
	in.buf, in.open, in.bufLines = sp.rest, sp.open, nil
	if sp.rest != "" {
		// The rest starts mid-line: its first line keeps that line's number.
		in.bufLines = slices.Clone(lines[lineIndex(sp.restStart):])
	}
	return items
}

// flush returns the pending statement, unterminated, at the end of the input.
func (in *shellInput) flush() []shellItem {
	if shellBlank(in.buf, in.lang) {
		in.reset()
		return nil // nothing but an unterminated comment
	}
	it := shellItem{text: strings.TrimSpace(in.buf), line: in.bufLines[0]}
	in.reset()
	return []shellItem{it}
}
