package results

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ctlake/ctlake/internal/atomicfile"
)

func TestParseLocation(t *testing.T) {
	for uri, want := range map[string]string{
		"s3://my-bucket":              "s3://my-bucket",
		"s3://my-bucket/":             "s3://my-bucket",
		"s3://my.bucket/a/b/":         "s3://my.bucket/a/b",
		"file:///tmp/x/":              "file:///tmp/x",
		"file://localhost/tmp/x":      "file:///tmp/x",
		"/abs/folder":                 "file:///abs/folder",
		"s3://b-1/AWSLogs/1/x/y/z.id": "s3://b-1/AWSLogs/1/x/y/z.id",
	} {
		loc, err := parseLocation(uri)
		if err != nil || loc.String() != want {
			t.Errorf("parseLocation(%q) = %v %v, want %s", uri, loc, err, want)
		}
	}
	for _, uri := range []string{"", "s3://", "s3://a", "s3://-bad/x", "s3://b@bucket/x", "s3://bucket/x?y=1", "file://", "file://other/x", "http://x/y", "s3://bucket//x"} {
		if _, err := parseLocation(uri); !errors.Is(err, ErrInvalidParameter) {
			t.Errorf("parseLocation(%q): %v, want ErrInvalidParameter", uri, err)
		}
	}
}

func TestLocalFolder(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "a", "b")
	f := &localFolder{dir: dir}
	if names, err := f.list(ctx); err != nil || len(names) != 0 {
		t.Errorf("list of a missing folder: %v %v", names, err)
	}
	if err := f.put(ctx, "x.csv.gz", strings.NewReader("data"), 4, csvContentType); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, atomicfile.TempPrefix+"partial"), nil, 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	if names, _ := f.list(ctx); !slices.Equal(names, []string{"x.csv.gz"}) {
		t.Errorf("list %v: temporary files and folders are not files of the folder", names)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "x.csv.gz")); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	rc, err := f.get(ctx, "x.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "data" {
		t.Errorf("read back %q", b)
	}
	if _, err := f.get(ctx, "none"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("get of a missing file: %v", err)
	}
	if err := f.remove(ctx, "x.csv.gz"); err != nil {
		t.Fatal(err)
	}
	if err := f.remove(ctx, "x.csv.gz"); err != nil {
		t.Errorf("removing twice: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := f.put(cctx, "y", strings.NewReader(""), 0, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("put with a cancelled context: %v", err)
	}
}

func TestLocationJoin(t *testing.T) {
	s3loc, _ := parseLocation("s3://bucket-1")
	if got := s3loc.join("AWSLogs", "1").String(); got != "s3://bucket-1/AWSLogs/1" {
		t.Errorf("join at the bucket root: %s", got)
	}
	s3loc, _ = parseLocation("s3://bucket-1/p/q/")
	if got := s3loc.join("AWSLogs").String(); got != "s3://bucket-1/p/q/AWSLogs" {
		t.Errorf("join under a prefix: %s", got)
	}
	fl, _ := parseLocation("file:///tmp/x")
	if got := fl.join("AWSLogs").String(); got != "file:///tmp/x/AWSLogs" {
		t.Errorf("join of a folder: %s", got)
	}
}
