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
// AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/) into a list of regular files in delivery
// order (see deliveryOrder), and counts the folders that hold them (CloudTrail's "prefixes").
// Hidden files and the digest files CloudTrail writes beside trail logs are skipped.
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
	deliveryOrder(files)
	return files, len(dirs), nil
}

// deliveryOrder sorts files by the delivery time in a trail file's name
// (<account>_CloudTrail_<region>_YYYYMMDDTHHmmZ_<id>.json.gz), then by path; files without one
// come first, in path order. Path order alone puts the region before the day, so every
// batch of an ingest would hold events of all the days and write a small file for each;
// in delivery order a batch holds a day or two (1M generated events over 7 days, in batches
// of 50,000, make 26 files: 20 batches, 6 of them across midnight).
func deliveryOrder(files []string) {
	keys := make(map[string]string, len(files))
	for _, f := range files {
		keys[f] = deliveryStamp(filepath.Base(f))
	}
	sort.Slice(files, func(i, j int) bool {
		ki, kj := keys[files[i]], keys[files[j]]
		if ki != kj {
			return ki < kj
		}
		return files[i] < files[j]
	})
}

// deliveryStamp returns the YYYYMMDDTHHmmZ part of a trail file name, or "".
func deliveryStamp(name string) string {
	_, rest, ok := strings.Cut(name, "_CloudTrail_")
	if !ok {
		return ""
	}
	for part := range strings.SplitSeq(rest, "_") {
		if isStamp(part) {
			return part
		}
	}
	return ""
}

// isStamp reports whether s is YYYYMMDDTHHmmZ.
func isStamp(s string) bool {
	if len(s) != 14 || s[8] != 'T' || s[13] != 'Z' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 8 && i != 13 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
