package cwli

import (
	"strconv"
	"strings"
)

// The expression grammar, loosest first (Logs Insights does not document precedence; this is
// the conventional order the language reference recommends):
//
//	or      = and {"or" and}
//	and     = not {"and" not}
//	not     = "not" not | cmp
//	cmp     = add [("=" | "!=" | "<" | "<=" | ">" | ">=") add
//	              | ["not"] "like" add | "=~" add | ["not"] "in" add]
//	add     = mul {("+" | "-") mul}
//	mul     = pow {("*" | "/" | "%") pow}
//	pow     = neg ["^" pow]
//	neg     = "-" neg | postfix
//	postfix = primary {"." name | "[" or "]"}
//	primary = name | name "(" [or {"," or}] ")" | number | period | string | /regex/
//	        | "[" [or {"," or}] "]" | "*" | "(" or ")"

// operandKeywords cannot be used unquoted as a field or function name.
var operandKeywords = map[string]bool{"not": true, "and": true, "or": true, "like": true, "in": true, "as": true, "by": true}

func (p *parser) expr() Expr { return p.or() }

func (p *parser) or() Expr {
	x := p.and()
	for p.tok.word("or") {
		pos := p.tok.pos
		p.advance()
		x = &Binary{Pos: pos, Op: "or", L: x, R: p.and()}
	}
	return x
}

func (p *parser) and() Expr {
	x := p.not()
	for p.tok.word("and") {
		pos := p.tok.pos
		p.advance()
		x = &Binary{Pos: pos, Op: "and", L: x, R: p.not()}
	}
	return x
}

func (p *parser) not() Expr {
	if p.tok.word("not") {
		pos := p.tok.pos
		p.advance()
		return &Unary{Pos: pos, Op: "not", X: p.not()}
	}
	return p.cmp()
}

func (p *parser) cmp() Expr {
	x := p.add()
	pos := p.tok.pos
	switch {
	case p.tok.kind == tokPunct && (p.tok.text == "=" || p.tok.text == "!=" || p.tok.text == "<" ||
		p.tok.text == "<=" || p.tok.text == ">" || p.tok.text == ">="):
		op := p.tok.text
		p.advance()
		return &Binary{Pos: pos, Op: op, L: x, R: p.add()}
	case p.tok.punct("=~"):
		p.advance()
		return &Match{Pos: pos, X: x, Op: "=~", Pattern: p.add()}
	case p.tok.word("like"):
		p.advance()
		return &Match{Pos: pos, X: x, Op: "like", Pattern: p.add()}
	case p.tok.word("in"):
		p.advance()
		return &In{Pos: pos, X: x, Set: p.add()}
	case p.tok.word("not"):
		p.advance()
		switch {
		case p.tok.word("like"):
			p.advance()
			return &Match{Pos: pos, X: x, Op: "like", Not: true, Pattern: p.add()}
		case p.tok.word("in"):
			p.advance()
			return &In{Pos: pos, X: x, Not: true, Set: p.add()}
		}
		p.failf(p.tok.pos, "expected like or in after not, found %s", p.tok.describe())
	}
	return x
}

func (p *parser) add() Expr {
	x := p.mul()
	for p.tok.punct("+") || p.tok.punct("-") {
		pos, op := p.tok.pos, p.tok.text
		p.advance()
		x = &Binary{Pos: pos, Op: op, L: x, R: p.mul()}
	}
	return x
}

func (p *parser) mul() Expr {
	x := p.pow()
	for p.tok.punct("*") || p.tok.punct("/") || p.tok.punct("%") {
		pos, op := p.tok.pos, p.tok.text
		p.advance()
		x = &Binary{Pos: pos, Op: op, L: x, R: p.pow()}
	}
	return x
}

func (p *parser) pow() Expr {
	x := p.neg()
	if p.tok.punct("^") {
		pos := p.tok.pos
		p.advance()
		return &Binary{Pos: pos, Op: "^", L: x, R: p.pow()}
	}
	return x
}

func (p *parser) neg() Expr {
	if p.tok.punct("-") {
		pos := p.tok.pos
		p.advance()
		return &Unary{Pos: pos, Op: "-", X: p.neg()}
	}
	return p.postfix()
}

