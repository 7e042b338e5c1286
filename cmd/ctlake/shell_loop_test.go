package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ctlake/ctlake/engine"
	"github.com/ctlake/ctlake/store"
)

// testShell is a session in the test process over a fresh store with one empty store "trail".
type testShell struct {
	*shell
	out, msg *bytes.Buffer
}

func newTestShell(t *testing.T, o shellOptions) *testShell {
	t.Helper()
	ctx := t.Context()
	home := t.TempDir()
	st, err := store.Open(home)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateEDS(ctx, store.CreateInput{Name: "trail"}); err != nil {
		t.Fatal(err)
	}
	eng, err := engine.Open(ctx, engine.Config{Root: st.Root(), MemoryLimit: "1GB", Threads: 2, Timeout: time.Minute}, st)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if o.lang == "" {
		o.lang = store.LangSQL
	}
	if o.output == "" {
		o.output = "table"
	}
	ts := &testShell{out: &bytes.Buffer{}, msg: &bytes.Buffer{}}
	if ts.shell, err = newShell(ctx, &app{home: home}, st, eng, ts.out, ts.msg, o); err != nil {
		t.Fatal(err)
	}
	return ts
}

// takeOut returns and clears what the session printed.
func (ts *testShell) takeOut() (out, msg string) {
	out, msg = ts.out.String(), ts.msg.String()
	ts.out.Reset()
	ts.msg.Reset()
	return out, msg
}

// scriptReader plays lines to the interactive loop; an error element is returned as the
// read's error.
type scriptReader struct {
	script  []any
	prompts []string
	history []string
}

func (r *scriptReader) readLine(prompt string) (string, error) {
	r.prompts = append(r.prompts, prompt)
	if len(r.script) == 0 {
		return "", io.EOF
	}
	next := r.script[0]
	r.script = r.script[1:]
	if err, ok := next.(error); ok {
		return "", err
	}
	return next.(string), nil
}

func (r *scriptReader) addHistory(entry string) { r.history = append(r.history, entry) }

func TestShellLoop(t *testing.T) {
	ts := newTestShell(t, shellOptions{})
	r := &scriptReader{script: []any{
		"SELECT 1 AS one,",
		"  2 AS two;",
		"SELECT 'never",
		errShellInterrupt, // Ctrl-C drops the pending statement
		"",
		`\timing`,
		"SELECT 3 AS three; SELECT nope;",
		"SELECT 4 AS four -- no ';' yet",
		";",
		`\q`,
		"SELECT 5 AS five;",
	}}
	if err := ts.interactiveLoop(r, nil); err != nil {
		t.Fatal(err)
	}
	out, msg := ts.takeOut()
	wantPrompts := []string{shellPrompt, shellContinuePrompt, shellPrompt, shellContinuePrompt, shellPrompt, shellPrompt, shellPrompt, shellPrompt, shellContinuePrompt, shellPrompt}
	if !slices.Equal(r.prompts, wantPrompts) {
		t.Errorf("prompts %q\nwant %q", r.prompts, wantPrompts)
	}
	for _, want := range []string{"one", "two", "three", "four", "(1 rows)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "never") || strings.Contains(out, "five") {
		t.Errorf("ran what it should not:\n%s", out)
	}
	if !strings.Contains(msg, "Timing is on.") || !strings.Contains(msg, "Time: ") ||
		!strings.Contains(msg, `error: InvalidQueryStatementException`) || strings.Contains(msg, "stdin:") {
		t.Errorf("messages:\n%s", msg)
	}
	wantHistory := []string{"SELECT 1 AS one, 2 AS two;", `\timing`, "SELECT 3 AS three;", "SELECT nope;", "SELECT 4 AS four;"}
	if !slices.Equal(r.history, wantHistory) {
		t.Errorf("history %q\nwant %q", r.history, wantHistory)
	}
}

func TestShellLoopEnds(t *testing.T) {
	ts := newTestShell(t, shellOptions{})
	r := &scriptReader{script: []any{"SELECT 1 AS x,"}}
	if err := ts.interactiveLoop(r, nil); err != nil { // io.EOF: Ctrl-D
		t.Fatalf("Ctrl-D: %v", err)
	}
	broken := errors.New("terminal gone")
	if err := ts.interactiveLoop(&scriptReader{script: []any{broken}}, nil); !errors.Is(err, broken) {
		t.Errorf("read error: %v", err)
	}
}

