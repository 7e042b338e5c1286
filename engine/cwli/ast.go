package cwli

// The AST is sealed: only this package's types implement Command and Expr (the isCommand and
// isExpr markers). Every node prints, with String, a query text that parses back to an equal
// node (positions aside); print.go holds the printer, cmd_*.go the commands.

// Pos is a place in the query text: 1-based line and column, counting characters.
type Pos struct{ Line, Col int }

// Position returns p; embedding Pos gives every node the method.
func (p Pos) Position() Pos { return p }

// Node is any AST node.
type Node interface {
	String() string
	Position() Pos
}

// Command is one step of the pipeline: *FieldsCommand, *DisplayCommand, *FilterCommand,
// *StatsCommand, *SortCommand, *LimitCommand, *ParseCommand or *DedupCommand.
type Command interface {
	Node
	isCommand()
	// translate adds the command to a translation (cmd_*.go).
	translate(t *translator)
}

// Expr is an expression: *FieldRef, *StringLit, *NumberLit, *RegexLit, *PeriodLit, *ListLit,
// *Star, *Call, *Unary, *Binary, *Match, *In, *Member or *Index.
type Expr interface {
	Node
	isExpr()
}

// Query is a parsed query: its commands in pipeline order.
type Query struct {
	Commands []Command
}

// Term is an expression with an optional alias (`expr as Alias`), as fields and stats list
// them. Alias is "" when there is none.
type Term struct {
	Pos
	Expr  Expr
	Alias string
}

// FieldRef names a field: Path holds its dot-separated segments as written, with backquotes
// removed (`a.`b.c“ is ["a", "b.c"]). Numeric segments index arrays: resources.0.ARN.
type FieldRef struct {
	Pos
	Path []string
}

// StringLit is a quoted string; Value is the decoded text.
type StringLit struct {
	Pos
	Value string
}

// NumberLit is a number as written (digits, optionally a fraction).
type NumberLit struct {
	Pos
	Text string
}

// RegexLit is /Pattern/; Pattern is the text between the slashes as written (escapes kept).
type RegexLit struct {
	Pos
	Pattern string
}

// PeriodLit is a time period such as 5m or 1hrs: N units of Unit (as written, lower case).
type PeriodLit struct {
	Pos
	N    int64
	Unit string
}

// ListLit is [a, b, …], the right side of in.
type ListLit struct {
	Pos
	Items []Expr
}

// Star is the * of count(*).
type Star struct{ Pos }

// Call is a function call; Name is as written (function names are case-insensitive).
type Call struct {
	Pos
	Name string
	Args []Expr
}

// Unary is -X or not X; Op is "-" or "not".
type Unary struct {
	Pos
	Op string
	X  Expr
}

// Binary is L Op R; Op is one of or and = != < <= > >= + - * / % ^ (lower case).
type Binary struct {
	Pos
	Op   string
	L, R Expr
}

// Match is X like Pattern, X not like Pattern, or X =~ Pattern. Op is "like" or "=~".
type Match struct {
	Pos
	X       Expr
	Op      string
	Not     bool
	Pattern Expr
}

// In is X in Set or X not in Set; Set is a *ListLit or an array-valued expression.
type In struct {
	Pos
	X   Expr
	Not bool
	Set Expr
}

// Member is X.Name on a value that is not a field name, e.g. jsonParse(f).key.
type Member struct {
	Pos
	X    Expr
	Name string
}

// Index is X[Index], e.g. jsonParse(f).users[0].
type Index struct {
	Pos
	X     Expr
	Index Expr
}

func (*FieldRef) isExpr()  {}
func (*StringLit) isExpr() {}
func (*NumberLit) isExpr() {}
func (*RegexLit) isExpr()  {}
func (*PeriodLit) isExpr() {}
func (*ListLit) isExpr()   {}
func (*Star) isExpr()      {}
func (*Call) isExpr()      {}
func (*Unary) isExpr()     {}
func (*Binary) isExpr()    {}
func (*Match) isExpr()     {}
func (*In) isExpr()        {}
func (*Member) isExpr()    {}
func (*Index) isExpr()     {}

// Name is the field's name: its segments joined with dots.
func (f *FieldRef) Name() string {
	if len(f.Path) == 1 {
		return f.Path[0]
	}
	n := 0
	for _, s := range f.Path {
		n += len(s) + 1
	}
	b := make([]byte, 0, n)
	for i, s := range f.Path {
		if i > 0 {
			b = append(b, '.')
		}
		b = append(b, s...)
	}
	return string(b)
}

// walkExpr calls fn for e and every expression below it, parents first.
func walkExpr(e Expr, fn func(Expr)) {
	if e == nil {
		return
	}
	fn(e)
	switch x := e.(type) {
	case *ListLit:
		for _, it := range x.Items {
			walkExpr(it, fn)
		}
	case *Call:
		for _, a := range x.Args {
			walkExpr(a, fn)
		}
	case *Unary:
		walkExpr(x.X, fn)
	case *Binary:
		walkExpr(x.L, fn)
		walkExpr(x.R, fn)
	case *Match:
		walkExpr(x.X, fn)
		walkExpr(x.Pattern, fn)
	case *In:
		walkExpr(x.X, fn)
		walkExpr(x.Set, fn)
	case *Member:
		walkExpr(x.X, fn)
	case *Index:
		walkExpr(x.X, fn)
		walkExpr(x.Index, fn)
	}
}
