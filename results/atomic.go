package results

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// tempPrefix marks files being written; readers never list them, and they go with their
// query's folder when it expires.
const tempPrefix = ".tmp-"

// atomicFile is a file written under a temporary name in its final folder and renamed into
// place by Commit, so no reader and no crash ever sees it partial. (The same pattern as the
// store's: temporary name, fsync, rename, fsync the folder.)
type atomicFile struct {
	*os.File
	final string
}

// createAtomic starts a file that will become final. The temporary file has mode 0600.
func createAtomic(final string) (*atomicFile, error) {
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, tempPrefix+filepath.Base(final)+"-*")
	if err != nil {
		return nil, err
	}
	return &atomicFile{File: f, final: final}, nil
}

// Commit makes the file durable and visible under its final name.
func (a *atomicFile) Commit() error {
	if err := a.File.Sync(); err != nil {
		a.Abort()
		return err
	}
	if err := a.File.Close(); err != nil {
		os.Remove(a.File.Name())
		return err
	}
	if err := os.Rename(a.File.Name(), a.final); err != nil {
		os.Remove(a.File.Name())
		return err
	}
	return syncDir(filepath.Dir(a.final))
}

// Abort removes the temporary file; safe to call after Commit failed.
func (a *atomicFile) Abort() {
	a.File.Close()
	os.Remove(a.File.Name())
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// writeFileAtomic replaces path with data atomically and durably, with the given mode.
func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	if err := f.Chmod(mode); err != nil {
		f.Abort()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// writeJSONAtomic writes v as indented JSON atomically (mode 0644).
func writeJSONAtomic(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(data, '\n'), 0o644)
}

// readJSON reads path into v; a missing file returns an error wrapping os.ErrNotExist.
func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
	}
	return nil
}
