package engine

import (
	"context"
	"sync"
	"testing"

	"github.com/ctlake/ctlake/store"
)

// vanishingCatalog's first snapshot of a store names one more file than exists, as a
// snapshot taken just before compaction moved a file away would.
type vanishingCatalog struct {
	inner Catalog
	mu    sync.Mutex
	calls int
}

func (c *vanishingCatalog) TableSnapshot(ctx context.Context, ref, table string) (*store.Snapshot, error) {
	return c.inner.TableSnapshot(ctx, ref, table)
}

func (c *vanishingCatalog) Snapshot(ctx context.Context, ref string) (*store.Snapshot, error) {
	s, err := c.inner.Snapshot(ctx, ref)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if err != nil || c.calls > 1 || len(s.Files) == 0 {
		return s, err
	}
	cp := *s
	gone := s.Files[0]
	gone.Path = "eventday=" + gone.Day + "/moved-by-compaction.parquet"
	cp.Files = append([]store.FileInfo{gone}, s.Files...)
	return &cp, nil
}

func TestQueryRetriesOnMovedFile(t *testing.T) {
	fx := testFixture(t)
	cat := &vanishingCatalog{inner: fx.cat}
	e, err := Open(context.Background(), Config{Root: fx.root, MemoryLimit: "512MB", Threads: 2}, cat)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var name string
	for n := range fx.cat.stores {
		name = n
		break
	}
	rows, err := e.Query(context.Background(), `SELECT count(*) FROM "`+name+`"`)
	if err != nil {
		t.Fatalf("query did not recover from a moved file: %v", err)
	}
	rows.Close()
	if cat.calls < 2 {
		t.Errorf("snapshot taken %d times, want a retry", cat.calls)
	}
}
