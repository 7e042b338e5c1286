package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptyShell is `ctlake shell` on a pseudo-terminal. A goroutine reads everything it prints;
// expect waits for text in it, ANSI escapes stripped, after what earlier expects matched.
type ptyShell struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	buf  []byte
	mark int // offset in the stripped output where the next expect starts looking
	done chan error
}

// shellExpectTimeout bounds each wait for output.
const shellExpectTimeout = 20 * time.Second

func startPtyShell(t *testing.T, c *cli) *ptyShell {
	t.Helper()
	cmd := exec.Command(binPath, "shell")
	cmd.Env = append(os.Environ(), "CTLAKE_HOME="+c.home, "TERM=xterm")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	p := &ptyShell{t: t, cmd: cmd, tty: tty, done: make(chan error, 1)}
	go func() {
		b := make([]byte, 32<<10)
		for {
			n, err := tty.Read(b)
			p.mu.Lock()
			p.buf = append(p.buf, b[:n]...)
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		tty.Close()
	})
	return p
}

// shellANSI matches terminal control sequences, carriage returns and bells.
var shellANSI = regexp.MustCompile(`\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b[=>78]|[\r\a]`)

func (p *ptyShell) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return shellANSI.ReplaceAllString(string(p.buf), "")
}

func (p *ptyShell) send(s string) {
	p.t.Helper()
	if _, err := p.tty.Write([]byte(s)); err != nil {
		p.t.Fatalf("write %q: %v", s, err)
	}
}

