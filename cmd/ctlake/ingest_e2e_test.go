package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIngestGeneratedAndReingest(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "gen", "--selectors", allSelectors)
	trail := c.genEvents(20000, 7)
	out := c.ok("ingest", "--eds", "gen", trail)
	if !strings.Contains(out, "20000 events stored") || !strings.Contains(out, "0 failures") {
		t.Fatalf("first ingest: %s", out)
	}
	if n := c.count("SELECT count(*) AS n FROM gen"); n != 20000 {
		t.Fatalf("count %d", n)
	}
	if n := c.count("SELECT count(DISTINCT eventID) AS n FROM gen"); n != 20000 {
		t.Fatalf("distinct eventIDs %d", n)
	}
	out = c.ok("ingest", "--eds", "gen", trail)
	if !strings.Contains(out, " 0 events stored, 20000 duplicates") {
		t.Fatalf("re-ingest: %s", out)
	}
	if n := c.count("SELECT count(*) AS n FROM gen"); n != 20000 {
		t.Fatalf("count after re-ingest %d", n)
	}
	id := importID(t, out)
	var imp map[string]any
	c.jsonOut(&imp, "import", "get", id)
	stats := imp["ImportStatistics"].(map[string]any)
	if imp["ImportStatus"] != "COMPLETED" || stats["EventsDuplicate"] != 20000.0 || stats["EventsCompleted"] != 0.0 || stats["FilesCompleted"].(float64) < 1 {
		t.Errorf("import get: %v", imp)
	}
	var list struct{ Imports []map[string]any }
	c.jsonOut(&list, "import", "list", "--destination", "gen")
	if len(list.Imports) != 2 || list.Imports[0]["ImportId"] != id {
		t.Errorf("import list: %v", list)
	}
}

func TestIngestTimeRangeAndSelectors(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "mgmt") // default selectors: management events only
	trail := c.genEvents(5000, 11)
	out := c.ok("ingest", "--eds", "mgmt", trail)
	if strings.Contains(out, " 0 filtered") {
		t.Errorf("default selectors should drop data events: %s", out)
	}
	if n := c.count("SELECT count(*) AS n FROM mgmt WHERE eventCategory <> 'Management'"); n != 0 {
		t.Errorf("%d non-management events stored", n)
	}
	c.ok("eds", "create", "ranged", "--selectors", allSelectors)
	rows := c.rows("SELECT CAST(min(eventTime) AS VARCHAR) AS lo FROM mgmt")
	lo := rows[0]["lo"].(string)[:10]
	out = c.ok("ingest", "--eds", "ranged", "--start-time", lo+" 06:00:00", "--end-time", lo+"T12:00:00Z", trail)
	if strings.Contains(out, " 0 outside the time range") {
		t.Errorf("time range kept everything: %s", out)
	}
	if n := c.count(fmt.Sprintf("SELECT count(*) AS n FROM ranged WHERE eventTime < '%s 06:00:00' OR eventTime > '%s 12:00:00'", lo, lo)); n != 0 {
		t.Errorf("%d events outside the range", n)
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestIngestBadInput(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "messy", "--selectors", allSelectors)
	dir := t.TempDir()
	ev := func(id, tm string) string {
		return fmt.Sprintf(`{"eventVersion":"1.08","eventTime":"%s","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","eventID":"%s","eventType":"AwsApiCall","managementEvent":true,"eventCategory":"Management","readOnly":true}`, tm, id)
	}
	day := "2026-11-20T10:00:00Z"
	good := fmt.Sprintf(`{"Records":[%s,%s]}`, ev("a1", day), ev("a2", day))
	os.WriteFile(filepath.Join(dir, "good.json.gz"), gz([]byte(good)), 0o644)
	whole := gz([]byte(fmt.Sprintf(`{"Records":[%s,%s,%s]}`, ev("t1", day), ev("t2", day), ev("t3", day))))
	os.WriteFile(filepath.Join(dir, "truncated.json.gz"), whole[:len(whole)-30], 0o644)
	os.WriteFile(filepath.Join(dir, "notjson.csv"), []byte("a,b,c\n1,2,3\n"), 0o644)
	lines := strings.Join([]string{ev("l1", day), "{not json", ev("l3", "redacted"), `{"eventID":"l4"}`,
		strings.Replace(ev("l5", day), `"readOnly":true`, `"readOnly":"yes"`, 1), ev("l6", day)}, "\n")
	os.WriteFile(filepath.Join(dir, "lines.jsonl"), []byte(lines), 0o644)

	r := c.fails([]string{"truncated.json.gz", "notjson.csv", "lines.jsonl:2", "lines.jsonl:3", "eventTime",
		"lines.jsonl:4", "lines.jsonl:5", "readOnly", "ImportFailures"}, "ingest", "--eds", "messy", dir)
	if r.code != 2 {
		t.Errorf("exit code %d, want 2", r.code)
	}
	// Everything good landed: both records of good.json.gz, l1 and l6, and whatever came
	// before the cut of the truncated file.
	got := map[string]bool{}
	for _, row := range c.rows("SELECT eventID FROM messy") {
		got[row["eventID"].(string)] = true
	}
	for _, id := range []string{"a1", "a2", "l1", "l6"} {
		if !got[id] {
			t.Errorf("good event %s missing (have %v)", id, got)
		}
	}
	for _, id := range []string{"l3", "l4", "l5"} {
		if got[id] {
			t.Errorf("bad event %s stored", id)
		}
	}
	id := importID(t, r.stdout)
	var f struct{ Failures []map[string]any }
	c.jsonOut(&f, "import", "failures", id)
	if len(f.Failures) < 6 {
		t.Errorf("failures: %v", f.Failures)
	}
	for _, x := range f.Failures {
		if x["Location"] == "" || x["ErrorMessage"] == "" || x["ErrorType"] == "" {
			t.Errorf("failure without location or message: %v", x)
		}
	}
}
