package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// How the shell prints a result: in one of writeResults' formats, at most limit rows with a
// count of the rest, and, for tables, psql's expanded display (one "column | value" block per
// row) always (on) or when the table is wider than the terminal (auto).

// Expanded display settings.
const (
	expandedOff  = "off"
	expandedOn   = "on"
	expandedAuto = "auto"
)

// shellPrint says how to print a result.
type shellPrint struct {
	format   string // one of outputFormats
	expanded string // expandedOff, expandedOn or expandedAuto; tables only
	limit    int64  // rows printed at most; 0 prints all
	width    int    // terminal columns, for expandedAuto; 0 when unknown (no switch)
}

// printShellResult prints rs to w. It returns the rows printed and the rows beyond the limit,
// which it reads to count them.
func printShellResult(w io.Writer, p shellPrint, rs resultSet) (shown, more int64, err error) {
	capped := &cappedResult{resultSet: rs, limit: p.limit}
	if p.format == "table" && p.expanded != expandedOff {
		shown, err = printBuffered(w, p, capped)
	} else {
		shown, err = writeResults(w, p.format, capped)
	}
	if err != nil || !capped.over {
		return shown, 0, err
	}
	for more = 1; rs.Next(); more++ {
	}
	return shown, more, rs.Err()
}

// cappedResult ends a result after limit rows (0: no limit); over records that more followed.
type cappedResult struct {
	resultSet
	limit, n int64
	over     bool
}

func (c *cappedResult) Next() bool {
	if c.limit > 0 && c.n >= c.limit {
		if !c.over && c.resultSet.Next() {
			c.over = true
		}
		return false
	}
	if !c.resultSet.Next() {
		return false
	}
	c.n++
	return true
}

// printBuffered reads the rows into memory (at most the limit) and prints them expanded, or as
// a table when auto and the table fits the terminal.
func printBuffered(w io.Writer, p shellPrint, rs resultSet) (int64, error) {
	res := &sliceResult{cols: rs.ColumnNames()}
	for rs.Next() {
		res.rows = append(res.rows, slices.Clone(rs.Values()))
	}
	if err := rs.Err(); err != nil {
		return 0, err
	}
	if p.expanded == expandedAuto {
		var b bytes.Buffer
		n, err := writeResults(&b, "table", res)
		if err != nil {
			return n, err
		}
		if p.width <= 0 || maxLineWidth(b.String()) <= p.width {
			_, err = w.Write(b.Bytes())
			return n, err
		}
		res.i = 0
	}
	return writeExpanded(w, p.width, res)
}

// maxLineWidth is the widest line of s in characters.
func maxLineWidth(s string) int {
	width := 0
	for line := range strings.SplitSeq(s, "\n") {
		width = max(width, utf8.RuneCountInString(line))
	}
	return width
}

// writeExpanded prints each row as a block of "column | value" lines under a
// "-[ RECORD n ]" rule, as psql's \x does, and the row count. width, when known, bounds the
// rule. Lines of a value after its first are indented under it.
func writeExpanded(w io.Writer, width int, rs resultSet) (int64, error) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	cols := rs.ColumnNames()
	nameWidth := 0
	for _, c := range cols {
		nameWidth = max(nameWidth, utf8.RuneCountInString(c))
	}
	var n int64
	cells := make([]string, len(cols))
	for rs.Next() {
		n++
		valueWidth := 0
		for i, v := range rs.Values() {
			cells[i] = cellText(v)
			for line := range strings.SplitSeq(cells[i], "\n") {
				valueWidth = max(valueWidth, utf8.RuneCountInString(line))
			}
		}
		if width > 0 {
			valueWidth = min(valueWidth, max(width-nameWidth-3, 0))
		}
		title := fmt.Sprintf("-[ RECORD %d ]", n)
		rule := title + strings.Repeat("-", max(nameWidth+1-len(title), 0)) + "+" + strings.Repeat("-", valueWidth+1)
		bw.WriteString(rule + "\n")
		for i, c := range cols {
			pad := strings.Repeat(" ", nameWidth-utf8.RuneCountInString(c))
			for j, line := range strings.Split(cells[i], "\n") {
				if j == 0 {
					fmt.Fprintf(bw, "%s%s | %s\n", c, pad, line)
				} else {
					fmt.Fprintf(bw, "%s | %s\n", strings.Repeat(" ", nameWidth), line)
				}
			}
		}
	}
	if err := rs.Err(); err != nil {
		return n, err
	}
	fmt.Fprintf(bw, "(%d rows)\n", n)
	return n, bw.Flush()
}
