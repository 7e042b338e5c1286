package engine

import (
	"strings"
	"testing"
)

func TestPrelex(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SELECT * FROM 5e2676f8-9fce-46ef-8142-3e36a94e6691", `SELECT * FROM "5e2676f8-9fce-46ef-8142-3e36a94e6691"`},
		{"select * from 5e2676f8-9fce-46ef-8142-3e36a94e6691 where x = 1", `select * from "5e2676f8-9fce-46ef-8142-3e36a94e6691" where x = 1`},
		{"SELECT * FROM my-store AS s", `SELECT * FROM "my-store" AS s`},
		{"SELECT * FROM a JOIN my-store ON true", `SELECT * FROM a JOIN "my-store" ON true`},
		{"SELECT * FROM a, b-c, d", `SELECT * FROM a, "b-c", d`},
		{"SELECT * FROM a JOIN b ON a.x = b.x, c-d WHERE e-f > 0", `SELECT * FROM a JOIN b ON a.x = b.x, "c-d" WHERE e-f > 0`},
		{"SELECT * FROM /* c */ a-b -- x", `SELECT * FROM /* c */ "a-b" -- x`},
		{"SELECT * FROM\n\ta-b\n", "SELECT * FROM\n\t\"a-b\"\n"},
		{"SELECT * FROM arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/5e2676f8-9fce-46ef-8142-3e36a94e6691 t",
			`SELECT * FROM "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/5e2676f8-9fce-46ef-8142-3e36a94e6691" t`},
		{"FROM a-b SELECT x", `FROM "a-b" SELECT x`},
		{"SELECT * FROM (SELECT * FROM a-b) s", `SELECT * FROM (SELECT * FROM "a-b") s`},
		{"SELECT 1 UNION ALL SELECT * FROM a-b", `SELECT 1 UNION ALL SELECT * FROM "a-b"`},
		{"SELECT * FROM a WHERE x IN (SELECT y FROM b-c)", `SELECT * FROM a WHERE x IN (SELECT y FROM "b-c")`},
		// Not table positions: left alone.
		{"SELECT * FROM t WHERE a-b > 0", "SELECT * FROM t WHERE a-b > 0"},
		{"SELECT extract(year FROM a-b) FROM t", "SELECT extract(year FROM a-b) FROM t"},
		{"SELECT substring(s FROM a-1) FROM t", "SELECT substring(s FROM a-1) FROM t"},
		{"SELECT * FROM t WHERE a IS DISTINCT FROM b-c", "SELECT * FROM t WHERE a IS DISTINCT FROM b-c"},
		{"SELECT * FROM t WHERE a IS NOT DISTINCT FROM b-c", "SELECT * FROM t WHERE a IS NOT DISTINCT FROM b-c"},
		{"SELECT * FROM t GROUP BY a, b-c", "SELECT * FROM t GROUP BY a, b-c"},
		{"SELECT a, b-c FROM t", "SELECT a, b-c FROM t"},
		{"SELECT * FROM t, range(3) r(x)", "SELECT * FROM t, range(3) r(x)"},
		{"SELECT * FROM a--b\n", "SELECT * FROM a--b\n"},
		// Strings, identifiers and comments are never touched.
		{"SELECT 'FROM a-b' FROM t", "SELECT 'FROM a-b' FROM t"},
		{"SELECT 'it''s FROM a-b' FROM x-y", `SELECT 'it''s FROM a-b' FROM "x-y"`},
		{`SELECT E'\' FROM a-b' FROM t`, `SELECT E'\' FROM a-b' FROM t`},
		{"SELECT $$ FROM a-b $$ FROM t", "SELECT $$ FROM a-b $$ FROM t"},
		{"SELECT $q$ FROM a-b $q$ FROM t", "SELECT $q$ FROM a-b $q$ FROM t"},
		{`SELECT * FROM "a-b"`, `SELECT * FROM "a-b"`},
		{"SELECT * FROM -- FROM a-b\n t", "SELECT * FROM -- FROM a-b\n t"},
		{"SELECT /* FROM a-b /* nested */ FROM c-d */ 1", "SELECT /* FROM a-b /* nested */ FROM c-d */ 1"},
		{"SELECT * FROM plain", "SELECT * FROM plain"},
		{"", ""},
	} {
		p := prelex(tc.in)
		if p.text != tc.want {
			t.Errorf("prelex(%q)\n got %q\nwant %q", tc.in, p.text, tc.want)
		}
		if stripInserts(p) != tc.in {
			t.Errorf("prelex(%q): removing the quotes does not give the input back", tc.in)
		}
	}
}

