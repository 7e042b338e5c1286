package cwli

import "strings"

// sort: `sort expr [asc|desc] {, expr [asc|desc]}`, ascending by default. The last sort sets
// the order of the rows from there on (and dedup's notion of "first"); ties keep the default
// order. Missing values sort last either way. A field read from the raw event sorts
// "naturally": text before numbers, numbers by value (so "9" before "10"), text as text.

// SortCommand is a sort command.
type SortCommand struct {
	Pos
	Keys []*SortKey
}

// SortKey is one key of a sort.
type SortKey struct {
	Pos
	Expr Expr
	Desc bool
}

func (*SortCommand) isCommand() {}

func (c *SortCommand) String() string {
	var b strings.Builder
	b.WriteString("sort ")
	for i, k := range c.Keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k.String())
	}
	return b.String()
}

func (k *SortKey) String() string {
	if k.Desc {
		return k.Expr.String() + " desc"
	}
	return k.Expr.String()
}

func parseSort(p *parser, kw token) Command {
	c := &SortCommand{Pos: kw.pos}
	for {
		pos := p.tok.pos
		k := &SortKey{Pos: pos, Expr: p.expr()}
		switch {
		case p.tok.word("desc"):
			k.Desc = true
			p.advance()
		case p.tok.word("asc"):
			p.advance()
		}
		c.Keys = append(c.Keys, k)
		if !p.tok.punct(",") {
			return c
		}
		p.advance()
	}
}

func (c *SortCommand) translate(t *translator) {
	t.flushLimit()
	var keys []orderKey
	var defs []def
	for _, k := range c.Keys {
		e := t.value(t.expr(k.Expr))
		switch {
		case e.typ == tyRaw:
			num := "TRY_CAST(" + e.sql + " AS DOUBLE)"
			textClass, numClass := "0", "1"
			if k.Desc {
				textClass, numClass = "1", "0"
			}
			class := "(CASE WHEN " + e.sql + " IS NULL THEN 2 WHEN " + num + " IS NULL THEN " + textClass + " ELSE " + numClass + " END)"
			cc, nc, sc := t.newCol(), t.newCol(), t.newCol()
			defs = append(defs, def{cc, class}, def{nc, num}, def{sc, e.sql})
			keys = append(keys, orderKey{col: cc}, orderKey{col: nc, desc: k.Desc}, orderKey{col: sc, desc: k.Desc})
		case e.col != "":
			keys = append(keys, orderKey{col: e.col, desc: k.Desc})
		default:
			col := t.newCol()
			defs = append(defs, def{col, e.sql})
			keys = append(keys, orderKey{col: col, desc: k.Desc})
		}
	}
	t.project(defs)
	t.order = t.withTiebreak(keys)
}
