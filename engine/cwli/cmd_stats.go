package cwli

import (
	"strconv"
	"strings"
)

// stats: `stats agg [as a] {, agg [as a]} [by term [as a] {, term [as a]}] [offset period]`.
// Groups the rows and replaces them with one row per group: the group terms, then the
// aggregates, named by their alias or else by their text as printed (count(*), bin(1h),
// requestParameters.bucketName). Later commands see only these names; a second stats may
// aggregate them again (at most two stats per query). offset shifts the bin() boundaries.
// Without a later sort, rows come newest bin first, then by the other group terms.

// StatsCommand is a stats command.
type StatsCommand struct {
	Pos
	Aggs   []*Term
	By     []*Term
	Offset *PeriodLit
}

func (*StatsCommand) isCommand() {}

func (c *StatsCommand) String() string {
	var b strings.Builder
	b.WriteString("stats ")
	b.WriteString(termList(c.Aggs))
	if len(c.By) > 0 {
		b.WriteString(" by ")
		b.WriteString(termList(c.By))
	}
	if c.Offset != nil {
		b.WriteString(" offset ")
		b.WriteString(c.Offset.String())
	}
	return b.String()
}

func parseStats(p *parser, kw token) Command {
	c := &StatsCommand{Pos: kw.pos, Aggs: p.terms()}
	if p.tok.word("by") {
		p.advance()
		c.By = p.terms()
	}
	if p.tok.word("offset") {
		p.advance()
		if p.tok.kind != tokPeriod {
			p.failf(p.tok.pos, "expected a time period after offset, found %s", p.tok.describe())
		}
		c.Offset = p.period(p.tok)
		p.advance()
	}
	return c
}

func (c *StatsCommand) translate(t *translator) {
	t.flushLimit()
	type out struct {
		name, col, sql string
		typ            sqlType
		bin            bool
	}
	var outs []out
	seen := map[string]bool{}
	add := func(term *Term, e sqlExpr, bin bool) {
		name := termName(term)
		if seen[name] {
			t.fail(invalidf(term.Pos, "stats produces %s twice: give one of them another name with as", quoteName(name)))
		}
		seen[name] = true
		outs = append(outs, out{name: name, col: t.newCol(), sql: e.sql, typ: e.typ, bin: bin})
	}
	if c.Offset != nil {
		t.periodArg(&Call{Name: "offset", Args: []Expr{c.Offset}}, 0)
		t.offset = c.Offset
	}
	for _, term := range c.By {
		call, isCall := term.Expr.(*Call)
		add(term, t.value(t.expr(term.Expr)), isCall && strings.EqualFold(call.Name, "bin"))
	}
	t.offset = nil
	nGroups := len(outs)
	t.aggOK = true
	for _, term := range c.Aggs {
		if !hasAggregate(term.Expr) {
			walkExpr(term.Expr, func(x Expr) {
				if c, ok := x.(*Call); ok {
					if _, known := scalarFuncs[strings.ToLower(c.Name)]; !known {
						t.call(c) // an unsupported or unknown function says so
					}
				}
			})
			t.fail(invalidf(term.Pos, "%s is not a stats function such as count(*), sum(field) or avg(field)", term.Expr))
		}
		add(term, t.value(t.expr(term.Expr)), false)
	}
	t.aggOK = false

	var b strings.Builder
	b.WriteString("SELECT ")
	for i, o := range outs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(o.sql + " AS " + quoteIdent(o.col))
	}
	b.WriteString(" FROM " + t.fromSQL())
	if nGroups > 0 {
		b.WriteString(" GROUP BY ")
		for i := range nGroups {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(i + 1))
		}
	}
	t.addStage(b.String())

	t.syms = map[string]symbol{}
	t.aggregated = true
	t.fieldsDisplay, t.displayCmd = nil, nil
	t.limit = DefaultLimit
	t.tiebreak = nil
	var binKeys []orderKey
	for i, o := range outs {
		t.bind(o.name, o.col, o.typ)
		t.addDisplay(displayItem{name: o.name})
		if i < nGroups {
			t.tiebreak = append(t.tiebreak, orderKey{col: o.col})
			if o.bin {
				binKeys = append(binKeys, orderKey{col: o.col, desc: true})
			}
		}
	}
	t.order = t.withTiebreak(binKeys)
}

// hasAggregate reports whether e calls a stats function.
func hasAggregate(e Expr) bool {
	found := false
	walkExpr(e, func(x Expr) {
		if c, ok := x.(*Call); ok {
			if _, ok := aggFuncs[strings.ToLower(c.Name)]; ok {
				found = true
			}
		}
	})
	return found
}