func (p *parser) postfix() Expr {
	x := p.primary()
	for {
		switch {
		case p.tok.punct("."):
			p.advance()
			switch {
			case p.tok.kind == tokName:
				for _, s := range p.tok.segs {
					x = member(x, s, p.tok.pos)
				}
			case p.tok.kind == tokNumber && !strings.Contains(p.tok.text, "."):
				x = member(x, p.tok.text, p.tok.pos)
			default:
				p.failf(p.tok.pos, "expected a name after '.', found %s", p.tok.describe())
			}
			p.advance()
		case p.tok.punct("["):
			pos := p.tok.pos
			p.advance()
			ix := p.expr()
			p.expectPunct("]", "to close the index")
			x = &Index{Pos: pos, X: x, Index: ix}
		default:
			return x
		}
	}
}

// member is x.name; on a field name it extends the path, as a.b is one field name.
func member(x Expr, name string, pos Pos) Expr {
	if f, ok := x.(*FieldRef); ok {
		path := make([]string, len(f.Path), len(f.Path)+1)
		copy(path, f.Path)
		return &FieldRef{Pos: f.Pos, Path: append(path, name)}
	}
	return &Member{Pos: pos, X: x, Name: name}
}

func (p *parser) primary() Expr {
	t := p.tok
	switch t.kind {
	case tokString:
		p.advance()
		return &StringLit{Pos: t.pos, Value: t.val}
	case tokNumber:
		p.advance()
		return &NumberLit{Pos: t.pos, Text: t.text}
	case tokPeriod:
		p.advance()
		return p.period(t)
	case tokName:
		if !t.quoted && len(t.segs) == 1 && operandKeywords[strings.ToLower(t.segs[0])] {
			p.failf(t.pos, "expected an expression, found keyword %s", t.describe())
		}
		p.advance()
		if !p.tok.punct("(") {
			return &FieldRef{Pos: t.pos, Path: t.segs}
		}
		if t.quoted || len(t.segs) != 1 {
			p.failf(t.pos, "invalid function name %s", t.describe())
		}
		p.advance()
		c := &Call{Pos: t.pos, Name: t.segs[0], Args: []Expr{}}
		if !p.tok.punct(")") {
			c.Args = p.exprList()
		}
		p.expectPunct(")", "to close the arguments of "+c.Name)
		return c
	case tokPunct:
		switch t.text {
		case "(":
			p.advance()
			if p.tok.word("source") {
				p.fail(unsupportedf(p.tok.pos, "subqueries (SOURCE …) are not supported"))
			}
			x := p.expr()
			p.expectPunct(")", "to close '('")
			return x
		case "[":
			p.advance()
			l := &ListLit{Pos: t.pos, Items: []Expr{}}
			if !p.tok.punct("]") {
				l.Items = p.exprList()
			}
			p.expectPunct("]", "to close the list")
			return l
		case "/":
			body, err := p.lx.scanRegex(t.pos)
			if err != nil {
				p.fail(err.(*ParseError))
			}
			p.advance()
			return &RegexLit{Pos: t.pos, Pattern: body}
		case "*":
			p.advance()
			return &Star{Pos: t.pos}
		}
	}
	p.failf(t.pos, "expected an expression, found %s", t.describe())
	return nil
}

func (p *parser) exprList() []Expr {
	es := []Expr{p.expr()}
	for p.tok.punct(",") {
		p.advance()
		es = append(es, p.expr())
	}
	return es
}

// period splits a period token such as 5m into its count and unit, checking the unit.
func (p *parser) period(t token) *PeriodLit {
	i := 0
	for i < len(t.text) && isDigit(t.text[i]) {
		i++
	}
	n, err := strconv.ParseInt(t.text[:i], 10, 64)
	if err != nil {
		p.failf(t.pos, "invalid period %s: count out of range", t.text)
	}
	unit := strings.ToLower(t.text[i:])
	if _, ok := periodUnits[unit]; !ok {
		p.failf(t.pos, "invalid period %s: unknown time unit %q (use ms, s, m, h, d, w, mo, q or y)", t.text, t.text[i:])
	}
	return &PeriodLit{Pos: t.pos, N: n, Unit: unit}
}
