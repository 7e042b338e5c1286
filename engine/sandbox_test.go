package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/ctlake/ctlake/store"
)

// corpusCase is one statement of a testdata corpus (format in the files' headers).
type corpusCase struct {
	name string
	sql  string
	rows int // -1 when the case does not say
	line int // of the case's first line in the file
}

func loadCorpus(tb testing.TB, file string) []corpusCase {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		tb.Fatal(err)
	}
	var cases []corpusCase
	cur := corpusCase{rows: -1, line: 1}
	var body []string
	flush := func() {
		if s := strings.TrimSpace(strings.Join(body, "\n")); s != "" {
			cur.sql = s
			if cur.name == "" {
				cur.name = fmt.Sprintf("line%d", cur.line)
			}
			cases = append(cases, cur)
		}
	}
	for i, l := range strings.Split(string(data), "\n") {
		switch {
		case l == "----":
			flush()
			cur, body = corpusCase{rows: -1, line: i + 2}, nil
		case strings.HasPrefix(l, "#"):
			c := strings.TrimSpace(strings.TrimPrefix(l, "#"))
			if n, ok := strings.CutPrefix(c, "rows:"); ok {
				v, err := strconv.Atoi(strings.TrimSpace(n))
				if err != nil {
					tb.Fatalf("%s:%d: %v", file, i+1, err)
				}
				cur.rows = v
			} else if cur.name == "" && len(body) == 0 {
				cur.name = c
			}
		default:
			body = append(body, l)
		}
	}
	flush()
	return cases
}

func escapeCorpus(tb testing.TB) []corpusCase  { return loadCorpus(tb, "escape.txt") }
func allowedCorpus(tb testing.TB) []corpusCase { return loadCorpus(tb, "allowed.txt") }

