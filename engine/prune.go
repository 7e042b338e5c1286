package engine

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ctlake/ctlake/store"
)

// Partition pruning: the eventTime range a store reference can match is read from the top-level
// AND conjuncts of the WHERE of the SELECT whose FROM lists it, and only files whose
// [MinTime, MaxTime] overlaps that range (and the retention period) are given to DuckDB.
// Anything the pruner does not understand (OR, functions of eventTime, offsets in literals)
// leaves the range open, so pruning never drops a file a query needs; DuckDB still applies
// the WHERE to every row.

// bounds is an inclusive eventTime range; a zero end is open.
type bounds struct {
	from, to time.Time
}

func (b *bounds) atLeast(t time.Time) {
	if b.from.IsZero() || t.After(b.from) {
		b.from = t
	}
}

func (b *bounds) atMost(t time.Time) {
	if b.to.IsZero() || t.Before(b.to) {
		b.to = t
	}
}

// timeBounds derives the eventTime range of one store reference.
func timeBounds(ref *tableRef) bounds {
	var b bounds
	if ref.sel == nil || ref.sel.where == nil {
		return b
	}
	unqualified := soleEventTime(ref)
	isEventTime := func(e node) bool {
		parts := columnNames(e)
		switch len(parts) {
		case 1:
			return unqualified && strings.EqualFold(parts[0], "eventtime")
		case 2:
			return strings.EqualFold(parts[0], ref.alias) && strings.EqualFold(parts[1], "eventtime")
		}
		return false
	}
	for _, e := range conjuncts(ref.sel.where) {
		switch str(e, "class") {
		case "COMPARISON":
			op, l, r := str(e, "type"), obj(e, "left"), obj(e, "right")
			if isEventTime(r) {
				op, l, r = flipComparison(op), r, l
			}
			if !isEventTime(l) {
				continue
			}
			t, ok := literalTime(r)
			if !ok {
				continue
			}
			switch op {
			case "COMPARE_EQUAL":
				b.atLeast(t)
				b.atMost(t)
			case "COMPARE_GREATERTHAN", "COMPARE_GREATERTHANOREQUALTO":
				b.atLeast(t)
			case "COMPARE_LESSTHAN", "COMPARE_LESSTHANOREQUALTO":
				b.atMost(t)
			}
		case "BETWEEN":
			if !isEventTime(obj(e, "input")) {
				continue
			}
			if t, ok := literalTime(obj(e, "lower")); ok {
				b.atLeast(t)
			}
			if t, ok := literalTime(obj(e, "upper")); ok {
				b.atMost(t)
			}
		}
	}
	return b
}

// soleEventTime reports whether an unqualified eventTime in the reference's SELECT can only
// mean this reference's column: every other FROM item is a row generator (unnest, range)
// without a column of that name.
func soleEventTime(ref *tableRef) bool {
	for _, it := range ref.sel.items {
		if it.ref == ref {
			continue
		}
		if !it.generator {
			return false
		}
		for _, c := range it.cols {
			if strings.EqualFold(c, "eventtime") {
				return false
			}
		}
	}
	return true
}

func flipComparison(op string) string {
	switch op {
	case "COMPARE_GREATERTHAN":
		return "COMPARE_LESSTHAN"
	case "COMPARE_GREATERTHANOREQUALTO":
		return "COMPARE_LESSTHANOREQUALTO"
	case "COMPARE_LESSTHAN":
		return "COMPARE_GREATERTHAN"
	case "COMPARE_LESSTHANOREQUALTO":
		return "COMPARE_GREATERTHANOREQUALTO"
	}
	return op
}

// literalTime reads a time literal: a string, TIMESTAMP '…', TIMESTAMPTZ '…' (the engine runs
// with TimeZone UTC), DATE '…', or CAST of a string to one of those.
func literalTime(e node) (time.Time, bool) {
	if e == nil {
		return time.Time{}, false
	}
	if s, ok := constantString(e); ok {
		return parseLakeTime(s)
	}
	if str(e, "class") != "CAST" || e["try_cast"] == true {
		return time.Time{}, false
	}
	s, ok := constantString(obj(e, "child"))
	if !ok {
		return time.Time{}, false
	}
	t, ok := parseLakeTime(s)
	if !ok {
		return time.Time{}, false
	}
	switch str(obj(e, "cast_type"), "id") {
	case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE":
		return t, true
	case "DATE":
		return t.Truncate(24 * time.Hour), true
	}
	return time.Time{}, false
}

// lakeTime matches the timestamp texts the pruner reads the same way DuckDB does; DuckDB accepts
// more (offsets, time zone names), and those simply leave the range open.
var lakeTime = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?)?(?:Z| ?UTC|\+00(?::?00)?)?$`)

// parseLakeTime parses a timestamp literal as UTC, truncated to microseconds as DuckDB does.
func parseLakeTime(s string) (time.Time, bool) {
	m := lakeTime.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	n := make([]int, 6)
	for i := range n {
		if m[i+1] != "" {
			n[i], _ = strconv.Atoi(m[i+1])
		}
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 || n[3] > 24 || n[4] > 59 || n[5] > 59 {
		return time.Time{}, false
	}
	var micros int
	if frac := m[7]; frac != "" {
		frac = (frac + "000000")[:6]
		micros, _ = strconv.Atoi(frac)
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], micros*1000, time.UTC)
	if t.Day() != n[2] && n[3] != 24 {
		return time.Time{}, false // 31 April and the like: DuckDB refuses them
	}
	return t, true
}

// selectFiles returns the files of a snapshot that may hold events in b and inside the
// retention period. A file with unknown (zero) MinTime/MaxTime is always kept.
func selectFiles(snap *store.Snapshot, b bounds) []store.FileInfo {
	out := make([]store.FileInfo, 0, len(snap.Files))
	for _, f := range snap.Files {
		if !f.MaxTime.IsZero() {
			if !snap.RetentionCutoff.IsZero() && f.MaxTime.Before(snap.RetentionCutoff) {
				continue
			}
			if !b.from.IsZero() && f.MaxTime.Before(b.from) {
				continue
			}
		}
		if !f.MinTime.IsZero() && !b.to.IsZero() && f.MinTime.After(b.to) {
			continue
		}
		out = append(out, f)
	}
	return out
}
