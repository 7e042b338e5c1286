package results

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/ctlake/ctlake/internal/atomicfile"
)

// location is a delivery destination or a delivered folder: s3://bucket/key-prefix, or a
// local folder (file:///abs/dir, file://localhost/abs/dir, or a plain path).
type location struct {
	scheme string // "s3" or "file"
	bucket string // s3
	key    string // s3: key prefix without leading or trailing "/"; file: absolute folder
}

// bucketRe is DeliveryS3Uri's bucket part in CloudTrail's API model.
var bucketRe = regexp.MustCompile(`^[a-z0-9][.\-a-z0-9]{1,61}[a-z0-9]$`)

// parseLocation parses a destination URI. Errors wrap ErrInvalidParameter.
func parseLocation(uri string) (*location, error) {
	if !strings.Contains(uri, "://") {
		if uri == "" {
			return nil, fmt.Errorf("%w: empty location", ErrInvalidParameter)
		}
		abs, err := filepath.Abs(uri)
		if err != nil {
			return nil, fmt.Errorf("%w: %q: %v", ErrInvalidParameter, uri, err)
		}
		return &location{scheme: "file", key: abs}, nil
	}
	u, err := url.Parse(uri)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrInvalidParameter, uri, err)
	}
	switch u.Scheme {
	case "s3":
		if !bucketRe.MatchString(u.Host) || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("%w: %q is not s3://bucket/prefix (bucket names: 3-63 of a-z 0-9 . -)", ErrInvalidParameter, uri)
		}
		key := strings.Trim(u.Path, "/")
		if strings.Contains("/"+key+"/", "/../") || strings.Contains("/"+key+"/", "/./") || strings.Contains(u.Path, "//") {
			return nil, fmt.Errorf("%w: %q: the prefix has empty, . or .. parts", ErrInvalidParameter, uri)
		}
		return &location{scheme: "s3", bucket: u.Host, key: key}, nil
	case "file":
		if (u.Host != "" && u.Host != "localhost") || u.Path == "" || !path.IsAbs(u.Path) || u.RawQuery != "" {
			return nil, fmt.Errorf("%w: %q is not file:///absolute/folder", ErrInvalidParameter, uri)
		}
		return &location{scheme: "file", key: filepath.Clean(filepath.FromSlash(u.Path))}, nil
	}
	return nil, fmt.Errorf("%w: %q: use s3://bucket/prefix or file:///folder", ErrInvalidParameter, uri)
}

// join returns the location of a subfolder.
func (l *location) join(parts ...string) *location {
	c := *l
	if l.scheme == "file" {
		c.key = filepath.Join(append([]string{l.key}, parts...)...)
		return &c
	}
	c.key = strings.Trim(path.Join(append([]string{l.key}, parts...)...), "/")
	return &c
}

func (l *location) String() string {
	if l.scheme == "file" {
		return "file://" + filepath.ToSlash(l.key)
	}
	if l.key == "" {
		return "s3://" + l.bucket
	}
	return "s3://" + l.bucket + "/" + l.key
}

// folder is one folder of a destination: the delivered <queryId> folder. Names are plain file
// names inside it.
type folder interface {
	// put writes name from r (size bytes), replacing it; readers never see it partial.
	put(ctx context.Context, name string, r io.ReadSeeker, size int64, contentType string) error
	// get opens name; a missing file gives an error wrapping os.ErrNotExist.
	get(ctx context.Context, name string) (io.ReadCloser, error)
	// list returns the names of the files directly in the folder (none when it does not exist).
	list(ctx context.Context) ([]string, error)
	remove(ctx context.Context, name string) error
	String() string
}

// openFolder opens a folder. When root (the destination given by the user) is not nil, the
// folder is for delivery: a local root must then exist, as a bucket must (it plays the
// bucket-and-prefix part; only the AWSLogs/… folders below it are created).
func openFolder(ctx context.Context, loc, root *location) (folder, error) {
	if loc.scheme == "s3" {
		return newS3Folder(ctx, loc)
	}
	if root != nil {
		fi, err := os.Stat(root.key)
		if err != nil {
			return nil, fmt.Errorf("destination %s: %w", root, err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("destination %s: %w: not a folder", root, os.ErrNotExist)
		}
	}
	return &localFolder{dir: loc.key}, nil
}

// localFolder is a folder on a local file system.
type localFolder struct{ dir string }

func (f *localFolder) String() string { return (&location{scheme: "file", key: f.dir}).String() }

func (f *localFolder) put(ctx context.Context, name string, r io.ReadSeeker, _ int64, _ string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	af, err := atomicfile.Create(filepath.Join(f.dir, name))
	if err != nil {
		return err
	}
	if err := af.Chmod(0o644); err != nil {
		af.Abort()
		return err
	}
	if _, err := io.Copy(af, r); err != nil {
		af.Abort()
		return err
	}
	return af.Commit()
}

func (f *localFolder) get(_ context.Context, name string) (io.ReadCloser, error) {
	return os.Open(filepath.Join(f.dir, name))
}

func (f *localFolder) list(context.Context) ([]string, error) {
	entries, err := os.ReadDir(f.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && !strings.HasPrefix(e.Name(), atomicfile.TempPrefix) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

func (f *localFolder) remove(_ context.Context, name string) error {
	err := os.Remove(filepath.Join(f.dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// PutFile writes data as rel (a slash path) under dest, s3://bucket/prefix or a local folder
// (which must exist), replacing the file; readers never see it partial. It returns the file's
// URI.
func PutFile(ctx context.Context, dest, rel string, data []byte, contentType string) (string, error) {
	root, err := parseLocation(dest)
	if err != nil {
		return "", err
	}
	parts := strings.Split(path.Clean("/"+rel), "/")[1:]
	loc := root.join(parts[:len(parts)-1]...)
	fold, err := openFolder(ctx, loc, root)
	if err != nil {
		return "", err
	}
	name := parts[len(parts)-1]
	if err := fold.put(ctx, name, bytes.NewReader(data), int64(len(data)), contentType); err != nil {
		return "", err
	}
	return loc.join(name).String(), nil
}
