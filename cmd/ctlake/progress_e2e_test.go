package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// TestProgressOnTerminalOnly runs ingest on a real terminal (a pty) and piped: the progress
// bar appears only on the terminal.
func TestProgressOnTerminalOnly(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "bar", "--selectors", allSelectors)
	trail := c.genEvents(3000, 41)

	cmd := exec.Command(binPath, "ingest", "--eds", "bar", trail)
	cmd.Env = append(os.Environ(), "CTLAKE_HOME="+c.home)
	tty, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	var screen bytes.Buffer
	io.Copy(&screen, tty) // returns when the process closes the terminal
	cmd.Wait()
	tty.Close()
	if !strings.Contains(screen.String(), "ingest:") || !strings.Contains(screen.String(), "events stored") {
		t.Errorf("no progress on the terminal:\n%q", screen.String())
	}

	piped := c.run("ingest", "--eds", "bar", trail)
	if piped.code != 0 || strings.Contains(piped.stderr, "ingest:") || strings.Contains(piped.stderr, "\r") {
		t.Errorf("progress shown when piped (exit %d): %q", piped.code, piped.stderr)
	}
}
