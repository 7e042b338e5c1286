package cwli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ctlake/ctlake/engine/cwli/internal/cwlitest"
)

// The shipped Logs Insights library, queries/insights: the twelve queries of seed 002 under the
// base names of queries/sql. testdata/seeds.txt holds each one's expected results over the
// fixture; TestLibraryQueries checks that the script and the files say the same, and, when the
// Invictus CloudTrail sample is present, runs them over it against an independent Go oracle.

const (
	libraryDir  = "../../queries/insights"
	invictusDir = "/work/shared/data/invictus-sigma-aws/CloudTrail"
)

func libraryFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(libraryDir, "*.cwli"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 12 {
		t.Fatalf("queries/insights has %d queries, want the 12 of seed 002", len(files))
	}
	for _, f := range files {
		sql := filepath.Join("../../queries/sql", strings.TrimSuffix(filepath.Base(f), ".cwli")+".sql")
		if _, err := os.Stat(sql); err != nil {
			t.Errorf("%s has no SQL twin: %v", f, err)
		}
	}
	return files
}

func TestSeedScript(t *testing.T) { runScript(t, "seeds.txt") }

func TestLibraryQueries(t *testing.T) {
	cases, err := cwlitest.ReadScript("testdata/seeds.txt")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*cwlitest.Case{}
	for _, c := range cases {
		byName[c.Name] = c
	}
	for _, f := range libraryFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		name := strings.TrimSuffix(filepath.Base(f), ".cwli")
		if title, _, _ := strings.Cut(text, "\n"); !strings.HasPrefix(title, "#") || len(strings.TrimSpace(title)) < 2 {
			t.Errorf("%s: the first line must be a # title, got %q", f, title)
		}
		q, err := Parse(text)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		checkRoundTrip(t, q)
		if _, _, err := Translate(q, `"my-store"`); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		c := byName[name]
		if c == nil {
			t.Errorf("testdata/seeds.txt has no case %s", name)
		} else if strings.TrimSpace(c.Query) != strings.TrimSpace(text) {
			t.Errorf("testdata/seeds.txt case %s differs from %s", name, f)
		}
	}
}

// TestLibraryOnInvictus runs the library over the Invictus sample (2,900 events), loaded into
// the Lake columns by DuckDB from the raw files (read_json, one row per record, the record's
// JSON text as eventJson), and compares with the oracle, computed from the same files in Go.
func TestLibraryOnInvictus(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	files, _ := filepath.Glob(filepath.Join(invictusDir, "*.json"))
	if len(files) == 0 {
		t.Skip("no Invictus data under " + invictusDir)
	}
	src := "SELECT CAST(r AS VARCHAR) AS j FROM (SELECT unnest(Records) AS r FROM read_json(" +
		sqlString(filepath.Join(invictusDir, "*.json")) + ", columns = {Records: 'JSON[]'}))"
	db, err := newLakeDB("invictus", src)
	if err != nil {
		t.Fatal(err)
	}
	defer db.close()
	var raw [][]byte
	for _, f := range files {
		recs, err := cwlitest.ReadRecords(f)
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, recs...)
	}
	if _, n, err := db.run("SELECT count(*) FROM " + db.table); err != nil || n[0][0] != strconv.Itoa(len(raw)) {
		t.Fatalf("loaded %v events (%v), the files hold %d", n, err, len(raw))
	}
	for _, f := range libraryFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, _ := os.ReadFile(f)
			q, err := Parse(string(b))
			if err != nil {
				t.Fatal(err)
			}
			stmt, _, err := Translate(q, db.table)
			if err != nil {
				t.Fatal(err)
			}
			_, got, err := db.run(stmt)
			if err != nil {
				t.Fatalf("%v\nSQL: %s", err, stmt)
			}
			want, known, err := cwlitest.Expected(filepath.Base(f), raw)
			if err != nil || !known {
				t.Fatalf("oracle: known %v, %v", known, err)
			}
			if d := cwlitest.Diff(got, want); d != "" {
				t.Errorf("%s\nSQL: %s", d, stmt)
			}
			t.Logf("%d rows", len(got))
		})
	}
}
