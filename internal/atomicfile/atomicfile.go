// Package atomicfile writes files so that no reader and no crash ever sees one partial: a
// temporary name in the final folder, fsync, rename, fsync the folder. The store and the query
// results both keep their state this way.
package atomicfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// TempPrefix marks files being written: readers never list them, and owners collect stale ones.
const TempPrefix = ".tmp-"

// ErrCorrupt: a file holds no valid JSON. The store's and the results' ErrCorrupt are this.
var ErrCorrupt = errors.New("file corrupt")

// File is a file written under a temporary name in its final folder and renamed into
// place by Commit, so no reader and no crash ever sees it partial.
type File struct {
	*os.File
	final string
}

// Create starts a file that will become final. The temporary file has mode 0600.
func Create(final string) (*File, error) {
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, TempPrefix+filepath.Base(final)+"-*")
	if err != nil {
		return nil, err
	}
	return &File{File: f, final: final}, nil
}

// Commit makes the file durable and visible under its final name.
func (a *File) Commit() error {
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
	return SyncDir(filepath.Dir(a.final))
}

// Abort removes the temporary file; safe to call after Commit failed.
func (a *File) Abort() {
	a.File.Close()
	os.Remove(a.File.Name())
}

func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// WriteFile replaces path with data atomically and durably, with the given mode.
func WriteFile(path string, data []byte, mode os.FileMode) error {
	f, err := Create(path)
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

// WriteJSON writes v as indented JSON atomically (mode 0644).
func WriteJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return WriteFile(path, append(data, '\n'), 0o644)
}

// ReadJSON reads path into v; a missing file returns an error wrapping os.ErrNotExist.
func ReadJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
	}
	return nil
}
