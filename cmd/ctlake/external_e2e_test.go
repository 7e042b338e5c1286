package main

import (
	"database/sql"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// TestReadableWithoutCtlake: plain DuckDB reads a store's folder through the printed DDL and
// gets ctlake's answers, before and after compaction.
func TestReadableWithoutCtlake(t *testing.T) {
	c := newCLI(t)
	c.ok("eds", "create", "ext", "--selectors", allSelectors)
	for seed := 61; seed < 66; seed++ { // several small ingests: files for compaction
		c.ok("ingest", "--eds", "ext", c.genEvents(1500, seed))
	}
	ddl := c.ok("eds", "ddl", "ext", "--dialect", "duckdb")
	if !strings.Contains(ddl, "read_parquet(") {
		t.Fatalf("ddl: %s", ddl)
	}
	athena := c.ok("eds", "ddl", "ext", "--location", "s3://bucket/lake/ext")
	if !strings.Contains(athena, "CREATE EXTERNAL TABLE `ext`") || !strings.Contains(athena, "LOCATION 's3://bucket/lake/ext/'") {
		t.Errorf("athena ddl: %s", athena)
	}
	check := func(when string) {
		db, err := sql.Open("duckdb", "")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(ddl); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		var n, distinct int64
		var issuer sql.NullString
		if err := db.QueryRow(`SELECT count(*), count(DISTINCT eventID), max(userIdentity.sessionContext.sessionIssuer.userName) FROM ext`).Scan(&n, &distinct, &issuer); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		want := c.count("SELECT count(*) AS n FROM ext")
		if n != want || distinct != want || !issuer.Valid {
			t.Errorf("%s: DuckDB without ctlake sees %d events (%d distinct), ctlake %d", when, n, distinct, want)
		}
	}
	check("before compaction")
	c.ok("compact", "ext")
	check("after compaction")
}
