package cwlitest

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// The script format (see engine/cwli/script_test.go for what each section means):
//
//	# comment
//	=== case name
//	query lines …
//	--- kind [args…]
//	body lines …

// Case is one case of a script.
type Case struct {
	Name     string
	File     string
	Line     int
	Query    string
	Sections []*Section
}

// Section is one "--- kind args…" block of a case.
type Section struct {
	Kind string
	Args []string
	Body []string
	Line int
}

// Section returns the case's first section of a kind, or nil.
func (c *Case) Section(kind string) *Section {
	for _, s := range c.Sections {
		if s.Kind == kind {
			return s
		}
	}
	return nil
}

// ReadScript reads a script file. Lines starting with '#' and blank lines are comments, except
// inside a query, which runs from the "===" line to the first "---" line verbatim.
func ReadScript(path string) ([]*Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []*Case
	var cur *Case
	var sec *Section
	var query []string
	endQuery := func() {
		if cur != nil && sec == nil {
			cur.Query = strings.Join(query, "\n")
		}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "=== "):
			endQuery()
			cur = &Case{Name: strings.TrimSpace(line[4:]), File: path, Line: n}
			cases = append(cases, cur)
			sec, query = nil, nil
		case cur == nil:
			if strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#") {
				return nil, fmt.Errorf("%s:%d: text before the first case", path, n)
			}
		case strings.HasPrefix(line, "--- "):
			endQuery()
			fields := strings.Fields(line[4:])
			if len(fields) == 0 {
				return nil, fmt.Errorf("%s:%d: section without a kind", path, n)
			}
			sec = &Section{Kind: fields[0], Args: fields[1:], Line: n}
			cur.Sections = append(cur.Sections, sec)
		case sec == nil:
			query = append(query, line)
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
		default:
			sec.Body = append(sec.Body, line)
		}
	}
	endQuery()
	return cases, sc.Err()
}
