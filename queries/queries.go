// Package queries is ctlake's read-only library of sample queries: the twelve CloudTrail
// analyses of seed 002 in Lake SQL and in the Logs Insights language, and Lake-style security
// questions. A SQL query names its event data store as $EDS_ID, as AWS's CloudTrail Lake
// samples do; a Logs Insights query runs over the store it is given. A Logs Insights query's
// name ends in "-insights".
package queries

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed sql/*.sql insights/*.cwli
var files embed.FS

// Placeholder stands for the event data store in a library query.
const Placeholder = "$EDS_ID"

// Query is one library query.
type Query struct {
	Name  string // file name without extension, e.g. "07-s3-activity" ("07-s3-activity-insights")
	Title string // the first comment line
	Lang  string // "sql" or "insights"
	Text  string
}

// ForStore returns the statement with the placeholder replaced by a store id or name.
func (q Query) ForStore(ref string) string { return strings.ReplaceAll(q.Text, Placeholder, ref) }

// All returns the library, ordered by name.
func All() []Query {
	var out []Query
	fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(b)
		title, _, _ := strings.Cut(text, "\n")
		q := Query{
			Name:  strings.TrimSuffix(path.Base(p), path.Ext(p)),
			Title: strings.TrimSpace(strings.TrimLeft(title, "-#")),
			Lang:  "sql",
			Text:  text,
		}
		if path.Ext(p) == ".cwli" {
			q.Name, q.Lang = q.Name+"-insights", "insights"
		}
		out = append(out, q)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Get returns the library query with the given name.
func Get(name string) (Query, bool) {
	for _, q := range All() {
		if q.Name == name {
			return q, true
		}
	}
	return Query{}, false
}
