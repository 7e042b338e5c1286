package main

import (
	"strings"
	"testing"
)

func TestSavedQueries(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "sqs", "--selectors", allSelectors)
	c.ok("ingest", "--eds", "sqs", c.genEvents(4000, 51))

	c.ok("queries", "save", "by-source", "--description", "calls to one service",
		"SELECT eventName, count(*) AS n FROM sqs WHERE eventSource = ? GROUP BY 1 ORDER BY n DESC, eventName")
	rows := c.rows2("queries", "run", "by-source", "--param", "kms.amazonaws.com")
	if len(rows) == 0 {
		t.Fatal("no rows for kms")
	}
	var want int64
	for _, r := range rows {
		want += int64(r["n"].(float64))
	}
	if n := c.count("SELECT count(*) AS n FROM sqs WHERE eventSource = 'kms.amazonaws.com'"); n != want {
		t.Errorf("saved query counted %d, direct %d", want, n)
	}
	// A value is data, never SQL.
	if rows := c.rows2("queries", "run", "by-source", "--param", "x' OR '1'='1"); len(rows) != 0 {
		t.Errorf("injection through a parameter returned %d rows", len(rows))
	}
	c.fails([]string{"1 parameters", "0 values"}, "queries", "run", "by-source")
	c.fails([]string{"ConflictException"}, "queries", "save", "by-source", "SELECT 1")
	c.ok("queries", "save", "by-source", "--replace", "SELECT count(*) AS n FROM sqs")

	// The library: listed, runnable with --eds, read-only, copyable.
	list := c.ok("queries", "list", "--output", "csv")
	for _, want := range []string{"by-source,sql,saved", "07-s3-activity,sql,library", "13-console-login-without-mfa,sql,library"} {
		if !strings.Contains(list, want) {
			t.Errorf("queries list lacks %q:\n%s", want, list)
		}
	}
	if rows := c.rows2("queries", "run", "09-errors-by-api", "--eds", "sqs"); len(rows) == 0 {
		t.Error("library query found nothing")
	}
	c.fails([]string{"--eds"}, "queries", "run", "09-errors-by-api")
	c.fails([]string{"ConflictException", "library"}, "queries", "save", "09-errors-by-api", "SELECT 1")
	c.fails([]string{"ConflictException"}, "queries", "delete", "09-errors-by-api")
	c.ok("queries", "copy", "18-activity-by-ip", "my-ip")
	if out := c.ok("queries", "show", "my-ip"); !strings.Contains(out, "parameters: 1") || !strings.Contains(out, "sourceIPAddress = ?") {
		t.Errorf("show: %s", out)
	}
	if rows := c.rows2("queries", "run", "my-ip", "--eds", "sqs", "--param", "192.0.2.76"); len(rows) == 0 {
		t.Error("activity of 192.0.2.76 not found")
	}
	c.ok("queries", "delete", "my-ip")
	c.fails([]string{"QueryNotFound"}, "queries", "show", "my-ip")
}
