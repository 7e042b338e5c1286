package cwli

// display: `display field {, field}`. Chooses the output columns; only the last display counts,
// and it overrides what fields commands named. A stats command after it replaces the output
// with its own columns.

// DisplayCommand is a display command.
type DisplayCommand struct {
	Pos
	Fields []*FieldRef
}

func (*DisplayCommand) isCommand() {}

func (c *DisplayCommand) String() string { return "display " + fieldList(c.Fields) }

func parseDisplay(p *parser, kw token) Command {
	return &DisplayCommand{Pos: kw.pos, Fields: p.fieldRefs("a field name")}
}

func (c *DisplayCommand) translate(t *translator) {
	items := make([]displayItem, 0, len(c.Fields))
	seen := map[string]bool{}
	for _, f := range c.Fields {
		t.field(f) // refuse @log, unknown fields after stats, … at their place
		if !seen[f.Name()] {
			seen[f.Name()] = true
			items = append(items, displayItem{name: f.Name(), ref: f})
		}
	}
	t.displayCmd = items
}
