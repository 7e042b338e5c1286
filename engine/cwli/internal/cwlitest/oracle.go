package cwlitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// An oracle for the twelve library queries (queries/insights): the rows each returns over a set
// of raw CloudTrail records, computed in plain Go over encoding/json, without the translator
// or SQL. Ties are broken as the translator documents: events newest first then by eventID,
// stats rows by their group values ascending with missing values last.

// ReadRecords reads a CloudTrail log file, {"Records":[…]}, and returns each record's JSON.
func ReadRecords(path string) ([][]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct{ Records []json.RawMessage }
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make([][]byte, len(f.Records))
	for i, r := range f.Records {
		out[i] = r
	}
	return out, nil
}

// record is one decoded event.
type record struct {
	m    map[string]any
	raw  []byte
	time time.Time
	id   string
}

func decode(records [][]byte) ([]*record, error) {
	out := make([]*record, len(records))
	for i, raw := range records {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		r := &record{raw: raw}
		if err := d.Decode(&r.m); err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		ts, _ := r.m["eventTime"].(string)
		t, err := time.Parse(time.RFC3339, ts)
		if err != nil {
			return nil, fmt.Errorf("record %d: eventTime %q: %w", i, ts, err)
		}
		r.time = t.UTC()
		r.id, _ = r.m["eventID"].(string)
		out[i] = r
	}
	return out, nil
}

// get returns the value at a dotted path (numeric segments index arrays) as
// json_extract_string does: strings unquoted, numbers and booleans as their text, objects and
// arrays as JSON; ok is false for a missing field or JSON null.
func (r *record) get(path string) (string, bool) {
	var v any = r.m
	for _, seg := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return "", false
			}
			v = x[i]
		default:
			return "", false
		}
	}
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	b, _ := json.Marshal(v)
	return string(b), true
}

// cell formats a value as the tests print it.
func cell(s string, ok bool) string {
	switch {
	case !ok:
		return "NULL"
	case s == "":
		return `""`
	}
	return s
}

func (r *record) cell(path string) string { return cell(r.get(path)) }

func (r *record) is(path, want string) bool {
	s, ok := r.get(path)
	return ok && s == want
}

