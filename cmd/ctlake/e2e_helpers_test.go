package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ctlake/ctlake/testdata/gen"
)

// binPath is the ctlake binary the end-to-end tests run, built once by TestMain.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ctlake-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binPath = filepath.Join(dir, "ctlake")
	build := exec.Command("go", "build", "-o", binPath, ".")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build ctlake:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cli runs ctlake with its own home folder.
type cli struct {
	t    *testing.T
	home string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, home: t.TempDir()}
}

type result struct {
	stdout, stderr string
	code           int
}

func (c *cli) run(args ...string) result {
	c.t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Env = append(os.Environ(), "CTLAKE_HOME="+c.home)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatalf("ctlake %v: %v", args, err)
	}
	return result{out.String(), errb.String(), code}
}

// ok runs ctlake and fails the test unless it exits 0.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	r := c.run(args...)
	if r.code != 0 {
		c.t.Fatalf("ctlake %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// fails runs ctlake, wants a non-zero exit and stderr containing every want.
func (c *cli) fails(wants []string, args ...string) result {
	c.t.Helper()
	r := c.run(args...)
	if r.code == 0 {
		c.t.Fatalf("ctlake %s: succeeded, want failure\n%s", strings.Join(args, " "), r.stdout)
	}
	for _, w := range wants {
		if !strings.Contains(r.stderr, w) {
			c.t.Errorf("ctlake %s: stderr lacks %q:\n%s", strings.Join(args, " "), w, r.stderr)
		}
	}
	return r
}

// jsonOut runs ctlake and decodes its stdout as JSON into v.
func (c *cli) jsonOut(v any, args ...string) {
	c.t.Helper()
	out := c.ok(args...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		c.t.Fatalf("ctlake %s: output is not JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// rows runs a query with --output json and returns its rows.
func (c *cli) rows(stmt string, extra ...string) []map[string]any {
	c.t.Helper()
	var rows []map[string]any
	c.jsonOut(&rows, append([]string{"query", "--output", "json"}, append(extra, stmt)...)...)
	return rows
}

// rows2 runs any ctlake command that prints query results, with --output json.
func (c *cli) rows2(args ...string) []map[string]any {
	c.t.Helper()
	var rows []map[string]any
	c.jsonOut(&rows, append(args, "--output", "json")...)
	return rows
}

// count runs a query whose single row has a column n.
func (c *cli) count(stmt string) int64 {
	c.t.Helper()
	rows := c.rows(stmt)
	if len(rows) != 1 {
		c.t.Fatalf("%s: %d rows", stmt, len(rows))
	}
	n, ok := rows[0]["n"].(float64)
	if !ok {
		c.t.Fatalf("%s: n = %#v", stmt, rows[0]["n"])
	}
	return int64(n)
}

// allSelectors keep every event the generator writes (and the management and data events of
// the shared data sets).
const allSelectors = gen.Selectors

// genEvents writes n generated events (recent: the last 7 days) and returns the folder.
func (c *cli) genEvents(n int, seed int) string {
	c.t.Helper()
	dir := filepath.Join(c.t.TempDir(), "trail")
	start := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -7).Format("2006-01-02")
	c.ok("gen", "--events", fmt.Sprint(n), "--out", dir, "--seed", fmt.Sprint(seed), "--start", start, "--days", "7")
	return dir
}

// sharedData returns ../shared/data beside the checkout, or skips.
func sharedData(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "data"))
	if err == nil {
		if _, err = os.Stat(dir); err == nil {
			return dir
		}
	}
	t.Skip("../shared/data is not here; the shared-data checks need it")
	return ""
}

// importStats decodes the summary line of an ingest.
func importID(t *testing.T, out string) string {
	t.Helper()
	f := strings.Fields(out)
	if len(f) < 2 || f[0] != "import" {
		t.Fatalf("no import summary in %q", out)
	}
	return f[1]
}
