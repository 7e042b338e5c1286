// Package queries is ctlake's read-only library of sample queries: the twelve CloudTrail
// analyses of seed 002 and the Lake-style security questions. A query names its event data
// store as $EDS_ID, as AWS's CloudTrail Lake samples do.
package queries

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed sql/*.sql
var files embed.FS

// Placeholder stands for the event data store in a library query.
const Placeholder = "$EDS_ID"

// Query is one library query.
type Query struct {
	Name  string // file name without extension, e.g. "07-s3-activity"
	Title string // the first comment line
	Lang  string // "sql"
	Text  string
}

// ForStore returns the statement with the placeholder replaced by a store id or name.
func (q Query) ForStore(ref string) string { return strings.ReplaceAll(q.Text, Placeholder, ref) }

// All returns the library, ordered by name.
func All() []Query {
	var out []Query
	fs.WalkDir(files, "sql", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(b)
		title, _, _ := strings.Cut(text, "\n")
		out = append(out, Query{
			Name:  strings.TrimSuffix(path.Base(p), path.Ext(p)),
			Title: strings.TrimSpace(strings.TrimPrefix(title, "--")),
			Lang:  strings.TrimPrefix(path.Ext(p), "."),
			Text:  text,
		})
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
