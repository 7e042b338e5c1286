package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestCrashDuringIngest kills ingest with SIGKILL at several moments and checks after each
// that the store is readable, holds no event twice and keeps everything an import reported
// done; a final ingest then completes the set exactly.
func TestCrashDuringIngest(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "crash", "--selectors", allSelectors)
	const total = 60000
	trail := c.genEvents(total, 21)
	for _, delay := range []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 700 * time.Millisecond, 1200 * time.Millisecond} {
		cmd := exec.Command(binPath, "ingest", "--eds", "crash", "--batch-events", "4000", trail)
		cmd.Env = append(os.Environ(), "CTLAKE_HOME="+c.home)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		rows := c.rows("SELECT count(*) AS n, count(DISTINCT eventID) AS d FROM crash")
		n, d := rows[0]["n"].(float64), rows[0]["d"].(float64)
		if n != d {
			t.Fatalf("after kill at %v: %v events but %v distinct ids", delay, n, d)
		}
		// Every import's reported progress is durable.
		var list struct{ Imports []map[string]any }
		c.jsonOut(&list, "import", "list")
		var reported float64
		for _, imp := range list.Imports {
			var full map[string]any
			c.jsonOut(&full, "import", "get", imp["ImportId"].(string))
			reported += full["ImportStatistics"].(map[string]any)["EventsCompleted"].(float64)
		}
		if n < reported {
			t.Fatalf("after kill at %v: %v events stored, imports reported %v done", delay, n, reported)
		}
		t.Logf("killed after %v: %v events stored, %v reported", delay, n, reported)
	}
	c.ok("ingest", "--eds", "crash", trail)
	rows := c.rows("SELECT count(*) AS n, count(DISTINCT eventID) AS d FROM crash")
	if rows[0]["n"] != float64(total) || rows[0]["d"] != float64(total) {
		t.Fatalf("after recovery: %v", rows)
	}
}

// TestConcurrentProcesses runs two ingests of overlapping data and queries at the same time.
func TestConcurrentProcesses(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "busy", "--selectors", allSelectors)
	a, b := c.genEvents(15000, 31), c.genEvents(15000, 32)
	var (
		wg       sync.WaitGroup
		finished atomic.Int32
	)
	errs := make(chan string, 16)
	ingestIt := func(paths ...string) {
		defer wg.Done()
		defer finished.Add(1)
		cmd := exec.Command(binPath, append([]string{"ingest", "--eds", "busy", "--batch-events", "3000"}, paths...)...)
		cmd.Env = append(os.Environ(), "CTLAKE_HOME="+c.home)
		if out, err := cmd.CombinedOutput(); err != nil {
			errs <- "ingest: " + err.Error() + ": " + string(out)
		}
	}
	wg.Add(2)
	go ingestIt(a, b)
	go ingestIt(b, a)
	done := make(chan struct{})
	var queries int
	go func() {
		defer close(done)
		for i := 0; i < 200; i++ {
			cmd := exec.Command(binPath, "query", "--output", "json", "SELECT count(*) AS n, count(DISTINCT eventID) AS d FROM busy")
			cmd.Env = append(os.Environ(), "CTLAKE_HOME="+c.home)
			out, err := cmd.Output()
			if err != nil {
				errs <- "query: " + err.Error()
				return
			}
			var rows []map[string]float64
			if json.Unmarshal(out, &rows) != nil || len(rows) != 1 || rows[0]["n"] != rows[0]["d"] {
				errs <- "query saw duplicates or bad output: " + strings.TrimSpace(string(out))
				return
			}
			queries++
			if finished.Load() == 2 {
				return
			}
		}
	}()
	wg.Wait()
	<-done
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n := c.count("SELECT count(DISTINCT eventID) AS n FROM busy"); n != 30000 {
		t.Errorf("distinct events %d, want 30000", n)
	}
	if n := c.count("SELECT count(*) AS n FROM busy"); n != 30000 {
		t.Errorf("events %d, want 30000", n)
	}
	t.Logf("%d queries ran during the ingests", queries)
}