// newestFirst sorts events by eventTime descending, then eventID.
func newestFirst(rs []*record) {
	slices.SortStableFunc(rs, func(a, b *record) int {
		if c := b.time.Compare(a.time); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
}

// group counts events by the values of paths and returns rows "v1 | v2 | … | count" sorted by
// count descending, then the values ascending (missing last), at most limit of them.
func group(rs []*record, paths []string, limit int) [][]string {
	type key = string
	counts := map[key]int{}
	vals := map[key][]string{}
	present := map[key][]bool{}
	for _, r := range rs {
		var vs []string
		var ok []bool
		for _, p := range paths {
			s, o := r.get(p)
			vs, ok = append(vs, s), append(ok, o)
		}
		k := fmt.Sprint(vs, ok)
		counts[k]++
		vals[k], present[k] = vs, ok
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		for i := range paths {
			pa, pb := present[a][i], present[b][i]
			switch {
			case pa && !pb:
				return -1
			case !pa && pb:
				return 1
			}
			if c := strings.Compare(vals[a][i], vals[b][i]); c != 0 {
				return c
			}
		}
		return 0
	})
	var out [][]string
	for _, k := range keys {
		if len(out) == limit {
			break
		}
		row := make([]string, 0, len(paths)+1)
		for i := range paths {
			row = append(row, cell(vals[k][i], present[k][i]))
		}
		out = append(out, append(row, strconv.Itoa(counts[k])))
	}
	return out
}

func filter(rs []*record, keep func(*record) bool) []*record {
	var out []*record
	for _, r := range rs {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// project takes the first limit events, newest first, as rows of the given cells.
func project(rs []*record, limit int, cells func(*record) []string) [][]string {
	newestFirst(rs)
	var out [][]string
	for i, r := range rs {
		if i == limit {
			break
		}
		out = append(out, cells(r))
	}
	return out
}

const tsLayout = "2006-01-02 15:04:05"

// Expected returns the rows the library query in file (a queries/insights base name) returns
// over records; known is false when the oracle does not know the query.
func Expected(file string, records [][]byte) (rows [][]string, known bool, err error) {
	rs, err := decode(records)
	if err != nil {
		return nil, false, err
	}
	rows, known = expected(file, rs)
	if rows == nil {
		rows = [][]string{}
	}
	return rows, known, nil
}

func expected(file string, rs []*record) ([][]string, bool) {
	source := func(s string) func(*record) bool { return func(r *record) bool { return r.is("eventSource", s) } }
	switch strings.TrimSuffix(file, ".cwli") {
	case "01-recent-events":
		return project(rs, 2, func(r *record) []string { return []string{r.time.Format(tsLayout), string(r.raw)} }), true
	case "02-breakout-fields":
		return project(rs, 2, func(r *record) []string {
			return []string{r.time.Format(tsLayout), r.cell("awsRegion"), r.cell("eventCategory"), r.cell("eventSource"),
				r.cell("eventName"), r.cell("eventType"), r.cell("sourceIPAddress"), r.cell("userIdentity.type")}
		}), true
	case "03-ec2-launched-instances":
		return project(filter(rs, func(r *record) bool { return r.is("eventName", "RunInstances") }), 2, func(r *record) []string {
			return []string{r.cell("eventTime"), r.cell("eventName"), r.cell("responseElements.instancesSet.items.0.instanceId"),
				r.cell("userIdentity.sessionContext.sessionIssuer.type"), r.cell("userIdentity.type"),
				r.cell("userIdentity.sessionContext.sessionIssuer.userName")}
		}), true
	case "04-console-logins":
		return project(filter(rs, func(r *record) bool { return r.is("eventName", "ConsoleLogin") }), 10, func(r *record) []string {
			return []string{r.cell("eventTime"), r.cell("eventName"), r.cell("responseElements.ConsoleLogin"),
				r.cell("userIdentity.arn"), r.cell("userIdentity.type")}
		}), true
	case "05-failed-console-logins":
		return project(filter(rs, func(r *record) bool {
			return r.is("eventName", "ConsoleLogin") && r.is("responseElements.ConsoleLogin", "Failure")
		}), 10, func(r *record) []string {
			return []string{r.cell("eventTime"), r.cell("eventName"), r.cell("responseElements.ConsoleLogin"),
				r.cell("userIdentity.userName"), r.cell("userIdentity.type"), r.cell("sourceIPAddress"), r.cell("errorMessage")}
		}), true
	case "06-s3-put-object":
		return project(filter(rs, func(r *record) bool {
			return r.is("eventName", "PutObject") && r.is("requestParameters.bucketName", "target-s3-bucket")
		}), 2, func(r *record) []string {
			return []string{r.time.Format(tsLayout), r.cell("eventName"), r.cell("requestParameters.bucketName"),
				r.cell("requestParameters.key"), r.cell("userIdentity.sessionContext.sessionIssuer.userName")}
		}), true
	case "07-s3-activity":
		return group(filter(rs, source("s3.amazonaws.com")), []string{"eventName", "requestParameters.bucketName", "requestParameters.key"}, 5), true
	case "08-kms-decrypt-users":
		return group(filter(rs, func(r *record) bool { return r.is("eventSource", "kms.amazonaws.com") && r.is("eventName", "Decrypt") }),
			[]string{"resources.0.ARN", "userIdentity.sessionContext.sessionIssuer.userName"}, 2), true
	case "09-errors-by-api":
		return group(filter(rs, func(r *record) bool { _, ok := r.get("errorCode"); return ok }),
			[]string{"eventSource", "eventName", "errorCode"}, 5), true
	case "10-s3-error-codes":
		return group(filter(rs, func(r *record) bool {
			_, ok := r.get("errorCode")
			return ok && r.is("eventSource", "s3.amazonaws.com")
		}),
			[]string{"errorCode", "errorMessage"}, 5), true
	case "11-access-denied":
		return group(filter(rs, func(r *record) bool {
			return r.is("errorCode", "AccessDenied") || r.is("errorCode", "UnauthorizedOperation")
		}), []string{"errorCode", "eventSource", "eventName", "userIdentity.type", "userIdentity.invokedBy"}, 10), true
	case "12-kms-hourly-decrypts":
		hours := map[time.Time]int{}
		for _, r := range rs {
			if r.is("eventSource", "kms.amazonaws.com") && r.is("eventName", "Decrypt") {
				hours[r.time.Truncate(time.Hour)]++
			}
		}
		var ts []time.Time
		for h := range hours {
			ts = append(ts, h)
		}
		slices.SortFunc(ts, func(a, b time.Time) int { return b.Compare(a) })
		var out [][]string
		for _, h := range ts {
			out = append(out, []string{h.Format(tsLayout), strconv.Itoa(hours[h])})
		}
		return out, true
	}
	return nil, false
}

// Diff compares result rows, cell by cell; cells holding JSON objects are compared as JSON.
// It returns "" when they are the same, else a description.
func Diff(got, want [][]string) string {
	same := len(got) == len(want)
	for i := 0; same && i < len(got); i++ {
		same = len(got[i]) == len(want[i])
		for j := 0; same && j < len(got[i]); j++ {
			same = canonical(got[i][j]) == canonical(want[i][j])
		}
	}
	if same {
		return ""
	}
	return fmt.Sprintf(" got %d rows:\n%s\nwant %d rows:\n%s", len(got), join(got), len(want), join(want))
}

func canonical(cell string) string {
	if !strings.HasPrefix(cell, "{") {
		return cell
	}
	var v any
	if json.Unmarshal([]byte(cell), &v) != nil {
		return cell
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func join(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, " | "))
		b.WriteByte('\n')
	}
	return b.String()
}
