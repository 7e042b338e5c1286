package engine

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/google/uuid"
)

// ColumnInfo describes one result column. Type is the DuckDB type name, e.g. VARCHAR,
// TIMESTAMP, MAP(VARCHAR, VARCHAR), STRUCT("type" VARCHAR, arn VARCHAR)[].
type ColumnInfo struct {
	Name string
	Type string
}

// Stats are a query's counters, as CloudTrail's QueryStatistics reports them.
type Stats struct {
	EventsMatched int64 // rows returned so far
	EventsScanned int64 // events in the files the query read (after partition pruning)
	BytesScanned  int64 // bytes of those files
	ExecutionTime time.Duration
}

// Rows is the result of a query. It is not safe for concurrent use. The caller must Close it:
// that drops the query's temp views and returns its connection to the pool.
//
// DuckDB runs the whole statement before Query returns (the Go driver materializes results),
// so Next only walks rows already computed; the memory they take is bounded by the engine's
// memory_limit.
type Rows struct {
	rows    *sql.Rows
	release func() error // drops the views, closes the connection, cancels the query context
	errMap  func(error) error
	cols    []ColumnInfo
	types   []*typeInfo
	dest    []any
	ptrs    []any
	cur     []any
	start   time.Time
	stats   Stats
	done    bool
	closed  bool
	err     error
}

func newRows(rows *sql.Rows, start time.Time, plan *Plan, release func() error, errMap func(error) error) (*Rows, error) {
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	r := &Rows{
		rows: rows, release: release, errMap: errMap, start: start,
		cols:  make([]ColumnInfo, len(cts)),
		types: make([]*typeInfo, len(cts)),
		dest:  make([]any, len(cts)),
		ptrs:  make([]any, len(cts)),
		stats: Stats{EventsScanned: plan.EventsScanned, BytesScanned: plan.BytesScanned},
	}
	for i, ct := range cts {
		r.cols[i] = ColumnInfo{Name: ct.Name(), Type: ct.DatabaseTypeName()}
		r.types[i] = parseType(r.cols[i].Type)
		r.ptrs[i] = &r.dest[i]
	}
	return r, nil
}

// Columns returns the result's columns.
func (r *Rows) Columns() []ColumnInfo { return r.cols }

// Next advances to the next row. It returns false at the end or on an error (see Err).
func (r *Rows) Next() bool {
	if r.done || r.closed {
		return false
	}
	if !r.rows.Next() {
		r.finish(r.rows.Err())
		return false
	}
	if err := r.rows.Scan(r.ptrs...); err != nil {
		r.finish(err)
		return false
	}
	vals := make([]any, len(r.dest))
	for i, v := range r.dest {
		vals[i] = convertValue(v, r.types[i])
	}
	r.cur = vals
	r.stats.EventsMatched++
	return true
}

// Values returns the current row as plain Go values: nil, bool, integers, float32/float64,
// string, time.Time (TIMESTAMP and TIMESTAMPTZ, in UTC), json.Number (DECIMAL, and integers
// beyond int64), map[string]any (MAP, STRUCT, JSON objects), []any (LIST, ARRAY, JSON arrays).
// DATE, TIME, INTERVAL, UUID, BLOB, BIT and ENUM values are strings. The slice is the caller's.
func (r *Rows) Values() []any { return r.cur }

// Err returns the error that ended Next early.
func (r *Rows) Err() error { return r.err }

// Stats returns the counters; they are final after Next returned false or after Close.
func (r *Rows) Stats() Stats {
	s := r.stats
	if !r.done {
		s.ExecutionTime = time.Since(r.start)
	}
	return s
}

// Close ends the query and releases its resources. It is safe to call more than once.
func (r *Rows) Close() error {
	if r.closed {
		return nil
	}
	if !r.done {
		r.finish(nil)
	}
	r.closed = true
	err := r.rows.Close()
	return errors.Join(err, r.release())
}

func (r *Rows) finish(err error) {
	r.done = true
	r.stats.ExecutionTime = time.Since(r.start)
	if err != nil && r.err == nil {
		r.err = r.errMap(err)
	}
}

// typeInfo is a parsed DuckDB type name, enough to convert nested values.
type typeInfo struct {
	name   string               // upper-case base name: VARCHAR, DECIMAL, STRUCT, MAP, LIST, ARRAY, UNION, …
	elem   *typeInfo            // LIST and ARRAY element
	key    *typeInfo            // MAP key
	value  *typeInfo            // MAP value
	fields map[string]*typeInfo // STRUCT fields and UNION members
}

func (t *typeInfo) field(name string) *typeInfo {
	if t == nil {
		return nil
	}
	return t.fields[name]
}

// parseType parses a type name as the driver prints it. It never fails: what it does not
// understand becomes a type without children, and values then convert without type hints.
func parseType(s string) *typeInfo {
	p := typeParser{s: s}
	return p.parse()
}

type typeParser struct {
	s string
	i int
}

