package cwli

import (
	"fmt"
	"strconv"
	"strings"
)

// The printer. String on any node gives query text that parses back to an equal node: names
// that are not plain, or that are keywords, are backquoted; strings are double-quoted with
// backslash escapes; operators get parentheses exactly where precedence needs them (the AST has
// no parenthesis node). Commands print themselves in their cmd_*.go files.

// Precedence levels, loosest first.
const (
	precOr = iota + 1
	precAnd
	precNot
	precCmp
	precAdd
	precMul
	precPow
	precNeg
	precPrimary
)

func binaryPrec(op string) int {
	switch op {
	case "or":
		return precOr
	case "and":
		return precAnd
	case "=", "!=", "<", "<=", ">", ">=":
		return precCmp
	case "+", "-":
		return precAdd
	case "*", "/", "%":
		return precMul
	case "^":
		return precPow
	}
	return precPrimary
}

func prec(e Expr) int {
	switch x := e.(type) {
	case *Binary:
		return binaryPrec(x.Op)
	case *Unary:
		if x.Op == "not" {
			return precNot
		}
		return precNeg
	case *Match, *In:
		return precCmp
	}
	return precPrimary
}

// printedWords are names the printer always backquotes: keywords of the grammar.
var printedWords = map[string]bool{
	"not": true, "and": true, "or": true, "like": true, "in": true, "as": true, "by": true,
	"asc": true, "desc": true, "offset": true, "multi": true, "any": true,
}

// plainSegment reports whether s can be written without backquotes as a path segment; first
// says whether it starts the token.
func plainSegment(s string, first bool) bool {
	if s == "" || first && !isNameStart(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	return true
}

func writeSegment(b *strings.Builder, s string, first bool) {
	if plainSegment(s, first) {
		b.WriteString(s)
		return
	}
	b.WriteByte('`')
	b.WriteString(s)
	b.WriteByte('`')
}

// quoteName prints a field name or alias (segments joined by dots) so that it reads back as
// the same name.
func quoteName(name string) string {
	if printedWords[strings.ToLower(name)] {
		return "`" + name + "`"
	}
	segs := strings.Split(name, ".")
	for i, s := range segs {
		if !plainSegment(s, i == 0) {
			return "`" + name + "`"
		}
	}
	return name
}

// quoteString prints s as a double-quoted string literal.
func quoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

func (f *FieldRef) String() string {
	if len(f.Path) == 1 && printedWords[strings.ToLower(f.Path[0])] {
		return "`" + f.Path[0] + "`"
	}
	var b strings.Builder
	for i, s := range f.Path {
		if i > 0 {
			b.WriteByte('.')
		}
		writeSegment(&b, s, i == 0)
	}
	return b.String()
}

func (s *StringLit) String() string { return quoteString(s.Value) }
func (n *NumberLit) String() string { return n.Text }
func (r *RegexLit) String() string  { return "/" + r.Pattern + "/" }
func (p *PeriodLit) String() string { return strconv.FormatInt(p.N, 10) + p.Unit }
func (*Star) String() string        { return "*" }

func (l *ListLit) String() string {
	var b strings.Builder
	b.WriteByte('[')
	writeExprs(&b, l.Items)
	b.WriteByte(']')
	return b.String()
}

func (c *Call) String() string {
	var b strings.Builder
	b.WriteString(c.Name)
	b.WriteByte('(')
	writeExprs(&b, c.Args)
	b.WriteByte(')')
	return b.String()
}

func writeExprs(b *strings.Builder, es []Expr) {
	for i, e := range es {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.String())
	}
}

// operand prints e, in parentheses when its precedence is below min.
func operand(e Expr, min int) string {
	if prec(e) < min {
		return "(" + e.String() + ")"
	}
	return e.String()
}

func (u *Unary) String() string {
	if u.Op == "not" {
		return "not " + operand(u.X, precNot)
	}
	return "-" + operand(u.X, precNeg)
}

func (b *Binary) String() string {
	p := binaryPrec(b.Op)
	left, right := p, p+1 // left-associative
	switch {
	case p == precPow: // right-associative
		left, right = p+1, p
	case p == precCmp: // not associative
		left, right = p+1, p+1
	}
	return operand(b.L, left) + " " + b.Op + " " + operand(b.R, right)
}

func (m *Match) String() string {
	op := m.Op
	if m.Not {
		op = "not " + op
	}
	return operand(m.X, precCmp+1) + " " + op + " " + operand(m.Pattern, precCmp+1)
}

func (in *In) String() string {
	op := " in "
	if in.Not {
		op = " not in "
	}
	return operand(in.X, precCmp+1) + op + operand(in.Set, precCmp+1)
}

func (m *Member) String() string {
	var b strings.Builder
	b.WriteString(operand(m.X, precPrimary))
	b.WriteByte('.')
	if plainSegment(m.Name, true) && !printedWords[strings.ToLower(m.Name)] {
		b.WriteString(m.Name)
	} else {
		b.WriteString("`" + m.Name + "`")
	}
	return b.String()
}

func (ix *Index) String() string {
	return operand(ix.X, precPrimary) + "[" + ix.Index.String() + "]"
}

func (t *Term) String() string {
	if t.Alias == "" {
		return t.Expr.String()
	}
	return t.Expr.String() + " as " + quoteName(t.Alias)
}

func (q *Query) String() string { return joinNodes(q.Commands, " | ") }

// termList prints terms separated by commas.
func termList(ts []*Term) string { return joinNodes(ts, ", ") }

// fieldList prints field references separated by commas.
func fieldList(fs []*FieldRef) string { return joinNodes(fs, ", ") }

// joinNodes prints nodes separated by sep.
func joinNodes[T fmt.Stringer](nodes []T, sep string) string {
	var b strings.Builder
	for i, n := range nodes {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(n.String())
	}
	return b.String()
}
