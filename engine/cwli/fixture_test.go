package cwli

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/ctlake/ctlake/engine/cwli/internal/cwlitest"
	"github.com/ctlake/ctlake/store"
)

// The end-to-end fixture: an event data store of cwlitest.Events, written as one Parquet file
// by DuckDB itself with exactly store.Columns (names, order, types), and read back through a
// view named "trail" over read_parquet — the relation Translate's SQL runs on.

// lakeDB is a DuckDB database with an event data store view.
type lakeDB struct {
	db    *sql.DB
	table string // as Translate takes it
	dir   string
}

var (
	fixtureOnce sync.Once
	fixtureDB   *lakeDB
	fixtureErr  error
)

// fixture returns the shared fixture store (built once per test binary).
func fixture(t testing.TB) *lakeDB {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureDB, fixtureErr = newLakeDB("trail", cwlitest.ValuesOf(cwlitest.Events))
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureDB
}

// newLakeDB writes the events of src (a relation with column j of raw JSON) to a Parquet file
// in a temp directory and opens a DuckDB with a view name over it.
func newLakeDB(name, src string) (*lakeDB, error) {
	dir, err := os.MkdirTemp("", "cwli-test-")
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	path := filepath.Join(dir, "part-1.parquet")
	for _, s := range []string{
		"COPY (" + cwlitest.LakeSelect(src) + ") TO " + sqlString(path) + " (FORMAT parquet)",
		"CREATE VIEW " + quoteIdent(name) + " AS SELECT * FROM read_parquet(" + sqlString(path) + ")",
	} {
		if _, err := db.Exec(s); err != nil {
			db.Close()
			os.RemoveAll(dir)
			return nil, fmt.Errorf("build store %s: %w", name, err)
		}
	}
	return &lakeDB{db: db, table: quoteIdent(name), dir: dir}, nil
}

func (l *lakeDB) close() {
	l.db.Close()
	os.RemoveAll(l.dir)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDB != nil {
		fixtureDB.close()
	}
	os.Exit(code)
}

// run runs a statement and returns its column names and rows, values formatted by
// cwlitest.FormatValue.
func (l *lakeDB) run(stmt string) ([]string, [][]string, error) {
	rows, err := l.db.Query(stmt)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = cwlitest.FormatValue(v)
		}
		out = append(out, row)
	}
	return cols, out, rows.Err()
}

func TestFixtureMatchesStoreSchema(t *testing.T) {
	db := fixture(t)
	_, rows, err := db.run("SELECT column_name, column_type FROM (DESCRIBE " + db.table + ")")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(storeColumns()) {
		t.Fatalf("fixture has %d columns, the store %d", len(rows), len(storeColumns()))
	}
	for i, c := range storeColumns() {
		if rows[i][0] != c[0] || rows[i][1] != c[1] {
			t.Errorf("column %d: fixture %s %s, store %s %s", i, rows[i][0], rows[i][1], c[0], c[1])
		}
	}
	_, n, err := db.run("SELECT count(*), count(DISTINCT eventID) FROM " + db.table)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprint(len(cwlitest.Events)); n[0][0] != want || n[0][1] != want {
		t.Errorf("fixture has %v events and distinct IDs, want %s", n[0], want)
	}
}

// storeColumns lists store.Columns as DuckDB describes them.
func storeColumns() [][2]string {
	out := make([][2]string, len(store.Columns))
	for i, c := range store.Columns {
		out[i] = [2]string{c.Name, c.Type}
	}
	return out
}
