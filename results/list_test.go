package results

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func ids(recs []*Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.QueryID
	}
	return out
}

func TestList(t *testing.T) {
	ctx := context.Background()
	s, clock := newTestStore(t)
	other := strings.Replace(edsARN, "6ac5e7a8", "00000000", 1)
	start := clock.Now()
	a, _ := s.Create(ctx, "SELECT a", "sql", []string{edsARN}, "")
	clock.Advance(time.Hour)
	b, _ := s.Create(ctx, "SELECT b", "sql", []string{other}, "")
	clock.Advance(time.Hour)
	c, _ := s.Create(ctx, "SELECT c", "sql", []string{edsARN, other}, "")
	s.Cancel(ctx, c.QueryID)
	// Stray entries in the folder are not queries.
	os.WriteFile(filepath.Join(s.Dir(), "notes.txt"), []byte("x"), 0o644)
	os.Mkdir(filepath.Join(s.Dir(), "not-a-query"), 0o755)

	for _, tc := range []struct {
		name string
		f    ListFilter
		want []string
	}{
		{"all, newest first", ListFilter{}, []string{c.QueryID, b.QueryID, a.QueryID}},
		{"by ARN", ListFilter{EventDataStore: edsARN}, []string{c.QueryID, a.QueryID}},
		{"by id suffix", ListFilter{EventDataStore: other[strings.LastIndex(other, "/")+1:]}, []string{c.QueryID, b.QueryID}},
		{"by status", ListFilter{Status: Cancelled}, []string{c.QueryID}},
		{"from", ListFilter{StartTime: start.Add(time.Hour)}, []string{c.QueryID, b.QueryID}},
		{"until", ListFilter{EndTime: start.Add(time.Hour)}, []string{b.QueryID, a.QueryID}},
		{"window", ListFilter{StartTime: start.Add(30 * time.Minute), EndTime: start.Add(90 * time.Minute)}, []string{b.QueryID}},
		{"none", ListFilter{EventDataStore: "nope"}, nil},
	} {
		got, err := s.List(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !slices.Equal(ids(got), tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, ids(got), tc.want)
		}
	}
	_, err := s.List(ctx, ListFilter{StartTime: start.Add(time.Hour), EndTime: start})
	mustIs(t, err, ErrInvalidDateRange)
	_, err = s.List(ctx, ListFilter{Status: "DONE"})
	mustIs(t, err, ErrInvalidQueryStatus)
}

func TestExpire(t *testing.T) {
	ctx := context.Background()
	s, clock := newTestStore(t)
	cols, rows := numberedRows(10)
	old := runQuery(t, s, cols, rows)
	clock.Advance(24 * time.Hour)
	young := runQuery(t, s, cols, rows)
	// A folder a crash left without its record.
	orphan := filepath.Join(s.Dir(), "11111111-1111-4111-8111-111111111111")
	os.Mkdir(orphan, 0o755)
	os.WriteFile(filepath.Join(orphan, ".tmp-record.json-1"), []byte("{"), 0o644)
	past := clock.Now().Add(-8 * 24 * time.Hour)
	os.Chtimes(orphan, past, past)

	// Exactly 7 days after its creation, the old query is still there.
	clock.Advance(6 * 24 * time.Hour)
	if _, err := s.Describe(ctx, old.QueryID); err != nil {
		t.Fatalf("a query 7 days old: %v", err)
	}
	if p, err := s.Results(ctx, old.QueryID, 0, ""); err != nil || len(p.QueryResultRows) != 10 {
		t.Fatalf("results of a query 7 days old: %v", err)
	}

	// One second later it is gone, lazily through Describe …
	clock.Advance(time.Second)
	_, err := s.Describe(ctx, old.QueryID)
	mustIs(t, err, ErrQueryNotFound)
	_, err = s.Results(ctx, old.QueryID, 0, "")
	mustIs(t, err, ErrQueryNotFound)
	if _, err := os.Stat(s.queryDir(old.QueryID)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("expired query folder still there (%v)", err)
	}
	// … and List shows only the young one (and removed the orphan).
	list, err := s.List(ctx, ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(list), []string{young.QueryID}) {
		t.Errorf("List after expiry: %v", ids(list))
	}
	if _, err := os.Stat(orphan); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("orphan folder still there (%v)", err)
	}

	// Expire removes the rest when their time comes; the key stays.
	clock.Advance(2 * 24 * time.Hour)
	if err := s.Expire(ctx); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(s.Dir())
	for _, e := range entries {
		if e.IsDir() {
			t.Errorf("left %s", e.Name())
		}
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), privateKeyFile)); err != nil {
		t.Error("Expire removed the signing key")
	}
}

func TestExpireSweepsTrash(t *testing.T) {
	s, _ := newTestStore(t)
	trash := filepath.Join(s.Dir(), trashPrefix+"x")
	os.MkdirAll(filepath.Join(trash, "sub"), 0o755)
	if err := s.Expire(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(trash); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("trash left (%v)", err)
	}
}
