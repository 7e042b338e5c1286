package ingest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// listFiles expands paths (files and folders, recursively, including the trail layout
// AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/) into a sorted list of regular files, and
// counts the folders that hold them (CloudTrail's "prefixes"). Hidden files and the digest
// files CloudTrail writes beside trail logs are skipped.
func listFiles(paths []string) (files []string, prefixes int, err error) {
	seen := map[string]bool{}
	dirs := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
			dirs[filepath.Dir(p)] = true
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, 0, fmt.Errorf("%w: %v", ErrBadPath, err)
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if p != root && (strings.HasPrefix(name, ".") || name == "CloudTrail-Digest") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || !d.Type().IsRegular() {
				return nil
			}
			add(p)
			return nil
		})
		if err != nil {
			return nil, 0, fmt.Errorf("%w: %v", ErrBadPath, err)
		}
	}
	sort.Strings(files)
	return files, len(dirs), nil
}
