package main

import (
	"fmt"
	"testing"

	"github.com/ctlake/ctlake/store"
)

// TestFailuresToShow: every bad file is shown before a second failure of any file, files in
// path order, each file's failures in the order found, whatever order the files finished in.
func TestFailuresToShow(t *testing.T) {
	var failures []store.ImportFailure
	add := func(loc string) { failures = append(failures, store.ImportFailure{Location: loc}) }
	for i := range 30 { // a file with many bad records, finished first
		add(fmt.Sprintf("/d/z.jsonl:%d (record %d)", i+1, i))
	}
	add("/d/b.json.gz")            // a file-level failure
	add("/d/a:1.json (record 3)")  // a record without a line, a ':' in the name
	add("/d/a:1.json (record 7)")  // its second
	add("/d/c.json:12 (record 4)") // one more file
	var got []string
	for _, f := range failuresToShow(failures, 6) {
		got = append(got, f.Location)
	}
	want := []string{"/d/a:1.json (record 3)", "/d/b.json.gz", "/d/c.json:12 (record 4)", "/d/z.jsonl:1 (record 0)",
		"/d/a:1.json (record 7)", "/d/z.jsonl:2 (record 1)"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("shown:\n%v\nwant\n%v", got, want)
	}
	if n := len(failuresToShow(failures[:2], 20)); n != 2 {
		t.Fatalf("%d of 2 shown", n)
	}
}