// expect waits until each of wants appears, in order, after the mark, and moves the mark past
// the last. It returns the output from the old mark to the new one.
func (p *ptyShell) expect(wants ...string) string {
	p.t.Helper()
	deadline := time.Now().Add(shellExpectTimeout)
	for {
		text := p.text()
		at, ok := p.mark, true
		for _, w := range wants {
			i := strings.Index(text[at:], w)
			if i < 0 {
				ok = false
				break
			}
			at += i + len(w)
		}
		if ok {
			seen := text[p.mark:at]
			p.mark = at
			return seen
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("no %q after %s; the shell printed:\n%s", wants, shellExpectTimeout, text[p.mark:])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// wait waits for the shell to exit and wants status 0.
func (p *ptyShell) wait() {
	p.t.Helper()
	select {
	case err := <-p.done:
		if err != nil {
			p.t.Fatalf("shell exited: %v\n%s", err, p.text()[p.mark:])
		}
	case <-time.After(shellExpectTimeout):
		p.t.Fatalf("the shell did not exit:\n%s", p.text()[p.mark:])
	}
}

func TestShellE2ETerminal(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "trail", "--selectors", allSelectors)
	c.ok("ingest", "--eds", "trail", c.genEvents(2000, 11))
	top := c.rows("SELECT eventName, count(*) AS n FROM trail GROUP BY eventName ORDER BY n DESC, eventName LIMIT 3")
	var eds map[string]any
	c.jsonOut(&eds, "eds", "get", "trail")
	arn := eds["EventDataStoreArn"].(string)
	id := arn[strings.LastIndex(arn, "/")+1:]

	p := startPtyShell(t, c)
	p.expect(`\help lists the meta-commands`, shellPrompt)

	// A statement over three lines: continuation prompts, then the table.
	p.send("SELECT eventName, count(*) AS n\r")
	p.expect(shellContinuePrompt)
	p.send("FROM trail GROUP BY eventName\r")
	p.expect(shellContinuePrompt)
	p.send("ORDER BY n DESC, eventName LIMIT 3;\r")
	table := p.expect("(3 rows)", shellPrompt)
	for _, r := range top {
		if !regexp.MustCompile(`│ ` + regexp.QuoteMeta(r["eventName"].(string)) + ` +│ ` + fmt.Sprint(r["n"]) + ` +│`).MatchString(table) {
			t.Errorf("no row %v in:\n%s", r, table)
		}
	}

	// Tab completes nested paths and store names; Ctrl-C clears the line.
	p.send("SELECT userIdentity.sess\t")
	p.expect("SELECT userIdentity.sessionContext.")
	p.send("sessionIssuer.userN\t")
	p.expect("userIdentity.sessionContext.sessionIssuer.userName")
	p.send(" FROM tr\t")
	p.expect("sessionIssuer.userName FROM trail")
	p.send("\x03")
	p.expect("^C", shellPrompt)
	p.send("SELECT 1 AS one,\r")
	p.expect(shellContinuePrompt)
	p.send("\x03") // in a continuation line, the whole statement goes
	p.expect("^C", shellPrompt)
	p.send("  2 AS two;\r")
	p.expect("error: ", shellPrompt)

	// Meta-commands.
	p.send(`\d trail` + "\r")
	p.expect("Event data store trail ("+id+")", "userIdentity.sessionContext.sessionIssuer.userName", "VARCHAR", "rows)", shellPrompt)
	p.send(`\eds` + "\r")
	p.expect("trail", id, "ENABLED", "days", "(1 rows)", shellPrompt)
	p.send(`\saved` + "\r")
	p.expect("09-errors-by-api", "library", shellPrompt)
	p.send(`\use trail` + "\r")
	p.expect("Using event data store trail.", shellPrompt)
	p.send(`\run 09-errors-by-api` + "\r")
	p.expect("-- 09-errors-by-api", "AWS_Service", "errorCode", "rows)", shellPrompt)

	// Ctrl-C cancels a running query; the next one runs.
	p.send("SELECT count(*) FROM range(100000000000) a, range(10) b;\r")
	p.expect("range(10) b;\n")
	time.Sleep(time.Second) // the terminal leaves raw mode as the query starts
	p.send("\x03")
	p.expect("query cancelled", shellPrompt)
	p.send("SELECT 42 AS answer;\r")
	p.expect("answer", "42", "(1 rows)", shellPrompt)
	p.send(`\q` + "\r")
	p.wait()

	hist, err := os.ReadFile(filepath.Join(c.home, shellHistoryFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"SELECT eventName, count(*) AS n FROM trail GROUP BY eventName ORDER BY n DESC, eventName LIMIT 3;\n",
		"\\d trail\n", "\\run 09-errors-by-api\n", "\n2 AS two;\n",
		"SELECT count(*) FROM range(100000000000) a, range(10) b;\nSELECT 42 AS answer;\n",
	} {
		if !strings.Contains(string(hist), want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
	if strings.Contains(string(hist), `\q`) || strings.Contains(string(hist), "SELECT 1 AS one") {
		t.Errorf("history holds what it should not:\n%s", hist)
	}

	// A second session recalls the history with Up; Ctrl-D on an empty line quits.
	p = startPtyShell(t, c)
	p.expect(shellPrompt)
	p.send("\x1b[A")
	p.expect("SELECT 42 AS answer;")
	p.send("\x1b[A")
	p.expect("range(10) b;")
	p.send("\x1b[B\r")
	p.expect("answer", "42", "(1 rows)", shellPrompt)
	p.send("\x04")
	p.wait()
}

func TestShellE2EPiped(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "trail", "--selectors", allSelectors)
	c.ok("ingest", "--eds", "trail", c.genEvents(300, 12))
	n := c.rows("SELECT count(*) AS n FROM trail")[0]["n"]

	shell := func(pipe, stdin string) (stdout, stderr string, code int) {
		t.Helper()
		cmd := exec.Command("sh", "-c", pipe+` "$STMTS" | "$CTLAKE" shell`)
		cmd.Env = append(os.Environ(), "CTLAKE_HOME="+c.home, "CTLAKE="+binPath, "STMTS="+stdin)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errb.String(), code
	}

	out, errOut, code := shell("echo", "SELECT count(*) FROM trail; SELECT 1;")
	if code != 0 || !regexp.MustCompile(`│ `+fmt.Sprint(n)+` +│`).MatchString(out) || strings.Count(out, "(1 rows)") != 2 || errOut != "" {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if strings.Contains(out, shellPrompt) {
		t.Errorf("a prompt when piped:\n%s", out)
	}

	out, errOut, code = shell("printf '%s\\n'", "SELECT nope FROM trail;\n\\output csv\nSELECT 2 AS two;")
	if code != 1 || out != "two\n2\n" || !strings.Contains(errOut, "stdin:1: error: InvalidQueryStatementException") ||
		!strings.Contains(errOut, "ctlake: 1 of 3 statements and meta-commands failed") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}
