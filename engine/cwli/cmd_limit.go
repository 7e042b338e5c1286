package cwli

import "strconv"

// limit: `limit N` or `limit any N`. Caps the rows, in the current order (any N too: the order
// is then simply not promised). Without limit a query returns DefaultLimit rows at most. A
// limit followed by other row steps (filter, sort, stats, dedup) takes the first N rows there.

// LimitCommand is a limit command.
type LimitCommand struct {
	Pos
	Any bool
	N   int64
}

func (*LimitCommand) isCommand() {}

func (c *LimitCommand) String() string {
	if c.Any {
		return "limit any " + strconv.FormatInt(c.N, 10)
	}
	return "limit " + strconv.FormatInt(c.N, 10)
}

func parseLimit(p *parser, kw token) Command {
	c := &LimitCommand{Pos: kw.pos}
	if p.tok.word("any") {
		c.Any = true
		p.advance()
	}
	if p.tok.kind != tokNumber {
		p.failf(p.tok.pos, "expected the number of rows after limit, found %s", p.tok.describe())
	}
	n, err := strconv.ParseInt(p.tok.text, 10, 64)
	if err != nil {
		p.failf(p.tok.pos, "the limit must be a whole number, not %s", p.tok.text)
	}
	c.N = n
	p.advance()
	return c
}

func (c *LimitCommand) translate(t *translator) {
	if c.N < 1 || c.N > MaxLimit {
		t.fail(invalidf(c.Pos, "the limit must be from 1 to %d, not %d", MaxLimit, c.N))
	}
	n := int(c.N)
	if t.pendingLimit == 0 || n < t.pendingLimit {
		t.pendingLimit = n
	}
	t.limit = n
}
