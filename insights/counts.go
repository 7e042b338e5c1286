package insights

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/ctlake/ctlake/store"
	_ "github.com/duckdb/duckdb-go/v2" // the DuckDB database/sql driver
)

// duck is the job's private in-memory DuckDB: it reads the source store's Parquet files
// directly (the job's own statements, not users', so the Lake sandbox is not in the way).
type duck struct{ db *sql.DB }

func openDuck(ctx context.Context) (*duck, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, fmt.Sprintf("SET threads = %d", runtime.NumCPU())); err != nil {
		db.Close()
		return nil, fmt.Errorf("configure duckdb: %w", err)
	}
	return &duck{db: db}, nil
}

func (d *duck) Close() error { return d.db.Close() }

// files returns the paths of snap's files that may hold events in [from, to), as a DuckDB list
// literal, and how many events they hold.
func files(snap *store.Snapshot, from, to time.Time) (string, int64) {
	var b strings.Builder
	var rows int64
	for _, f := range snap.Files {
		if f.MaxTime.Before(from) || !f.MinTime.Before(to) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(filepath.Join(snap.Dir, filepath.FromSlash(f.Path))))
		rows += f.Rows
	}
	if b.Len() == 0 {
		return "", 0
	}
	return "[" + b.String() + "]", rows
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func ts(t time.Time) string { return "TIMESTAMP '" + t.UTC().Format("2006-01-02 15:04:05") + "'" }

// managementFilter selects the events Insights analyses: management events (a record without
// the managementEvent field counts when its category is Management or unknown), never
// Insight records themselves.
const managementFilter = `coalesce("managementEvent", true) AND coalesce("eventCategory", 'Management') = 'Management'`

// countSQL aggregates calls per minute: writes (for call rate) and errors (for error rate).
// Minute m is the number of minutes since from.
const countSQL = `CREATE OR REPLACE TEMP TABLE agg AS
SELECT coalesce("recipientAccountId", '') AS acct, coalesce("awsRegion", '') AS region,
       "eventSource" AS src, "eventName" AS name, coalesce("errorCode", '') AS err,
       NOT coalesce("readOnly", false) AS write,
       CAST(floor((epoch("eventTime") - %d) / 60) AS INTEGER) AS m, CAST(count(*) AS INTEGER) AS n
FROM read_parquet(%s)
WHERE "eventTime" >= %s AND "eventTime" < %s AND %s
  AND (NOT coalesce("readOnly", false) OR "errorCode" IS NOT NULL)
GROUP BY ALL`

// countGrid counts the source's calls and errors per minute and series over [from, to).
func (d *duck) countGrid(ctx context.Context, snap *store.Snapshot, types []string, from, to time.Time) (*grid, error) {
	g := newGrid(from, int(to.Sub(from)/time.Minute))
	list, _ := files(snap, from, to)
	if list == "" {
		return g, nil
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(countSQL, from.Unix(), list, ts(from), ts(to), managementFilter)); err != nil {
		return nil, fmt.Errorf("count %s per minute: %w", snap.EDS.Name, err)
	}
	// Keys first, then (key, minute, count) as integers: a few thousand strings instead of one
	// set per row.
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE keys AS
		SELECT CAST(row_number() OVER () - 1 AS INTEGER) AS k, * FROM (SELECT DISTINCT acct, region, src, name, err, write FROM agg)`); err != nil {
		return nil, fmt.Errorf("count %s per minute: %w", snap.EDS.Name, err)
	}
	type keyInfo struct {
		call, errs Key
		write      bool
		err        string
	}
	var keys []keyInfo
	kr, err := conn.QueryContext(ctx, `SELECT acct, region, src, name, err, write FROM keys ORDER BY k`)
	if err != nil {
		return nil, err
	}
	for kr.Next() {
		var ki keyInfo
		var base Key
		if err := kr.Scan(&base.Account, &base.Region, &base.EventSource, &base.EventName, &ki.err, &ki.write); err != nil {
			kr.Close()
			return nil, err
		}
		ki.call, ki.errs = base, base
		ki.call.InsightType = CallRate
		ki.errs.InsightType, ki.errs.ErrorCode = ErrorRate, ki.err
		keys = append(keys, ki)
	}
	if err := kr.Close(); err != nil {
		return nil, err
	}
	calls, errs := slices.Contains(types, CallRate), slices.Contains(types, ErrorRate)
	r, err := conn.QueryContext(ctx, `SELECT k, m, n FROM agg JOIN keys USING (acct, region, src, name, err, write)`)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	for r.Next() {
		var k, m, n int32
		if err := r.Scan(&k, &m, &n); err != nil {
			return nil, err
		}
		ki := keys[k]
		if calls && ki.write {
			g.add(ki.call, int(m), n)
		}
		if errs && ki.err != "" {
			g.add(ki.errs, int(m), n)
		}
	}
	return g, r.Err()
}
