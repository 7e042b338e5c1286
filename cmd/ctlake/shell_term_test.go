package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestShellHistory(t *testing.T) {
	h := shellHistory{path: filepath.Join(t.TempDir(), shellHistoryFile), keep: 3}
	if got, err := h.load(); err != nil || got != nil {
		t.Fatalf("no file yet: %q %v", got, err)
	}
	for _, e := range []string{"SELECT 1;", "", "SELECT 'a\nb';", `\eds`} {
		if err := h.append(e); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := h.load(); !slices.Equal(got, []string{"SELECT 1;", `\eds`}) {
		t.Errorf("load %q", got)
	}
	if fi, err := os.Stat(h.path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode: %v %v", fi.Mode(), err)
	}
	for i := range 5 {
		h.append(fmt.Sprintf("SELECT %d;", i+2))
	}
	// 7 entries: past twice the 3 kept, the file is cut back to the last 3.
	if got, _ := h.load(); !slices.Equal(got, []string{"SELECT 4;", "SELECT 5;", "SELECT 6;"}) {
		t.Errorf("load %q", got)
	}
	if b, _ := os.ReadFile(h.path); strings.Count(string(b), "\n") != 3 {
		t.Errorf("file after the cut:\n%s", b)
	}
	// A long entry reads back.
	long := "SELECT '" + strings.Repeat("x", 9000) + "';"
	h.append(long)
	if got, _ := h.load(); len(got) != 3 || got[2] != long {
		t.Errorf("long entry lost")
	}
}

// TestShellLinerComplete checks the glue between liner's (line, rune position) and
// shellComplete's byte offsets, with the pending statement in front.
func TestShellLinerComplete(t *testing.T) {
	ts := newTestShell(t, shellOptions{})
	r := &linerReader{sh: ts.shell}
	line := "SELECT 'é', userIdentity.sess FROM tr"
	pos := len([]rune("SELECT 'é', userIdentity.sess"))
	head, cands, tail := r.complete(line, pos)
	if head != "SELECT 'é', " || !slices.Equal(cands, []string{"userIdentity.sessionContext."}) || tail != " FROM tr" {
		t.Errorf("got %q %q %q", head, cands, tail)
	}
	head, cands, tail = r.complete(line, len([]rune(line)))
	if head != "SELECT 'é', userIdentity.sess FROM " || !slices.Equal(cands, []string{"trail"}) || tail != "" {
		t.Errorf("got %q %q %q", head, cands, tail)
	}
	ts.in.feed("SELECT *")
	if head, cands, _ := r.complete("FROM t", 6); head != "FROM " || !slices.Equal(cands, []string{"trail"}) {
		t.Errorf("after a pending line: %q %q", head, cands)
	}
	if _, cands, _ := r.complete("x", 99); cands != nil {
		t.Errorf("past the end: %q", cands)
	}
}
