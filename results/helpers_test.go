package results

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// fakeRows is a RowSource over fixed rows; err, when set, ends it after failAfter rows.
type fakeRows struct {
	cols      []string
	rows      [][]any
	i         int
	err       error
	failAfter int
	scanned   int64
	bytes     int64
	elapsed   time.Duration
	cur       []any
}

func newFakeRows(cols []string, rows [][]any) *fakeRows {
	return &fakeRows{cols: cols, rows: rows, scanned: 1000, bytes: 123456, elapsed: 1500 * time.Millisecond}
}

func (f *fakeRows) Columns() []string { return f.cols }

func (f *fakeRows) Next() bool {
	if f.err != nil && f.i >= f.failAfter {
		return false
	}
	if f.i >= len(f.rows) {
		return false
	}
	f.cur = f.rows[f.i]
	f.i++
	return true
}

func (f *fakeRows) Values() []any { return f.cur }

func (f *fakeRows) Err() error {
	if f.err != nil && f.i >= f.failAfter {
		return f.err
	}
	return nil
}

func (f *fakeRows) Stats() (int64, int64, int64, time.Duration) {
	return int64(f.i), f.scanned, f.bytes, f.elapsed
}

// numberedRows makes n rows of (n, "row-n", eventTime n seconds after t0, NULL, {"k":n}).
func numberedRows(n int) (cols []string, rows [][]any) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cols = []string{"n", "name", "eventTime", "missing", "nested"}
	for i := range n {
		rows = append(rows, []any{int64(i), fmt.Sprintf("row-%d", i), t0.Add(time.Duration(i) * time.Second), nil, map[string]any{"k": int64(i)}})
	}
	return cols, rows
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 10, 8, 30, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var (
	testKeyOnce sync.Once
	testKeyPEM  []byte
)

// seedKey writes one shared test key into dir, so tests do not each generate RSA keys.
func seedKey(t testing.TB, dir string) {
	t.Helper()
	testKeyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			panic(err)
		}
		testKeyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	})
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, privateKeyFile), testKeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
}

// newTestStore opens a store in a temporary folder with a fake clock and the shared key.
func newTestStore(t testing.TB, opts ...Option) (*Store, *fakeClock) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "queries")
	seedKey(t, dir)
	clock := newFakeClock()
	s, err := Open(dir, append([]Option{WithClock(clock.Now)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s, clock
}

// runQuery creates, runs and finishes a query over rows.
func runQuery(t testing.TB, s *Store, cols []string, rows [][]any, eds ...string) *Record {
	t.Helper()
	ctx := context.Background()
	rec, err := s.Create(ctx, "SELECT * FROM x", "sql", eds, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetRunning(ctx, rec.QueryID); err != nil {
		t.Fatal(err)
	}
	rec, err = s.Finish(ctx, rec.QueryID, newFakeRows(cols, rows), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.QueryStatus != Finished {
		t.Fatalf("status %s, want FINISHED", rec.QueryStatus)
	}
	return rec
}

// allText reads every row of a finished query as text.
func allText(t testing.TB, s *Store, id string) (cols []string, rows [][]string) {
	t.Helper()
	r, err := s.OpenResult(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for r.Next() {
		rows = append(rows, r.Text())
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return r.Columns(), rows
}

// textRows is rows as Text gives them.
func textRows(rows [][]any) [][]string {
	out := make([][]string, len(rows))
	for i, row := range rows {
		out[i] = make([]string, len(row))
		for j, v := range row {
			out[i][j] = Text(v)
		}
	}
	return out
}

func mustIs(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want %v", err, target)
	}
}

func readStored(t testing.TB, s *Store, id string) *stored {
	t.Helper()
	var st stored
	data, err := os.ReadFile(filepath.Join(s.queryDir(id), recordFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatal(err)
	}
	return &st
}

func md5hex(b []byte) string {
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