// TestShellCancel: Ctrl-C during a query (here a timer in place of SIGINT) cancels it, and the
// session goes on.
func TestShellCancel(t *testing.T) {
	ts := newTestShell(t, shellOptions{})
	var stops int
	ts.interrupts = func(cancel context.CancelFunc) func() {
		timer := time.AfterFunc(300*time.Millisecond, cancel)
		return func() { timer.Stop(); stops++ }
	}
	r := &scriptReader{script: []any{
		"SELECT count(*) FROM range(100000000000) a, range(10) b;",
		"SELECT 42 AS answer;",
	}}
	start := time.Now()
	if err := ts.interactiveLoop(r, nil); err != nil {
		t.Fatal(err)
	}
	out, msg := ts.takeOut()
	if !strings.Contains(msg, "query cancelled") || !strings.Contains(out, "42") || stops != 2 {
		t.Errorf("out:\n%s\nmsg:\n%s\nstops %d", out, msg, stops)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("cancelling took %v", d)
	}
}

func TestShellPipedLoop(t *testing.T) {
	ts := newTestShell(t, shellOptions{piped: true})
	in := "SELECT count(*) AS n FROM trail; SELECT 1 AS one;\n" +
		"\n" +
		"SELECT nope\n" +
		"  FROM trail;\n" +
		`\use trail` + "\n" +
		"SELECT count(*) AS m FROM $EDS_ID;\n" +
		`\nope` + "\n" +
		"SELECT 2 AS two" // no ';' at the end: runs too
	err := ts.pipedLoop(strings.NewReader(in))
	if err == nil || !strings.Contains(err.Error(), "2 of 7 statements and meta-commands failed") {
		t.Errorf("err %v", err)
	}
	out, msg := ts.takeOut()
	for _, want := range []string{"│ n ", "│ one ", "│ m ", "│ two ", "(1 rows)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{"stdin:3: error: InvalidQueryStatementException", `stdin:7: error: unknown command \nope`, "Using event data store trail."} {
		if !strings.Contains(msg, want) {
			t.Errorf("messages lack %q:\n%s", want, msg)
		}
	}

	// \q stops; nothing failed.
	ts = newTestShell(t, shellOptions{piped: true})
	if err := ts.pipedLoop(strings.NewReader("SELECT 1 AS a;\n\\q\nSELECT nope;\n")); err != nil {
		t.Errorf("after \\q: %v", err)
	}
	// A cancelled session stops.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	ts.ctx = ctx
	if err := ts.pipedLoop(strings.NewReader("SELECT 1;\n")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestShellOptions(t *testing.T) {
	ts := newTestShell(t, shellOptions{lang: store.LangInsights, eds: "trail", output: "expanded", piped: true})
	if ts.set.lang != store.LangInsights || ts.in.lang != store.LangInsights || ts.set.eds != "trail" ||
		ts.set.print.format != "table" || ts.set.print.expanded != expandedOn || ts.set.print.limit != 0 {
		t.Errorf("settings %+v", ts.set)
	}
	ts = newTestShell(t, shellOptions{})
	if ts.set.print.expanded != expandedAuto || ts.set.print.limit != shellDefaultLimit {
		t.Errorf("terminal defaults %+v", ts.set.print)
	}
	for _, o := range []shellOptions{{lang: "prql"}, {output: "xml"}, {eds: "nope"}} {
		if o.lang == "" {
			o.lang = store.LangSQL
		}
		if o.output == "" {
			o.output = "table"
		}
		if _, err := newShell(t.Context(), &app{}, ts.st, ts.eng, io.Discard, io.Discard, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

// TestShellInsights: Logs Insights statements span lines and end at a ';' outside regexes too,
// over the \use store.
func TestShellInsights(t *testing.T) {
	ts := newTestShell(t, shellOptions{lang: store.LangInsights})
	r := &scriptReader{script: []any{
		"fields eventName;",
		`\use trail`,
		"fields eventName, userIdentity.arn",
		"| filter eventName like /Get;Put/ # a ';' in a regex and a comment",
		"| limit 1;",
	}}
	if err := ts.interactiveLoop(r, nil); err != nil {
		t.Fatal(err)
	}
	out, msg := ts.takeOut()
	if !strings.Contains(msg, `choose it with \use STORE`) || !strings.Contains(out, "userIdentity.arn") || !strings.Contains(out, "(0 rows)") {
		t.Errorf("out:\n%s\nmsg:\n%s", out, msg)
	}
	want := "fields eventName, userIdentity.arn | filter eventName like /Get;Put/ | limit 1;"
	if len(r.history) != 3 || r.history[2] != want {
		t.Errorf("history %q", r.history)
	}
}
