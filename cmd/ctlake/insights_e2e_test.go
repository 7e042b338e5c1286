package main

import (
	"fmt"
	"strings"
	"testing"
)

func TestLogsInsightsQueries(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "cwl", "--selectors", allSelectors)
	c.ok("ingest", "--eds", "cwl", c.genEvents(5000, 81))

	// The same question in both languages gives the same answer.
	li := c.rows2("query", "--lang", "insights", "--eds", "cwl",
		"filter eventSource = 'kms.amazonaws.com' | stats count(*) as Hits by eventName | sort Hits desc, eventName asc")
	sql := c.rows("SELECT eventName, count(*) AS Hits FROM cwl WHERE eventSource = 'kms.amazonaws.com' GROUP BY 1 ORDER BY Hits DESC, eventName")
	if len(li) == 0 || fmt.Sprint(li) != fmt.Sprint(sql) {
		t.Errorf("insights %v\nsql      %v", li, sql)
	}
	// Logs Insights naming and paths into the raw event (a failed call launched nothing: which
	// row comes first depends on the storage order).
	rows := c.rows2("query", "--lang", "insights", "--eds", "cwl",
		"filter eventName = 'RunInstances' and not ispresent(errorCode) | fields responseElements.instancesSet.items.0.instanceId as id | limit 1")
	if len(rows) != 1 || !strings.HasPrefix(fmt.Sprint(rows[0]["id"]), "i-") {
		t.Errorf("instance id path: %v", rows)
	}
	bins := c.rows2("query", "--lang", "insights", "--eds", "cwl", "stats count(*) by bin(1h)")
	if len(bins) == 0 || bins[0]["bin(1h)"] == nil || bins[0]["count(*)"] == nil {
		t.Errorf("default column names: %v", bins)
	}
	explain := c.ok("query", "--lang", "insights", "--eds", "cwl", "--explain", "filter ispresent(errorCode) | stats count(*) by errorCode")
	if !strings.Contains(explain, "SELECT") || !strings.Contains(explain, "errorCode") {
		t.Errorf("explain: %s", explain)
	}
	// Errors name the position in the Logs Insights text.
	c.fails([]string{"InvalidQueryStatementException", "line 1"}, "query", "--lang", "insights", "--eds", "cwl", "fields eventName | sort")
	c.fails([]string{"--eds"}, "query", "--lang", "insights", "fields eventName")

	// Saved Logs Insights queries with parameters, and the library's twins.
	c.ok("queries", "save", "kms-by-api", "--lang", "insights",
		"filter eventSource = ? and eventName = ? | stats count(*) as n")
	got := c.rows2("queries", "run", "kms-by-api", "--eds", "cwl", "--param", "kms.amazonaws.com", "--param", "Decrypt")
	want := c.count("SELECT count(*) AS n FROM cwl WHERE eventSource = 'kms.amazonaws.com' AND eventName = 'Decrypt'")
	if len(got) != 1 || got[0]["n"] != float64(want) {
		t.Errorf("saved insights query: %v, want %d", got, want)
	}
	for _, name := range []string{"09-errors-by-api", "12-kms-hourly-decrypts"} {
		a := c.rows2("queries", "run", name, "--eds", "cwl")
		b := c.rows2("queries", "run", name+"-insights", "--eds", "cwl")
		if len(a) == 0 || len(a) != len(b) {
			t.Errorf("%s: sql %d rows, insights %d rows", name, len(a), len(b))
		}
	}
}
