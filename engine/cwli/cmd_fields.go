package cwli

// fields: `fields expr [as alias] {, expr [as alias]}`. Names the fields to show (all fields
// commands add up, unless a display command chooses) and defines computed fields that later
// commands can use by their alias, or by their text when they have none (fields strlen(x)
// defines "strlen(x)"). An item may use a field an earlier item of the same command defined.

// FieldsCommand is a fields command.
type FieldsCommand struct {
	Pos
	Terms []*Term
}

func (*FieldsCommand) isCommand() {}

func (c *FieldsCommand) String() string { return "fields " + termList(c.Terms) }

func parseFields(p *parser, kw token) Command {
	return &FieldsCommand{Pos: kw.pos, Terms: p.terms()}
}

func (c *FieldsCommand) translate(t *translator) {
	var defs []def
	pending := map[string]bool{} // names bound to columns of defs not yet staged
	for _, term := range c.Terms {
		if f, ok := term.Expr.(*FieldRef); ok && term.Alias == "" {
			if !pending[f.Name()] {
				t.field(f) // refuse @log, unknown fields after stats, … now, at their place
			}
			t.addDisplay(displayItem{name: f.Name(), ref: f})
			continue
		}
		if usesAny(term.Expr, pending) {
			t.project(defs)
			defs, pending = nil, map[string]bool{}
		}
		name := termName(term)
		e := t.value(t.expr(term.Expr))
		col := t.newCol()
		defs = append(defs, def{col: col, sql: e.sql})
		t.bind(name, col, e.typ)
		pending[name] = true
		t.addDisplay(displayItem{name: name})
	}
	t.project(defs)
}

// termName is the name a term defines: its alias, else the field's name, else its text.
func termName(term *Term) string {
	if term.Alias != "" {
		return term.Alias
	}
	if f, ok := term.Expr.(*FieldRef); ok {
		return f.Name()
	}
	return term.Expr.String()
}

// usesAny reports whether e refers to one of names (as a field, a path below one, or a call
// whose text is one).
func usesAny(e Expr, names map[string]bool) bool {
	if len(names) == 0 {
		return false
	}
	found := false
	walkExpr(e, func(x Expr) {
		switch x := x.(type) {
		case *FieldRef:
			for i := len(x.Path); i >= 1; i-- {
				if names[(&FieldRef{Path: x.Path[:i]}).Name()] {
					found = true
				}
			}
		case *Call:
			if names[x.String()] {
				found = true
			}
		}
	})
	return found
}
