package cwli

import (
	"strings"
	"unicode/utf8"
)

// Parse parses a Logs Insights query. Errors are *ParseError values with the line and column
// of the problem; they wrap ErrParse, or ErrUnsupported for a command this package knows but
// does not run (pattern, unnest, lookup, …).
func Parse(query string) (q *Query, err error) {
	p := &parser{lx: newLexer(query)}
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(*ParseError)
			if !ok {
				panic(r)
			}
			q, err = nil, pe
		}
	}()
	if !utf8.ValidString(query) {
		p.fail(invalidUTF8(query))
	}
	p.advance()
	return p.query(), nil
}

// invalidUTF8 reports the place of the first invalid UTF-8 sequence of s.
func invalidUTF8(s string) *ParseError {
	pos := Pos{1, 1}
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n <= 1 {
				break
			}
		}
		if r == '\n' {
			pos.Line, pos.Col = pos.Line+1, 1
		} else {
			pos.Col++
		}
	}
	return parseErrorf(pos, "the query is not valid UTF-8")
}

// parser is a recursive-descent parser with one token of lookahead. Errors are raised by
// panicking with a *ParseError, which Parse recovers; nothing else is recovered.
type parser struct {
	lx  *lexer
	tok token
}

func (p *parser) fail(err *ParseError) { panic(err) }

func (p *parser) failf(pos Pos, format string, args ...any) {
	p.fail(parseErrorf(pos, format, args...))
}

func (p *parser) advance() {
	t, err := p.lx.next()
	if err != nil {
		p.fail(err.(*ParseError))
	}
	p.tok = t
}

// expectPunct consumes the punctuation s or fails.
func (p *parser) expectPunct(s, context string) {
	if !p.tok.punct(s) {
		p.failf(p.tok.pos, "expected '%s' %s, found %s", s, context, p.tok.describe())
	}
	p.advance()
}

// commandParsers parse one command each; they are called with the command's keyword token
// already consumed.
var commandParsers = map[string]func(p *parser, kw token) Command{
	"fields":      parseFields,
	"display":     parseDisplay,
	"filter":      parseFilter,
	"where":       parseFilter,
	"filterindex": parseFilter,
	"stats":       parseStats,
	"sort":        parseSort,
	"limit":       parseLimit,
	"parse":       parseParse,
	"dedup":       parseDedup,
}

// unsupportedCommands are Logs Insights commands this package recognises but does not run.
var unsupportedCommands = map[string]string{
	"unnest": "unnest", "pattern": "pattern", "anomaly": "anomaly", "diff": "diff",
	"unmask": "unmask", "source": "SOURCE", "lookup": "lookup", "join": "join",
	"addtotals": "addtotals", "autoregress": "autoregress", "accum": "accum",
	"filldown": "filldown", "fillmissing": "fillmissing", "cidrlookup": "cidrlookup",
	"outlier": "outlier", "appendcols": "appendcols", "sessionize": "sessionize",
	"countfrequent": "countFrequent", "count_frequent": "count_frequent",
	"logcompare": "logcompare", "relevantfields": "relevantfields", "expand": "expand",
	"json": "json",
}

func (p *parser) query() *Query {
	if p.tok.kind == tokEOF {
		p.failf(p.tok.pos, "empty query: expected a command such as fields, filter or stats")
	}
	q := &Query{}
	for {
		q.Commands = append(q.Commands, p.command())
		switch {
		case p.tok.kind == tokEOF:
			return q
		case p.tok.punct("|"):
			p.advance()
			if p.tok.kind == tokEOF {
				p.failf(p.tok.pos, "expected a command after '|'")
			}
		default:
			p.failf(p.tok.pos, "unexpected %s: expected '|' or the end of the query", p.tok.describe())
		}
	}
}

func (p *parser) command() Command {
	kw := p.tok
	if kw.kind != tokName || kw.quoted || len(kw.segs) != 1 {
		p.failf(kw.pos, "expected a command, found %s", kw.describe())
	}
	name := strings.ToLower(kw.segs[0])
	if parse, ok := commandParsers[name]; ok {
		p.advance()
		return parse(p, kw)
	}
	if n, ok := unsupportedCommands[name]; ok {
		p.fail(unsupportedf(kw.pos, "the %s command is not supported", n))
	}
	p.failf(kw.pos, "unknown command %s", kw.describe())
	return nil
}

// name consumes a name token (a field name or alias) and returns it.
func (p *parser) name(context string) token {
	if p.tok.kind != tokName {
		p.failf(p.tok.pos, "expected %s, found %s", context, p.tok.describe())
	}
	t := p.tok
	p.advance()
	return t
}

// fieldRef consumes a field name.
func (p *parser) fieldRef(context string) *FieldRef {
	if p.tok.kind == tokName && !p.tok.quoted && len(p.tok.segs) == 1 && operandKeywords[strings.ToLower(p.tok.segs[0])] {
		p.failf(p.tok.pos, "expected %s, found keyword %s", context, p.tok.describe())
	}
	t := p.name(context)
	return &FieldRef{Pos: t.pos, Path: t.segs}
}

// fieldRefs consumes field {, field}.
func (p *parser) fieldRefs(context string) []*FieldRef {
	fs := []*FieldRef{p.fieldRef(context)}
	for p.tok.punct(",") {
		p.advance()
		fs = append(fs, p.fieldRef(context))
	}
	return fs
}

// term consumes expr [as alias].
func (p *parser) term() *Term {
	pos := p.tok.pos // before p.expr(): composite literal fields have no evaluation order
	t := &Term{Pos: pos, Expr: p.expr()}
	if p.tok.word("as") {
		p.advance()
		t.Alias = p.name("a name after as").text
	}
	return t
}

// terms consumes term {, term}.
func (p *parser) terms() []*Term {
	ts := []*Term{p.term()}
	for p.tok.punct(",") {
		p.advance()
		ts = append(ts, p.term())
	}
	return ts
}
