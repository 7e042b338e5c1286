package cwli

import "time"

// Window returns a copy of q limited to the events with from <= @timestamp <= to (UTC; a zero
// time leaves that end open), as the startTime and endTime of Logs Insights' StartQuery do:
// the time range is not part of a Logs Insights query. The filter becomes the first command,
// so that the engine sees it in the statement that reads the store and prunes files by it.
func Window(q *Query, from, to time.Time) *Query {
	ts := func() Expr { return &FieldRef{Path: []string{"@timestamp"}} }
	lit := func(t time.Time) Expr {
		return &StringLit{Value: t.UTC().Format("2006-01-02 15:04:05.999999")}
	}
	var cond Expr
	if !from.IsZero() {
		cond = &Binary{Op: ">=", L: ts(), R: lit(from)}
	}
	if !to.IsZero() {
		upper := &Binary{Op: "<=", L: ts(), R: lit(to)}
		if cond == nil {
			cond = upper
		} else {
			cond = &Binary{Op: "and", L: cond, R: upper}
		}
	}
	out := &Query{}
	if cond != nil {
		out.Commands = append(out.Commands, &FilterCommand{Verb: "filter", Cond: cond})
	}
	if q != nil {
		out.Commands = append(out.Commands, q.Commands...)
	}
	return out
}
