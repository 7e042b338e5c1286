package anomaly

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/ctlake/ctlake/ingest"
)

// Trail files are read and written in the layout a trail delivers to S3, the one gen.Generate
// writes:
//
//	AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<suffix>.json.gz

// trailFile is one log file found under a trail folder.
type trailFile struct {
	path            string
	account, region string
	stamp           time.Time // the delivery window in the name
}

const stampLayout = "20060102T1504Z"

// listTrail returns the trail files under dir, sorted by path so that every pass over them
// sees the same order. Files whose name is not in the trail layout are an error: they would
// be ingested but not profiled, and the profile would be wrong.
func listTrail(dir string) ([]trailFile, error) {
	var files []trailFile
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		f, err := parseTrailName(p)
		if err != nil {
			return err
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list trail %s: %w", dir, err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, nil
}

func parseTrailName(p string) (trailFile, error) {
	name, ok := strings.CutSuffix(filepath.Base(p), ".json.gz")
	parts := strings.Split(name, "_")
	if !ok || len(parts) != 5 || parts[1] != "CloudTrail" {
		return trailFile{}, fmt.Errorf("%s: not a trail log file name", p)
	}
	stamp, err := time.Parse(stampLayout, parts[3])
	if err != nil {
		return trailFile{}, fmt.Errorf("%s: delivery time: %w", p, err)
	}
	return trailFile{path: p, account: parts[0], region: parts[2], stamp: stamp}, nil
}

// trailPath returns where a trail delivers the file of account and region for the window
// starting at stamp, with the given 16-character suffix.
func trailPath(dir, account, region string, stamp time.Time, suffix string) string {
	stamp = stamp.UTC()
	return filepath.Join(dir, "AWSLogs", account, "CloudTrail", region, stamp.Format("2006"), stamp.Format("01"),
		stamp.Format("02"), fmt.Sprintf("%s_CloudTrail_%s_%s_%s.json.gz", account, region, stamp.Format(stampLayout), suffix))
}

// readRecords calls fn with the raw JSON of each record of a trail file, in file order. raw is
// valid during the call only. A malformed record fails the read: generated files have none.
func readRecords(ctx context.Context, path string, fn func(raw []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	err = ingest.Decode(ctx, path, f, func(r ingest.Record) error { return fn(r.Raw) }, nil)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// writeTrailFile writes {"Records":[…]} to path, gzipped, through a temporary file and a
// rename so that a reader (or a rerun after a crash) never sees half a file.
func writeTrailFile(path string, records [][]byte) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create folder for %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create temporary file for %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	zw, _ := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	if _, err := zw.Write([]byte(`{"Records":[`)); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	for i, r := range records {
		if i > 0 {
			if _, err := zw.Write([]byte{','}); err != nil {
				return fmt.Errorf("write %s: %w", path, err)
			}
		}
		if _, err := zw.Write(r); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if _, err := zw.Write([]byte(`]}`)); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("rename to %s: %w", path, err)
	}
	return nil
}
