package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ctlake/ctlake/testdata/moto"
)

var queryIDRE = regexp.MustCompile(`QueryId: ([0-9a-f-]{36})`)

func TestQueryHistoryAndPaging(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "hist", "--selectors", allSelectors)
	c.ok("ingest", "--eds", "hist", c.genEvents(3000, 71))
	r := c.run("query", "--stats", "--output", "csv", "SELECT eventID FROM hist ORDER BY eventID LIMIT 2500")
	m := queryIDRE.FindStringSubmatch(r.stderr)
	if r.code != 0 || m == nil {
		t.Fatalf("query: exit %d, %s", r.code, r.stderr)
	}
	id := m[1]
	var d map[string]any
	c.jsonOut(&d, "query", "describe", id)
	stats := d["QueryStatistics"].(map[string]any)
	if d["QueryStatus"] != "FINISHED" || stats["EventsMatched"] != 2500.0 || stats["EventsScanned"] != 3000.0 || d["QueryString"] == "" {
		t.Errorf("describe: %v", d)
	}
	var list struct{ Queries []map[string]any }
	c.jsonOut(&list, "query", "list")
	if len(list.Queries) != 1 || list.Queries[0]["QueryId"] != id {
		t.Errorf("list: %v", list)
	}
	// Pages of at most 1000 rows, chained by NextToken, give the whole result once.
	var got []string
	token := ""
	for page := 0; page < 5; page++ {
		args := []string{"query", "results", id, "--max-results", "1000", "--output", "csv"}
		if token != "" {
			args = append(args, "--next-token", token)
		}
		r := c.run(args...)
		if r.code != 0 {
			t.Fatalf("results page %d: %s", page, r.stderr)
		}
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		got = append(got, lines[1:]...)
		tm := regexp.MustCompile(`NextToken: (\S+)`).FindStringSubmatch(r.stderr)
		if tm == nil {
			break
		}
		token = tm[1]
	}
	all := strings.Split(strings.TrimSpace(c.ok("query", "results", id, "--output", "csv")), "\n")[1:]
	if len(got) != 2500 || strings.Join(got, ",") != strings.Join(all, ",") {
		t.Errorf("paged %d rows, whole result %d rows", len(got), len(all))
	}
	c.fails([]string{"InvalidMaxResultsException"}, "query", "results", id, "--max-results", "1001")
	c.fails([]string{"InvalidNextTokenException"}, "query", "results", id, "--max-results", "10", "--next-token", "bogus")
	c.fails([]string{"QueryIdNotFoundException"}, "query", "describe", "00000000-0000-0000-0000-000000000000")
	c.fails([]string{"InactiveQueryException"}, "query", "cancel", id)
	// A failed query is recorded too.
	c.fails([]string{"InvalidQueryStatementException"}, "query", "SELECT nope FROM hist")
	c.jsonOut(&list, "query", "list", "--status", "FAILED")
	if len(list.Queries) != 1 {
		t.Errorf("failed queries: %v", list)
	}
}

func TestDeliverToFolderAndS3(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "dlv", "--selectors", allSelectors)
	c.ok("ingest", "--eds", "dlv", c.genEvents(2000, 72))
	stmt := "SELECT eventSource, count(*) AS n FROM dlv GROUP BY 1 ORDER BY 1"

	dir := t.TempDir()
	r := c.run("query", "--deliver", "file://"+dir, "--output", "csv", stmt)
	if r.code != 0 {
		t.Fatalf("deliver to folder: %s", r.stderr)
	}
	loc := regexp.MustCompile(`delivered to (\S+) \(SUCCESS\)`).FindStringSubmatch(r.stderr)
	if loc == nil || !strings.Contains(loc[1], "/AWSLogs/123456789012/CloudTrail-Lake/Query/") {
		t.Fatalf("delivery location: %s", r.stderr)
	}
	c.ok("results", "validate", loc[1])
	folder := strings.TrimPrefix(loc[1], "file://")
	os.WriteFile(filepath.Join(folder, "result_1.csv.gz"), []byte("tampered"), 0o644)
	c.fails([]string{"result_1.csv.gz", "ValidationFailed"}, "results", "validate", loc[1])

	srv := moto.Start(t)
	srv.AWS("s3", "mb", "s3://ctlake-results")
	r = c.run("query", "--deliver", "s3://ctlake-results/lake", stmt)
	loc = regexp.MustCompile(`delivered to (\S+) \(SUCCESS\)`).FindStringSubmatch(r.stderr)
	if r.code != 0 || loc == nil {
		t.Fatalf("deliver to S3: exit %d %s", r.code, r.stderr)
	}
	keys := srv.Keys("ctlake-results")
	if len(keys) != 2 || !strings.HasSuffix(keys[0], "/result_1.csv.gz") || !strings.HasSuffix(keys[1], "/result_sign.json") ||
		!strings.HasPrefix(keys[0], "lake/AWSLogs/123456789012/CloudTrail-Lake/Query/") {
		t.Fatalf("S3 keys: %v", keys)
	}
	c.ok("results", "validate", loc[1])
	srv.AWS("s3", "rm", "s3://ctlake-results/"+keys[0])
	c.fails([]string{"result_1.csv.gz is missing"}, "results", "validate", loc[1])

	// A bucket that does not exist: the delivery fails, the results stay.
	r = c.run("query", "--stats", "--deliver", "s3://no-such-bucket-ctlake/x", "--output", "csv", stmt)
	m := queryIDRE.FindStringSubmatch(r.stderr)
	if r.code == 0 || m == nil {
		t.Fatalf("delivery to a missing bucket: exit %d %s", r.code, r.stderr)
	}
	var d map[string]any
	c.jsonOut(&d, "query", "describe", m[1])
	if d["QueryStatus"] != "FINISHED" || d["DeliveryStatus"] == "SUCCESS" || d["DeliveryStatus"] == "" {
		t.Errorf("describe after failed delivery: %v", d)
	}
	if out := c.ok("query", "results", m[1], "--output", "csv"); !strings.Contains(out, "s3.amazonaws.com") {
		t.Errorf("results lost after a failed delivery: %s", out)
	}
}
