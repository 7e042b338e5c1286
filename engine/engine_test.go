package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/ctlake/ctlake/store"
)

// The fixture: a store root with two event data stores written by DuckDB itself.
//
//	trail (ID 5e2676f8-9fce-46ef-8142-3e36a94e6691): three daily files, 2024-01-01..03, 7 events;
//	    retention cutoff 2024-01-01 06:00, which hides the first event (05:00).
//	other-store (ID 0b5d1a7e-0000-4000-8000-000000000002): one file on 2024-01-02, 2 events.
const (
	trailID   = "5e2676f8-9fce-46ef-8142-3e36a94e6691"
	otherID   = "0b5d1a7e-0000-4000-8000-000000000002"
	arnPrefix = "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/"
)

type fixtureEvent struct {
	time, name, source, user, bucket, resource, errorCode string
}

var trailDays = map[string][]fixtureEvent{
	"2024-01-01": {
		{"2024-01-01 05:00:00", "GetObject", "s3.amazonaws.com", "Old", "old-bucket", "arn:aws:s3:::old-bucket", ""},
		{"2024-01-01 10:00:00", "GetObject", "s3.amazonaws.com", "Admin", "b1", "arn:aws:s3:::b1", ""},
		{"2024-01-01 12:00:00", "PutObject", "s3.amazonaws.com", "Admin", "b1", "arn:aws:s3:::b1", "AccessDenied"},
	},
	"2024-01-02": {
		{"2024-01-02 09:00:00", "ConsoleLogin", "signin.amazonaws.com", "Alice", "", "", ""},
		{"2024-01-02 18:30:00", "DeleteBucket", "s3.amazonaws.com", "Admin", "b2", "arn:aws:s3:::b2", ""},
	},
	"2024-01-03": {
		{"2024-01-03 01:00:00", "GetObject", "s3.amazonaws.com", "Bob", "b2", "arn:aws:s3:::b2", ""},
		{"2024-01-03 23:00:00", "RunInstances", "ec2.amazonaws.com", "Bob", "", "", "Client.UnauthorizedOperation"},
	},
}

var otherDays = map[string][]fixtureEvent{
	"2024-01-02": {
		{"2024-01-02 10:00:00", "GetObject", "s3.amazonaws.com", "Admin", "b1", "arn:aws:s3:::b1", ""},
		{"2024-01-02 11:00:00", "CreateUser", "iam.amazonaws.com", "Carol", "", "", ""},
	},
}

type fixture struct {
	root string
	cat  *fakeCatalog
}

var (
	fixtureOnce sync.Once
	fixtureVal  *fixture
	fixtureErr  error
)

