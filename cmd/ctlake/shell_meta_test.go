package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ctlake/ctlake/store"
)

func TestShellMetaCommands(t *testing.T) {
	ts := newTestShell(t, shellOptions{})
	ctx := t.Context()
	trail, err := ts.st.GetEDS(ctx, "trail")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.st.SaveQuery(ctx, store.SavedQuery{Name: "echo", Lang: store.LangSQL, Description: "says it back", Statement: "SELECT ? AS said, ? AS also"}, false); err != nil {
		t.Fatal(err)
	}
	// run runs a meta-command line and checks what it printed (out and messages together)
	// and its error.
	run := func(line string, wantErr string, wants ...string) {
		t.Helper()
		err := ts.runMeta(line)
		out, msg := ts.takeOut()
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("%s: %v", line, err)
		case wantErr != "" && (err == nil || !strings.Contains(describeError(err), wantErr)):
			t.Errorf("%s: error %v, want %q", line, err, wantErr)
		}
		for _, w := range wants {
			if !strings.Contains(out+msg, w) {
				t.Errorf("%s: output lacks %q:\n%s%s", line, w, out, msg)
			}
		}
	}

	run(`\eds`, "", "trail", trail.ID(), store.StatusEnabled, "days", "(1 rows)")
	run(`\d`, "", trail.ID())
	run(`\d trail`, "", "Event data store trail ("+trail.ID()+")", "userIdentity.sessionContext.sessionIssuer.userName", "STRUCT", "TIMESTAMP")
	run(`\d `+trail.ID(), "", "eventName")
	run(`\d nope`, "EventDataStoreNotFoundException")
	run(`\saved`, "", "echo", "says it back", "09-errors-by-api", "library")

	run(`\run 09-errors-by-api`, `InvalidParameterException: 09-errors-by-api: invalid parameter: the statement names its store $EDS_ID: choose one with \use STORE`)
	run(`\use`, "", "No store in use")
	run(`\use nope`, "EventDataStoreNotFoundException")
	run(`\use `+trail.ID(), "", "Using event data store trail.")
	if ts.set.eds != "trail" {
		t.Errorf("\\use by id keeps %q", ts.set.eds)
	}
	run(`\run 09-errors-by-api`, "", "-- 09-errors-by-api: ", "AWS_Service", "(0 rows)")
	run(`\run echo 'hello world' 'it''s'`, "", "hello world", "it's")
	run(`\run echo one`, "echo:")
	run(`\run nope`, "QueryNotFound")
	run(`\run`, "usage: \\run NAME")

	run(`\lang`, "", "Language is sql.")
	run(`\lang insights`, "", "Language is insights.")
	if ts.set.lang != store.LangInsights || ts.in.lang != store.LangInsights {
		t.Error("\\lang did not change the language")
	}
	run(`\lang prql`, "usage: \\lang [sql|insights]")
	run(`\lang sql`, "")

	run(`\output`, "", "Output format is table.")
	run(`\output csv`, "", "Output format is csv.")
	run(`\o expanded`, "", "Output format is expanded.")
	if p := ts.set.print; p.format != "table" || p.expanded != expandedOn {
		t.Errorf("expanded: %+v", p)
	}
	run(`\output table`, "", "Output format is table.")
	if p := ts.set.print; p.expanded != expandedAuto {
		t.Errorf("table after expanded: %+v", p)
	}
	run(`\output xml`, "use one of table, csv, json, ndjson, expanded")

	run(`\x`, "", "Expanded display is on.")
	run(`\x`, "", "Expanded display is off.")
	run(`\x auto`, "", "Expanded display is auto.")
	run(`\x maybe`, "usage: \\x [on|off|auto]")

	run(`\limit`, "", "at most 1000 rows")
	run(`\limit 0`, "", "in full")
	run(`\limit -1`, "give a number of rows")
	run(`\limit 2 3`, "usage: \\limit [N]")

	run(`\timing`, "", "Timing is on.")
	run(`\timing off`, "", "Timing is off.")
	run(`\timing maybe`, "usage: \\timing [on|off]")

	run(`\help`, "", `\eds`, `\d [STORE]`, `\run NAME [PARAM…]`, `\deliver [URI|off]`, `\q \quit`)
	run(`\?`, "", `\timing [on|off]`)
	run(`\nope`, `unknown command \nope`)
	run(`\q now`, "usage: \\q")
	if ts.quit {
		t.Error("quit on a bad \\q")
	}
	run(`\q`, "")
	if !ts.quit {
		t.Error("\\q did not quit")
	}
}

func TestShellDeliver(t *testing.T) {
	ts := newTestShell(t, shellOptions{})
	dest := t.TempDir()
	if err := ts.runMeta(`\deliver s3://`); err == nil {
		t.Error("a bad URI was taken")
	}
	if err := ts.runMeta(`\deliver file://` + dest); err != nil {
		t.Fatal(err)
	}
	ts.set.timing = true
	if !ts.runItem(shellItem{text: "SELECT i, 'row ' || i AS s FROM range(3) t(i)"}) {
		t.Fatalf("query failed: %s", ts.msg)
	}
	out, msg := ts.takeOut()
	if !strings.Contains(out, "row 2") || !strings.Contains(out, "(3 rows)") || !strings.Contains(msg, "delivered to file://"+dest) || !strings.Contains(msg, "Time: ") {
		t.Errorf("out:\n%s\nmsg:\n%s", out, msg)
	}
	var files []string
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, d.Name())
		}
		return nil
	})
	slices.Sort(files)
	if !slices.Equal(files, []string{"result_1.csv.gz", "result_sign.json"}) {
		t.Errorf("delivered files %q", files)
	}
	// A failing query is reported as such, and nothing is delivered.
	if ts.runItem(shellItem{text: "SELECT nope"}) {
		t.Error("a bad query succeeded")
	}
	if _, msg := ts.takeOut(); !strings.Contains(msg, "InvalidQueryStatementException") {
		t.Errorf("msg %s", msg)
	}
	if err := ts.runMeta(`\deliver off`); err != nil || ts.set.deliver != "" {
		t.Errorf("off: %v %q", err, ts.set.deliver)
	}
}

func TestShellArgs(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
		err  bool
	}{
		{`\run q`, []string{`\run`, "q"}, false},
		{"  \\run\tq  a ", []string{`\run`, "q", "a"}, false},
		{`\run q 'a b' "c ""d""" ''`, []string{`\run`, "q", "a b", `c "d"`, ""}, false},
		{`\run q x'y z'`, []string{`\run`, "q", "xy z"}, false},
		{`\run 'q`, nil, true},
		{"   ", nil, true},
	} {
		got, err := shellArgs(c.in)
		if !slices.Equal(got, c.want) || (err != nil) != c.err {
			t.Errorf("%q: %q %v", c.in, got, err)
		}
	}
	if !isQuitLine(`\q`) || !isQuitLine(` \quit `) || isQuitLine(`\qq`) {
		t.Error("isQuitLine")
	}
}
