package cwli

// filter: `filter condition` (also spelled where, and filterIndex, which Logs Insights uses to
// pick indexed log groups and which here is a plain filter). Keeps the rows where the
// condition is true; a comparison with a missing field is not true.

// FilterCommand is a filter command; Verb is "filter", "where" or "filterIndex".
type FilterCommand struct {
	Pos
	Verb string
	Cond Expr
}

func (*FilterCommand) isCommand() {}

func (c *FilterCommand) String() string { return c.Verb + " " + c.Cond.String() }

func parseFilter(p *parser, kw token) Command {
	verb := "filter"
	switch {
	case kw.word("where"):
		verb = "where"
	case kw.word("filterIndex"):
		verb = "filterIndex"
	}
	return &FilterCommand{Pos: kw.pos, Verb: verb, Cond: p.expr()}
}

func (c *FilterCommand) translate(t *translator) {
	t.filterStage(t.cond(c.Cond))
}
