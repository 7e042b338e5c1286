package results

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	path := filepath.Join(dir, "f.json")
	if err := writeJSONAtomic(path, map[string]int{"a": 1}); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(path, []byte("{\"a\":2}"), 0o600); err != nil {
		t.Fatal(err)
	}
	var v map[string]int
	if err := readJSON(path, &v); err != nil || v["a"] != 2 {
		t.Errorf("read back %v %v", v, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("temporary file %s left", e.Name())
		}
	}
	// Abort leaves nothing; the old content stays.
	f, err := createAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("partial"))
	f.Abort()
	if err := readJSON(path, &v); err != nil || v["a"] != 2 {
		t.Errorf("after Abort: %v %v", v, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files after Abort", len(entries))
	}
	// Errors.
	if err := readJSON(filepath.Join(dir, "none"), &v); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	os.WriteFile(path, []byte("{"), 0o644)
	if err := readJSON(path, &v); !errors.Is(err, ErrCorrupt) {
		t.Errorf("corrupt: %v", err)
	}
}

// A damaged record reads as ErrCorrupt; List skips it and Expire leaves it alone.
func TestCorruptRecord(t *testing.T) {
	s, _ := newTestStore(t)
	rec := runQuery(t, s, []string{"a"}, [][]any{{"1"}})
	os.WriteFile(filepath.Join(s.queryDir(rec.QueryID), recordFile), []byte("{"), 0o644)
	_, err := s.Describe(t.Context(), rec.QueryID)
	mustIs(t, err, ErrCorrupt)
	if err := s.Expire(t.Context()); err != nil {
		t.Error(err)
	}
	other := runQuery(t, s, []string{"a"}, [][]any{{"1"}})
	if list, err := s.List(t.Context(), ListFilter{}); err != nil || len(list) != 1 || list[0].QueryID != other.QueryID {
		t.Errorf("List with a corrupt record: %v %v", list, err)
	}
	if _, err := os.Stat(s.queryDir(rec.QueryID)); err != nil {
		t.Errorf("the corrupt record was removed: %v", err)
	}
}
