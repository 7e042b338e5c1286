package cwli

import (
	"strconv"
	"strings"
)

// parse: extracts fields from a text field (@message when none is named).
//
//	parse [field] "glob with * wildcards" as name1, name2, …
//	parse [field] /regex with (?<name>named) groups/
//
// A glob's * capture lazily, except a final *, which takes the rest; the pattern may match
// anywhere in the text. A regex is RE2, unanchored; each named group becomes a field. An event
// that does not match keeps its row, without values for the new fields (NULL). The multi form
// (one row per match), logfmt and csv are not supported.

// ParseCommand is a parse command. Field is nil for @message; Pattern is a *StringLit (glob)
// or a *RegexLit; Names are the aliases of a glob.
type ParseCommand struct {
	Pos
	Field   *FieldRef
	Pattern Expr
	Names   []string
	Multi   bool
}

func (*ParseCommand) isCommand() {}

func (c *ParseCommand) String() string {
	var b strings.Builder
	b.WriteString("parse ")
	if c.Field != nil {
		b.WriteString(c.Field.String())
		b.WriteByte(' ')
	}
	b.WriteString(c.Pattern.String())
	for i, n := range c.Names {
		if i == 0 {
			b.WriteString(" as ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(quoteName(n))
	}
	if c.Multi {
		b.WriteString(" multi")
	}
	return b.String()
}

func parseParse(p *parser, kw token) Command {
	c := &ParseCommand{Pos: kw.pos}
	if p.tok.kind == tokName {
		c.Field = p.fieldRef("the field to parse")
	}
	if p.tok.word("logfmt") || p.tok.word("csv") {
		p.fail(unsupportedf(p.tok.pos, "parse %s is not supported", strings.ToLower(p.tok.text)))
	}
	if f := c.Field; f != nil && len(f.Path) == 1 && p.tok.word("as") && (strings.EqualFold(f.Path[0], "logfmt") || strings.EqualFold(f.Path[0], "csv")) {
		p.fail(unsupportedf(f.Pos, "parse %s is not supported", strings.ToLower(f.Path[0])))
	}
	switch {
	case p.tok.kind == tokString:
		c.Pattern = &StringLit{Pos: p.tok.pos, Value: p.tok.val}
		p.advance()
	case p.tok.punct("/"):
		c.Pattern = p.primary()
	default:
		p.failf(p.tok.pos, "expected a \"glob *\" pattern or a /regex/ after parse, found %s", p.tok.describe())
	}
	if p.tok.word("as") {
		p.advance()
		c.Names = append(c.Names, p.name("a field name after as").text)
		for p.tok.punct(",") {
			p.advance()
			c.Names = append(c.Names, p.name("a field name").text)
		}
	}
	if p.tok.word("multi") {
		c.Multi = true
		p.advance()
	}
	return c
}

func (c *ParseCommand) translate(t *translator) {
	if c.Multi {
		t.fail(unsupportedf(c.Pos, "parse … multi (one row per match) is not supported"))
	}
	field := c.Field
	if field == nil {
		field = &FieldRef{Pos: c.Pos, Path: []string{"@message"}}
	}
	src := t.str(t.field(field))
	var re string
	var names []string // by capture group; "" for groups that define no field
	switch p := c.Pattern.(type) {
	case *StringLit:
		stars := strings.Count(p.Value, "*")
		if stars == 0 || stars != len(c.Names) {
			t.fail(invalidf(p.Pos, "the pattern has %d * wildcard%s but %d name%s after as", stars, plural(stars), len(c.Names), plural(len(c.Names))))
		}
		re, names = globRegex(p.Value), c.Names
	case *RegexLit:
		re = t.regex(p)
		if len(c.Names) > 0 {
			t.fail(invalidf(p.Pos, "a regex parse names its fields with (?<name>...) groups, not with as"))
		}
		names = captureGroups(p.Pattern)
		named := false
		for _, n := range names {
			named = named || n != ""
		}
		if !named {
			t.fail(invalidf(p.Pos, "the regex has no named groups (?<name>...) to make fields of"))
		}
	}
	groups := make([]string, len(names))
	for i := range names {
		groups[i] = "'g" + strconv.Itoa(i+1) + "'"
	}
	match := t.newCol()
	t.project([]def{{col: match, sql: "CASE WHEN main.regexp_matches(" + src + ", " + sqlString(re) + ") THEN main.regexp_extract(" +
		src + ", " + sqlString(re) + ", [" + strings.Join(groups, ", ") + "]) END"}})
	var defs []def
	for i, n := range names {
		if n == "" {
			continue
		}
		col := t.newCol()
		defs = append(defs, def{col: col, sql: "main.struct_extract(" + quoteIdent(match) + ", 'g" + strconv.Itoa(i+1) + "')"})
		t.bind(n, col, tyStr)
	}
	t.project(defs)
}