func (p *typeParser) skipSpace() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *typeParser) parse() *typeInfo {
	p.skipSpace()
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune("(),[]", rune(p.s[p.i])) {
		p.i++
	}
	t := &typeInfo{name: strings.ToUpper(strings.TrimSpace(p.s[start:p.i]))}
	if p.i < len(p.s) && p.s[p.i] == '(' {
		p.i++
		switch t.name {
		case "STRUCT", "UNION":
			t.fields = map[string]*typeInfo{}
			for p.i < len(p.s) && p.s[p.i] != ')' {
				p.skipSpace()
				name := p.fieldName()
				t.fields[name] = p.parse()
				p.skipSpace()
				if p.i < len(p.s) && p.s[p.i] == ',' {
					p.i++
				}
			}
			p.i++
		case "MAP":
			t.key = p.parse()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
			}
			t.value = p.parse()
			p.i++
		default: // DECIMAL(18,3), ENUM('a', 'b'): skip the arguments
			p.skipArgs()
		}
	}
	for p.i < len(p.s) && p.s[p.i] == '[' {
		end := strings.IndexByte(p.s[p.i:], ']')
		if end < 0 {
			p.i = len(p.s)
			break
		}
		name := "LIST"
		if end > 1 {
			name = "ARRAY"
		}
		t = &typeInfo{name: name, elem: t}
		p.i += end + 1
	}
	return t
}

// fieldName reads a STRUCT field name, "quoted" (with "" escapes) or bare.
func (p *typeParser) fieldName() string {
	if p.i < len(p.s) && p.s[p.i] == '"' {
		end := scanQuoted(p.s, p.i+1, '"', false)
		name := strings.ReplaceAll(p.s[p.i+1:max(end-1, p.i+1)], `""`, `"`)
		p.i = end
		return name
	}
	start := p.i
	for p.i < len(p.s) && p.s[p.i] != ' ' {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *typeParser) skipArgs() {
	depth := 1
	for p.i < len(p.s) && depth > 0 {
		switch p.s[p.i] {
		case '\'':
			p.i = scanQuoted(p.s, p.i+1, '\'', false)
			continue
		case '(':
			depth++
		case ')':
			depth--
		}
		p.i++
	}
}

// convertValue turns a driver value into a plain Go value (see Rows.Values).
func convertValue(v any, t *typeInfo) any {
	name := ""
	if t != nil {
		name = t.name
	}
	switch x := v.(type) {
	case nil:
		return nil
	case duckdb.OrderedMap:
		keys, vals := x.Keys(), x.Values()
		m := make(map[string]any, len(keys))
		var kt, vt *typeInfo
		if t != nil {
			kt, vt = t.key, t.value
		}
		for i, k := range keys {
			m[mapKey(convertValue(k, kt))] = convertValue(vals[i], vt)
		}
		return m
	case duckdb.Map: // older drivers' MAP
		var kt, vt *typeInfo
		if t != nil {
			kt, vt = t.key, t.value
		}
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[mapKey(convertValue(k, kt))] = convertValue(e, vt)
		}
		return m
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = convertValue(e, t.field(k))
		}
		return m
	case []any:
		var et *typeInfo
		if t != nil {
			et = t.elem
		}
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = convertValue(e, et)
		}
		return l
	case time.Time:
		switch name {
		case "DATE":
			return x.Format(time.DateOnly)
		case "TIME":
			return x.Format("15:04:05.999999")
		case "TIMETZ":
			return x.Format("15:04:05.999999-07:00")
		}
		return x.UTC()
	case []byte:
		if name == "UUID" && len(x) == 16 {
			return uuid.UUID(x).String()
		}
		return string(x)
	case duckdb.UUID:
		return uuid.UUID(x).String()
	case *duckdb.UUID:
		return uuid.UUID(*x).String()
	case duckdb.Decimal:
		return json.Number(decimalString(x))
	case *big.Int:
		if x.IsInt64() {
			return x.Int64()
		}
		return json.Number(x.String())
	case duckdb.Interval:
		return formatInterval(x)
	case duckdb.Union:
		return convertValue(x.Value, t.field(x.Tag))
	case driver.Valuer:
		dv, err := x.Value()
		if err != nil {
			return fmt.Sprint(x)
		}
		return convertValue(dv, t)
	}
	return v
}

// decimalString prints a DECIMAL with all its scale digits, as DuckDB does ("1.50").
func decimalString(d duckdb.Decimal) string {
	if d.Value == nil {
		return "0"
	}
	digits := new(big.Int).Abs(d.Value).String()
	sign := ""
	if d.Value.Sign() < 0 {
		sign = "-"
	}
	scale := int(d.Scale)
	if scale == 0 {
		return sign + digits
	}
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	return sign + digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
}

func mapKey(k any) string {
	switch x := k.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(k)
}

// formatInterval prints an interval as DuckDB does: "1 year 2 months 3 days 04:05:06.5".
func formatInterval(iv duckdb.Interval) string {
	var parts []string
	unit := func(n int64, name string) {
		if n == 0 {
			return
		}
		s := name
		if n != 1 && n != -1 {
			s += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, s))
	}
	unit(int64(iv.Months/12), "year")
	unit(int64(iv.Months%12), "month")
	unit(int64(iv.Days), "day")
	if iv.Micros != 0 || len(parts) == 0 {
		m := iv.Micros
		sign := ""
		if m < 0 {
			sign, m = "-", -m
		}
		d := time.Duration(m) * time.Microsecond
		s := fmt.Sprintf("%s%02d:%02d:%02d", sign, int64(d/time.Hour), int64(d/time.Minute)%60, int64(d/time.Second)%60)
		if frac := m % 1_000_000; frac != 0 {
			s += strings.TrimRight(fmt.Sprintf(".%06d", frac), "0")
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}
