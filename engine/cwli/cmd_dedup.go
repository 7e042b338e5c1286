package cwli

import "strings"

// dedup: `dedup field {, field}`. Keeps the first row, in the current order (newest first
// without a sort), of each distinct value or combination of values. A row where any of the
// fields is missing is never a duplicate and is kept. Only limit may follow dedup.

// DedupCommand is a dedup command.
type DedupCommand struct {
	Pos
	Fields []*FieldRef
}

func (*DedupCommand) isCommand() {}

func (c *DedupCommand) String() string { return "dedup " + fieldList(c.Fields) }

func parseDedup(p *parser, kw token) Command {
	return &DedupCommand{Pos: kw.pos, Fields: p.fieldRefs("a field name")}
}

func (c *DedupCommand) translate(t *translator) {
	t.flushLimit()
	keys := make([]string, len(c.Fields))
	nulls := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		keys[i] = t.value(t.field(f)).sql
		nulls[i] = keys[i] + " IS NULL"
	}
	window := "PARTITION BY " + strings.Join(keys, ", ")
	if len(t.order) > 0 {
		window += " ORDER BY " + t.orderSQL()
	}
	t.addStage("SELECT * FROM " + t.fromSQL() + " QUALIFY " + strings.Join(nulls, " OR ") +
		" OR row_number() OVER (" + window + ") = 1")
}