// listing records every file and directory under the dirs, with size and modification time.
func listing(t *testing.T, dirs ...string) string {
	t.Helper()
	var lines []string
	for _, d := range dirs {
		err := filepath.WalkDir(d, func(p string, de fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			info, err := de.Info()
			if err != nil {
				return err
			}
			lines = append(lines, fmt.Sprintf("%s %d %s", p, info.Size(), info.ModTime().Format("15:04:05.000000000")))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestEscapeCorpus(t *testing.T) {
	e, fx := openTest(t, Config{})
	outside := t.TempDir()
	file := filepath.Join(fx.root, trailID, "eventday=2024-01-01", "part-1.parquet")
	pkgDir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	cases := escapeCorpus(t)
	if len(cases) < 40 {
		t.Fatalf("escape corpus has %d cases, want at least 40", len(cases))
	}
	before := listing(t, fx.root, outside, pkgDir, e.cfg.TempDir)
	r := strings.NewReplacer("{root}", fx.root, "{file}", file, "{outside}", outside)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stmt := r.Replace(c.sql)
			refused := func(err error) bool {
				return errors.Is(err, ErrInvalidQuery) || errors.Is(err, store.ErrNotFound)
			}
			// The first wall alone refuses it: Translate runs nothing.
			if _, err := e.Translate(context.Background(), stmt); !refused(err) {
				t.Errorf("escape.txt:%d: Translate(%q) = %v, want ErrInvalidQuery or ErrNotFound", c.line, stmt, err)
			}
			_, rows, _, err := queryAll(t, e, stmt)
			if !refused(err) {
				t.Errorf("escape.txt:%d: Query(%q) = %v rows, %v; want ErrInvalidQuery or ErrNotFound", c.line, stmt, rows, err)
			}
		})
	}
	if after := listing(t, fx.root, outside, pkgDir, e.cfg.TempDir); after != before {
		t.Errorf("files changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func TestAllowedCorpus(t *testing.T) {
	e, _ := openTest(t, Config{})
	for _, c := range allowedCorpus(t) {
		t.Run(c.name, func(t *testing.T) {
			_, rows, _, err := queryAll(t, e, c.sql)
			if err != nil {
				t.Fatalf("allowed.txt:%d: %v\n%s", c.line, err, c.sql)
			}
			if c.rows >= 0 && len(rows) != c.rows {
				t.Errorf("allowed.txt:%d: %d rows, want %d: %v", c.line, len(rows), c.rows, rows)
			}
		})
	}
}

// TestSecondWall checks DuckDB's own settings directly on an engine connection, bypassing the
// first wall: files outside the root stay unreadable, settings stay locked, and the store's
// Parquet files remain readable.
func TestSecondWall(t *testing.T) {
	e, fx := openTest(t, Config{})
	ctx := context.Background()
	conn, err := e.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	outside := t.TempDir()
	for _, stmt := range []string{
		"SELECT * FROM read_csv('/etc/passwd')",
		"SELECT * FROM read_text('/etc/passwd')",
		"SELECT * FROM '/etc/passwd'",
		"SELECT * FROM glob('/etc/*')",
		"COPY (SELECT 1) TO '" + filepath.Join(outside, "x.csv") + "'",
		"ATTACH '" + filepath.Join(outside, "x.duckdb") + "'",
		"INSTALL httpfs",
		"LOAD httpfs",
		"SET enable_external_access = true",
		"SET allowed_directories = ['/']",
		"SET lock_configuration = false",
		"RESET lock_configuration",
		"SET threads = 1",
		"SELECT getenv('HOME')",
	} {
		if _, err := conn.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s: succeeded on the engine's connection", stmt)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("files written outside the root: %v", entries)
	}
	var n int
	file := filepath.Join(fx.root, trailID, "eventday=2024-01-02", "part-1.parquet")
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM read_parquet('"+file+"')").Scan(&n); err != nil || n != 2 {
		t.Errorf("reading the store's file: n=%d, err=%v", n, err)
	}
	for name, want := range map[string]string{
		"enable_external_access":       "false",
		"lock_configuration":           "true",
		"autoinstall_known_extensions": "false",
		"autoload_known_extensions":    "false",
		"allow_community_extensions":   "false",
		"threads":                      "2",
		"TimeZone":                     "UTC",
	} {
		var got string
		if err := conn.QueryRowContext(ctx, "SELECT current_setting('"+name+"')::VARCHAR").Scan(&got); err != nil {
			t.Errorf("current_setting(%s): %v", name, err)
		} else if got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
}

func TestFunctionAllowList(t *testing.T) {
	e, _ := openTest(t, Config{})
	for _, name := range []string{"lower", "count", "count_star", "row_number", "list_transform", "map_keys", "json_extract_string", "date_trunc", "+", "~~", "list_value", "struct_pack", "unnest", "nullif", "strftime", "regexp_matches"} {
		if !e.funcs[name] {
			t.Errorf("%s is not allowed", name)
		}
	}
	for _, name := range []string{"current_setting", "getenv", "read_csv", "read_text", "glob", "duckdb_settings", "query", "version", "pg_get_viewdef", "sleep_ms", "write_log", "json_serialize_sql", "current_query", "getvariable"} {
		if e.funcs[name] {
			t.Errorf("%s is allowed", name)
		}
	}
}

func TestSandboxErrors(t *testing.T) {
	e, _ := openTest(t, Config{})
	for _, tc := range []struct {
		stmt      string
		msg       string
		line, col int
		notFound  bool
	}{
		{stmt: "SELECT * FROM read_csv('/etc/passwd')", msg: "table function read_csv is not allowed", line: 1, col: 15},
		{stmt: "SELECT eventName,\n  getenv('HOME')\nFROM trail", msg: "function getenv is not allowed", line: 2, col: 3},
		{stmt: "SELECT *\nFROM trail\nWHERE eventName IN (SELECT * FROM glob('/x'))", msg: "table function glob is not allowed", line: 3, col: 35},
		{stmt: "SELECT * FROM information_schema.tables", msg: "qualified table name information_schema.tables is not allowed", line: 1, col: 15},
		{stmt: "SELECT * FROM nosuch", msg: `event data store "nosuch" not found`, line: 1, col: 15, notFound: true},
		{stmt: "SELECT * FROM trail JOIN 11111111-2222-3333-4444-555555555555 x ON true", msg: `event data store "11111111-2222-3333-4444-555555555555" not found`, line: 1, col: 26, notFound: true},
		{stmt: "COPY (SELECT 1) TO 'x'", msg: "COPY statements are not allowed: only a single SELECT statement is allowed"},
		{stmt: "SELECT 1; SELECT 2", msg: "only a single SELECT statement is allowed, found 2 statements"},
		{stmt: "DESCRIBE trail", msg: "DESCRIBE, SHOW and SUMMARIZE are not allowed"},
		{stmt: "SELECT $1", msg: "query parameters are not supported"},
		{stmt: "SELECT element_at(requestParameters) FROM trail", msg: "element_at takes two arguments", line: 1, col: 8},
		{stmt: "", msg: "empty statement"},
	} {
		_, err := e.Translate(context.Background(), tc.stmt)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%q: err = %v, want a QueryError", tc.stmt, err)
			continue
		}
		if tc.notFound != errors.Is(err, store.ErrNotFound) || tc.notFound == errors.Is(err, ErrInvalidQuery) {
			t.Errorf("%q: err = %v: wrong kind", tc.stmt, err)
		}
		if !strings.Contains(qe.Msg, tc.msg) || qe.Line != tc.line || qe.Col != tc.col {
			t.Errorf("%q: got %d:%d %q, want %d:%d %q", tc.stmt, qe.Line, qe.Col, qe.Msg, tc.line, tc.col, tc.msg)
		}
	}
}
