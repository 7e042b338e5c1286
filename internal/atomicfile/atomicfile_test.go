package atomicfile

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
	if err := WriteJSON(path, map[string]int{"a": 1}); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("{\"a\":2}"), 0o600); err != nil {
		t.Fatal(err)
	}
	var v map[string]int
	if err := ReadJSON(path, &v); err != nil || v["a"] != 2 {
		t.Errorf("read back %v %v", v, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), TempPrefix) {
			t.Errorf("temporary file %s left", e.Name())
		}
	}
	// Abort leaves nothing; the old content stays.
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("partial"))
	f.Abort()
	if err := ReadJSON(path, &v); err != nil || v["a"] != 2 {
		t.Errorf("after Abort: %v %v", v, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files after Abort", len(entries))
	}
	// Errors.
	if err := ReadJSON(filepath.Join(dir, "none"), &v); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	os.WriteFile(path, []byte("{"), 0o644)
	if err := ReadJSON(path, &v); !errors.Is(err, ErrCorrupt) {
		t.Errorf("corrupt: %v", err)
	}
}
