package main

import (
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestQueryOutputsAndStats(t *testing.T) {
	c := newCLI(t)
	var e map[string]any
	c.jsonOut(&e, "eds", "create", "qry", "--selectors", allSelectors)
	arn := e["EventDataStoreArn"].(string)
	id := arn[strings.LastIndex(arn, "/")+1:]
	c.ok("ingest", "--eds", "qry", c.genEvents(10000, 5))

	stmt := "SELECT eventSource, count(*) AS n FROM " + id + " GROUP BY eventSource ORDER BY n DESC, eventSource LIMIT 3"
	rows := c.rows(stmt)
	if len(rows) != 3 || rows[0]["eventSource"] == nil || rows[0]["n"] == nil {
		t.Fatalf("json rows: %v", rows)
	}
	csvOut := c.ok("query", "--output", "csv", stmt)
	recs, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	if err != nil || len(recs) != 4 || recs[0][0] != "eventSource" || recs[0][1] != "n" || recs[1][0] != rows[0]["eventSource"] {
		t.Errorf("csv: %v %v", recs, err)
	}
	nd := strings.Split(strings.TrimSpace(c.ok("query", "--output", "ndjson", stmt)), "\n")
	var first map[string]any
	if len(nd) != 3 || json.Unmarshal([]byte(nd[0]), &first) != nil || first["eventSource"] != rows[0]["eventSource"] {
		t.Errorf("ndjson: %v", nd)
	}
	table := c.ok("query", stmt)
	if !strings.Contains(table, "eventSource") || !strings.Contains(table, rows[0]["eventSource"].(string)) || !strings.Contains(table, "(3 rows)") {
		t.Errorf("table:\n%s", table)
	}

	// --stats, and eventTime predicates prune what is scanned.
	all := c.run("query", "--stats", "SELECT count(*) FROM qry")
	day := c.rows("SELECT CAST(max(eventTime) AS VARCHAR) AS hi FROM qry")[0]["hi"].(string)[:10]
	one := c.run("query", "--stats", "SELECT count(*) FROM qry WHERE eventTime >= '"+day+" 00:00:00'")
	scanned := func(s string) int {
		m := regexp.MustCompile(`EventsScanned: (\d+)`).FindStringSubmatch(s)
		if m == nil {
			t.Fatalf("no EventsScanned in %q", s)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	if a, o := scanned(all.stderr), scanned(one.stderr); a != 10000 || o >= a || o == 0 {
		t.Errorf("pruning: scanned %d for all, %d for one day", a, o)
	}
	if !strings.Contains(all.stderr, "BytesScanned") || !strings.Contains(all.stderr, "ExecutionTimeInMillis") {
		t.Errorf("stats: %s", all.stderr)
	}

	// Lake-style SQL: nested paths in any case, maps, arrays, time literals, ARN and UUID names.
	checks := []string{
		`SELECT useridentity.sessioncontext.sessionissuer.username AS u FROM ` + id + ` WHERE userIdentity.type = 'AssumedRole' LIMIT 1`,
		`SELECT element_at(requestParameters, 'bucketName') AS b FROM qry WHERE eventSource = 's3.amazonaws.com' AND element_at(requestParameters, 'bucketName') IS NOT NULL LIMIT 1`,
		`SELECT element_at(resources, 1).ARN AS a FROM "` + arn + `" WHERE eventName = 'Decrypt' LIMIT 1`,
		`SELECT r.type AS t FROM qry CROSS JOIN UNNEST(resources) AS u(r) LIMIT 1`,
		`WITH x AS (SELECT eventName FROM qry WHERE eventTime > '2000-01-01 00:00:00') SELECT count(*) AS n FROM x`,
		`SELECT json_extract_scalar(eventJson, '$.eventID') AS e FROM qry LIMIT 1`,
	}
	for _, s := range checks {
		rows := c.rows(s)
		if len(rows) != 1 {
			t.Errorf("%s: %d rows", s, len(rows))
			continue
		}
		for k, v := range rows[0] {
			if v == nil || v == "" {
				t.Errorf("%s: %s is empty", s, k)
			}
		}
	}
	// eventJson is the event as received.
	ej := c.rows("SELECT eventJson, eventID FROM qry LIMIT 1")[0]
	var raw map[string]any
	if err := json.Unmarshal([]byte(ej["eventJson"].(string)), &raw); err != nil || raw["eventID"] != ej["eventID"] {
		t.Errorf("eventJson: %v %v", err, ej)
	}
}

func TestSandboxThroughCLI(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "sbx")
	for _, stmt := range []string{
		"COPY (SELECT 1) TO '/tmp/x.csv'",
		"SELECT * FROM read_csv('/etc/passwd')",
		"SELECT getenv('HOME')",
		"SELECT 1; SELECT 2",
		"ATTACH '/tmp/x.db'",
		"SET memory_limit='1TB'",
		"SELECT * FROM glob('/*')",
	} {
		r := c.fails([]string{"InvalidQueryStatementException"}, "query", stmt)
		if r.code != 1 {
			t.Errorf("%s: exit %d", stmt, r.code)
		}
	}
	r := c.fails([]string{"InvalidQueryStatementException", "line 2"}, "query", "SELECT eventName\nFORM sbx")
	_ = r
}