func stripInserts(p *prelexed) string {
	var b strings.Builder
	last := 0
	for _, i := range p.inserts {
		b.WriteString(p.text[last:i])
		last = i + 1
	}
	b.WriteString(p.text[last:])
	return b.String()
}

func TestLineCol(t *testing.T) {
	p := prelex("SELECT *\nFROM my-store\n  WHERE é = 'ü' FORM")
	// text: SELECT *\nFROM "my-store"\n  WHERE é = 'ü' FORM
	for _, tc := range []struct {
		textRunes, line, col int
	}{
		{0, 1, 1},
		{7, 1, 8},
		{9, 2, 1},
		{14, 2, 6},  // the inserted quote maps to the name
		{15, 2, 6},  // m of my-store
		{23, 2, 14}, // the closing quote maps to the newline after the name
		{24, 2, 14},
		{33, 3, 9},  // é (one character)
		{37, 3, 13}, // 'ü'
		{41, 3, 17}, // FORM
		{-1, 0, 0},
		{1000, 0, 0},
	} {
		line, col := p.lineCol(tc.textRunes)
		if line != tc.line || col != tc.col {
			t.Errorf("lineCol(%d) = %d:%d, want %d:%d", tc.textRunes, line, col, tc.line, tc.col)
		}
	}
}

func TestSplitStatements(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"SELECT 1", "SELECT"},
		{"SELECT 1;", "SELECT"},
		{"copy t to 'x;y'; select 1", "COPY,SELECT"},
		{"SELECT 1 -- ; DROP\n", "SELECT"},
		{"SELECT 1 /* ; */ ; DROP TABLE x", "SELECT,DROP"},
		{" ; ;", ""},
	} {
		if got := strings.Join(splitStatements(tc.in), ","); got != tc.want {
			t.Errorf("splitStatements(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// literals returns the string literals and comments of s, in order.
func literals(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		tk := nextToken(s, i)
		if tk.end <= i {
			panic("nextToken made no progress")
		}
		if tk.kind == tokString || tk.kind == tokComment {
			out = append(out, s[tk.start:tk.end])
		}
		i = tk.end
	}
	return out
}

func FuzzPrelex(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM 5e2676f8-9fce-46ef-8142-3e36a94e6691 WHERE eventTime > '2024-01-01 00:00:00'",
		"SELECT 'it''s' FROM a-b, c-d JOIN e-f ON true",
		`SELECT E'\'' FROM "x-y" -- c` + "\n",
		"SELECT $tag$ FROM a-b $tag$, /* /* */ */ 1 FROM arn:aws:x/y-z",
		"FROM a-b SELECT extract(year FROM c-d)",
		"'unterminated FROM a-b",
		"/* unterminated",
		"$",
		"e'",
	} {
		f.Add(s)
	}
	for _, c := range escapeCorpus(f) {
		f.Add(c.sql)
	}
	for _, c := range allowedCorpus(f) {
		f.Add(c.sql)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := prelex(s)
		if stripInserts(p) != s {
			t.Fatalf("removing the inserted quotes does not give the input back: %q -> %q", s, p.text)
		}
		for _, i := range p.inserts {
			if p.text[i] != '"' && !strings.Contains(ifElse, p.text[i:i+1]) {
				t.Fatalf("insert at %d is %q", i, p.text[i])
			}
		}
		in, out := literals(s), literals(p.text)
		if strings.Join(in, "\x00") != strings.Join(out, "\x00") {
			t.Fatalf("string literals or comments changed:\n%q\n%q", in, out)
		}
		line, col := p.lineCol(len([]rune(p.text)))
		if line < 1 || col < 1 {
			t.Fatalf("lineCol(end) = %d:%d", line, col)
		}
	})
}