// testFixture builds the fixture once per test binary.
func testFixture(t testing.TB) *fixture {
	t.Helper()
	fixtureOnce.Do(func() {
		root, err := os.MkdirTemp("", "ctlake-engine-test-")
		if err != nil {
			fixtureErr = err
			return
		}
		fixtureVal, fixtureErr = buildFixture(root)
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureVal
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureVal != nil {
		os.RemoveAll(fixtureVal.root)
	}
	os.Exit(code)
}

func buildFixture(root string) (*fixture, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	cat := &fakeCatalog{stores: map[string]*store.Snapshot{}}
	for _, s := range []struct {
		name, id string
		days     map[string][]fixtureEvent
		cutoff   time.Time
	}{
		{"trail", trailID, trailDays, time.Date(2024, 1, 1, 6, 0, 0, 0, time.UTC)},
		{"other-store", otherID, otherDays, time.Time{}},
	} {
		dir := filepath.Join(root, s.id)
		snap := &store.Snapshot{
			EDS: &store.EventDataStore{Name: s.name, EventDataStoreArn: arnPrefix + s.id, Status: store.StatusEnabled},
			Dir: dir, RetentionCutoff: s.cutoff,
		}
		for _, day := range []string{"2024-01-01", "2024-01-02", "2024-01-03"} {
			evs := s.days[day]
			if len(evs) == 0 {
				continue
			}
			rel := "eventday=" + day + "/part-1.parquet"
			path := filepath.Join(dir, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return nil, err
			}
			if _, err := db.Exec("COPY (" + fixtureSelect(evs) + ") TO '" + path + "' (FORMAT parquet)"); err != nil {
				return nil, fmt.Errorf("write %s: %w", path, err)
			}
			st, err := os.Stat(path)
			if err != nil {
				return nil, err
			}
			minT, _ := time.Parse(time.DateTime, evs[0].time)
			maxT, _ := time.Parse(time.DateTime, evs[len(evs)-1].time)
			snap.Files = append(snap.Files, store.FileInfo{Path: rel, Day: day, Rows: int64(len(evs)), Bytes: st.Size(), MinTime: minT, MaxTime: maxT})
		}
		cat.add(snap)
	}
	return &fixture{root: root, cat: cat}, nil
}

// fixtureSelect is a SELECT of the events with exactly store.Columns, in order and typed.
func fixtureSelect(evs []fixtureEvent) string {
	var parts []string
	for i, ev := range evs {
		q := func(s string) string {
			if s == "" {
				return "NULL"
			}
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
		exprs := map[string]string{
			"eventVersion": "'1.08'",
			"userIdentity": fmt.Sprintf(`{'type': 'AssumedRole', 'principalId': 'AROA:%[1]s', 'arn': 'arn:aws:sts::123456789012:assumed-role/Role%[1]s/%[1]s',
				'accountId': '123456789012', 'accessKeyId': 'ASIA%[2]d', 'userName': NULL,
				'sessionContext': {'attributes': {'creationDate': TIMESTAMP '2024-01-01 00:00:00', 'mfaAuthenticated': 'false'},
					'sessionIssuer': {'type': 'Role', 'principalId': 'AROA', 'arn': 'arn:aws:iam::123456789012:role/Role%[1]s', 'accountId': '123456789012', 'userName': %[3]s},
					'webIdFederationData': NULL, 'sourceIdentity': NULL, 'ec2RoleDelivery': NULL, 'ec2IssuedInVpc': NULL},
				'invokedBy': NULL, 'identityProvider': NULL, 'onBehalfOf': NULL, 'credentialId': NULL}`, ev.user, i, q(ev.user)),
			"eventTime":          "TIMESTAMP " + q(ev.time),
			"eventSource":        q(ev.source),
			"eventName":          q(ev.name),
			"awsRegion":          "'us-east-1'",
			"sourceIPAddress":    "'192.0.2.1'",
			"userAgent":          "'aws-cli/2'",
			"errorCode":          q(ev.errorCode),
			"requestID":          fmt.Sprintf("'req-%d'", i),
			"eventID":            q(fmt.Sprintf("%s-%s", ev.time, ev.name)),
			"readOnly":           "true",
			"eventType":          "'AwsApiCall'",
			"managementEvent":    "true",
			"recipientAccountId": "'123456789012'",
			"eventCategory":      "'Management'",
			"eventJson":          "'{}'",
		}
		if ev.bucket != "" {
			exprs["requestParameters"] = fmt.Sprintf("MAP {'bucketName': %s, 'Host': 'example.com'}", q(ev.bucket))
		}
		if ev.resource != "" {
			exprs["resources"] = fmt.Sprintf("[{'accountId': '123456789012', 'type': 'AWS::S3::Bucket', 'ARN': %s, 'arnPrefix': NULL}]", q(ev.resource))
		}
		var cols []string
		for _, c := range store.Columns {
			e, ok := exprs[c.Name]
			if !ok {
				e = "NULL"
			}
			cols = append(cols, fmt.Sprintf("CAST(%s AS %s) AS %s", e, c.Type, c.Name))
		}
		parts = append(parts, "SELECT "+strings.Join(cols, ", "))
	}
	return strings.Join(parts, " UNION ALL ")
}

// fakeCatalog resolves a store by name, ID or ARN.
type fakeCatalog struct {
	mu     sync.Mutex
	stores map[string]*store.Snapshot
	calls  int
}

func (c *fakeCatalog) add(s *store.Snapshot) {
	c.stores[s.EDS.Name] = s
	c.stores[s.EDS.ID()] = s
	c.stores[s.EDS.EventDataStoreArn] = s
}

func (c *fakeCatalog) Snapshot(_ context.Context, ref string) (*store.Snapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if s, ok := c.stores[ref]; ok {
		return s, nil
	}
	return nil, fmt.Errorf("event data store %q: %w", ref, store.ErrNotFound)
}

// TableSnapshot resolves <ref>.<table> to the tables registered under "ref/table".
func (c *fakeCatalog) TableSnapshot(_ context.Context, ref, table string) (*store.Snapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stores[ref+"/"+table]; ok {
		return s, nil
	}
	return nil, fmt.Errorf("table %s of %q: %w", table, ref, store.ErrNotFound)
}

// openTest opens an engine over the fixture.
func openTest(t testing.TB, cfg Config) (*Engine, *fixture) {
	t.Helper()
	fx := testFixture(t)
	cfg.Root = fx.root
	if cfg.MemoryLimit == "" {
		cfg.MemoryLimit = "512MB"
	}
	if cfg.Threads == 0 {
		cfg.Threads = 2
	}
	e, err := Open(context.Background(), cfg, fx.cat)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	})
	return e, fx
}

// queryAll runs a statement and returns its rows as values, and the final stats.
func queryAll(t testing.TB, e *Engine, stmt string) ([]ColumnInfo, [][]any, Stats, error) {
	t.Helper()
	rows, err := e.Query(context.Background(), stmt)
	if err != nil {
		return nil, nil, Stats{}, err
	}
	var out [][]any
	for rows.Next() {
		out = append(out, rows.Values())
	}
	err = rows.Err()
	if cerr := rows.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return rows.Columns(), out, rows.Stats(), err
}

func mustQuery(t testing.TB, e *Engine, stmt string) ([]ColumnInfo, [][]any, Stats) {
	t.Helper()
	cols, rows, st, err := queryAll(t, e, stmt)
	if err != nil {
		t.Fatalf("query %q: %v", stmt, err)
	}
	return cols, rows, st
}

func TestQuerySmoke(t *testing.T) {
	e, _ := openTest(t, Config{})
	cols, rows, st := mustQuery(t, e, "SELECT eventName, eventTime FROM trail ORDER BY eventTime")
	if len(cols) != 2 || cols[0].Name != "eventName" || cols[0].Type != "VARCHAR" || cols[1].Type != "TIMESTAMP" {
		t.Fatalf("columns = %+v", cols)
	}
	if len(rows) != 6 {
		t.Fatalf("got %d rows, want 6 (7 minus one before the retention cutoff): %v", len(rows), rows)
	}
	if rows[0][0] != "GetObject" || !rows[0][1].(time.Time).Equal(time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("first row = %v", rows[0])
	}
	if st.EventsMatched != 6 || st.EventsScanned != 7 || st.BytesScanned == 0 || st.ExecutionTime <= 0 {
		t.Errorf("stats = %+v", st)
	}
	// SELECT * gives exactly the Lake columns: no hive partition column.
	cols, _, _ = mustQuery(t, e, "SELECT * FROM trail LIMIT 1")
	if len(cols) != len(store.Columns) {
		t.Fatalf("SELECT * has %d columns, want %d", len(cols), len(store.Columns))
	}
	for i, c := range store.Columns {
		if cols[i].Name != c.Name || (!strings.ContainsAny(c.Type, "(") && cols[i].Type != c.Type) {
			t.Errorf("column %d = %+v, want %+v", i, cols[i], c)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(context.Background(), Config{}, &fakeCatalog{}); err == nil {
		t.Error("Open without root succeeded")
	}
	if _, err := Open(context.Background(), Config{Root: "/nonexistent/ctlake"}, &fakeCatalog{}); err == nil {
		t.Error("Open with a missing root succeeded")
	}
}

func TestTimeout(t *testing.T) {
	e, _ := openTest(t, Config{Timeout: 300 * time.Millisecond})
	start := time.Now()
	_, _, _, err := queryAll(t, e, "SELECT sum(a.range * b.range) FROM range(100000000) a CROSS JOIN range(100000000) b")
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timeout took %s to interrupt DuckDB", d)
	}
	// The engine still works afterwards.
	mustQuery(t, e, "SELECT count(*) FROM trail")
}

func TestCancel(t *testing.T) {
	e, _ := openTest(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := e.Query(ctx, "SELECT sum(a.range * b.range) FROM range(100000000) a CROSS JOIN range(100000000) b")
	if !errors.Is(err, ErrCanceled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want ErrCanceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancel took %s to interrupt DuckDB", d)
	}
}

func TestLakeQueries(t *testing.T) {
	e, _ := openTest(t, Config{})
	one := func(stmt string) []any {
		t.Helper()
		_, rows, _ := mustQuery(t, e, stmt)
		if len(rows) != 1 {
			t.Fatalf("%s: %d rows, want 1: %v", stmt, len(rows), rows)
		}
		return rows[0]
	}
	eq := func(stmt string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s:\n got %v\nwant %v", stmt, got, want)
		}
	}

	q := `SELECT useridentity.sessioncontext.sessionissuer.username, USERIDENTITY.SessionContext.SessionIssuer.UserName,
		userIdentity.sessionContext.sessionIssuer.userName FROM trail WHERE eventname = 'ConsoleLogin'`
	eq(q, one(q), []any{"Alice", "Alice", "Alice"})

	q = `SELECT element_at(requestParameters, 'bucketName'), element_at(requestparameters, 'missing'),
		element_at(resources, 1).arn, element_at(resources, 2), element_at(resources, -1).ARN
		FROM trail WHERE eventName = 'DeleteBucket'`
	eq(q, one(q), []any{"b2", nil, "arn:aws:s3:::b2", nil, "arn:aws:s3:::b2"})

	q = `SELECT r.arn, r.type FROM trail CROSS JOIN UNNEST(resources) AS t(r) WHERE eventName = 'PutObject'`
	eq(q, one(q), []any{"arn:aws:s3:::b1", "AWS::S3::Bucket"})

	for _, ref := range []string{"trail", trailID, `"` + trailID + `"`, `"` + arnPrefix + trailID + `"`} {
		q = "SELECT count(*) FROM " + ref
		eq(q, one(q), []any{6})
	}

	q = `WITH s3 AS (SELECT eventName FROM trail WHERE eventSource = 's3.amazonaws.com')
		SELECT count(*), count(DISTINCT eventName) FROM s3`
	eq(q, one(q), []any{4, 3})

	q = `SELECT a.eventName, b.eventName, a.eventTime < b.eventTime FROM trail a
		JOIN "other-store" b ON element_at(a.requestParameters, 'bucketName') = element_at(b.requestParameters, 'bucketName')
		WHERE a.eventName = 'PutObject'`
	eq(q, one(q), []any{"PutObject", "GetObject", true})

	// The retention cutoff (2024-01-01 06:00) hides the 05:00 event, even when asked for.
	q = `SELECT count(*) FROM trail WHERE eventTime < '2024-01-01 06:00:00' OR element_at(requestParameters, 'bucketName') = 'old-bucket'`
	eq(q, one(q), []any{0})

	q = `SELECT eventTime FROM trail WHERE eventTime > '2024-01-03 12:00:00'`
	eq(q, one(q)[0], time.Date(2024, 1, 3, 23, 0, 0, 0, time.UTC))

	// Whole nested values come back as plain Go values.
	q = `SELECT userIdentity, requestParameters, resources, readOnly FROM trail WHERE eventName = 'PutObject'`
	row := one(q)
	ui, ok := row[0].(map[string]any)
	if !ok {
		t.Fatalf("userIdentity is %T", row[0])
	}
	sc := ui["sessionContext"].(map[string]any)
	if sc["sessionIssuer"].(map[string]any)["userName"] != "Admin" ||
		!sc["attributes"].(map[string]any)["creationDate"].(time.Time).Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("userIdentity = %v", ui)
	}
	if rp, ok := row[1].(map[string]any); !ok || rp["bucketName"] != "b1" || len(rp) != 2 {
		t.Errorf("requestParameters = %#v", row[1])
	}
	if res, ok := row[2].([]any); !ok || len(res) != 1 || res[0].(map[string]any)["ARN"] != "arn:aws:s3:::b1" {
		t.Errorf("resources = %#v", row[2])
	}
	if row[3] != true {
		t.Errorf("readOnly = %#v", row[3])
	}

	// A user alias and the store's own name both qualify columns.
	q = `SELECT trail.eventName, "other-store".eventName FROM trail, "other-store" WHERE trail.eventName = 'ConsoleLogin' AND "other-store".eventName = 'CreateUser'`
	eq(q, one(q), []any{"ConsoleLogin", "CreateUser"})
}

func TestUnknownStore(t *testing.T) {
	e, _ := openTest(t, Config{})
	_, _, _, err := queryAll(t, e, "SELECT * FROM trail JOIN no-such-store ON true")
	if !errors.Is(err, store.ErrNotFound) || errors.Is(err, ErrInvalidQuery) || !strings.Contains(err.Error(), `"no-such-store"`) {
		t.Errorf("err = %v, want ErrNotFound naming the store", err)
	}
}

func TestBindErrors(t *testing.T) {
	e, _ := openTest(t, Config{})
	_, _, _, err := queryAll(t, e, "SELECT noSuchColumn FROM trail")
	var qe *QueryError
	if !errors.As(err, &qe) || !errors.Is(err, ErrInvalidQuery) || strings.Contains(err.Error(), "LINE") {
		t.Errorf("unknown column: err = %v, want ErrInvalidQuery without DuckDB's LINE excerpt", err)
	}
	_, _, _, err = queryAll(t, e, "SELECT CAST(eventName AS INTEGER) FROM trail")
	if !errors.Is(err, ErrQueryFailed) {
		t.Errorf("bad cast: err = %v, want ErrQueryFailed", err)
	}
}

func TestConcurrentQueries(t *testing.T) {
	e, _ := openTest(t, Config{})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stmt := fmt.Sprintf("SELECT count(*) FROM trail a JOIN other-store b ON a.eventName = b.eventName WHERE %d = %d", i, i)
			_, rows, _, err := queryAll(t, e, stmt)
			if err == nil && fmt.Sprint(rows) != "[[2]]" {
				err = fmt.Errorf("rows = %v", rows)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestRowsLifecycle(t *testing.T) {
	e, _ := openTest(t, Config{})
	e.db.SetMaxOpenConns(1) // so that the check below sees the query's connection
	rows, err := e.Query(context.Background(), "SELECT eventName FROM trail ORDER BY eventTime")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() || rows.Values()[0] != "GetObject" {
		t.Fatalf("first row: %v", rows.Values())
	}
	// Close early: views dropped, connection back in the pool, Close idempotent.
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Error("Next after Close")
	}
	if st := rows.Stats(); st.EventsMatched != 1 || st.ExecutionTime <= 0 {
		t.Errorf("stats = %+v", st)
	}
	ctx := context.Background()
	conn, err := e.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM duckdb_views() WHERE view_name LIKE '__eds%'").Scan(&n); err != nil || n != 0 {
		t.Errorf("temp views left: %d, %v", n, err)
	}
}
