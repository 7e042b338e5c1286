// Package store owns ctlake's on-disk state: the catalog of event data stores, their Parquet
// files in Hive layout (one folder per event data store, one partition per UTC day of
// eventTime), the manifests that say which files make up each store, imports, compaction and
// retention. Every write is atomic (temporary name, fsync, rename) and every change of shared
// state happens under a file lock, so several processes may use one store at once and a crash
// at any moment leaves the last committed state intact.
package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ctlake/ctlake/internal/atomicfile"

	"github.com/gofrs/flock"
)

// Config is the store-wide configuration, kept in config.json at the root.
type Config struct {
	AccountID string `json:"AccountId"`
	Region    string `json:"Region"`
	// MaxEventDataStores is CloudTrail's per-region limit (10).
	MaxEventDataStores int `json:"MaxEventDataStores"`
}

// Store is one ctlake home folder. It holds no mutable state of its own beyond its
// configuration: the files are the truth, so several Store values (in several processes) may
// share a root.
type Store struct {
	root string
	cfg  Config
	now  func() time.Time
}

// Option configures Open.
type Option func(*Store)

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// Open opens (creating if needed) the store at root. A new store takes its account and region
// from CTLAKE_ACCOUNT_ID and AWS_REGION (defaults 123456789012 and us-east-1).
func Open(root string, opts ...Option) (*Store, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	s := &Store{root: abs, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if err := os.MkdirAll(filepath.Join(abs, "eds"), 0o755); err != nil {
		return nil, fmt.Errorf("open store %s: %w", abs, err)
	}
	cfgPath := filepath.Join(abs, "config.json")
	err = atomicfile.ReadJSON(cfgPath, &s.cfg)
	if errors.Is(err, os.ErrNotExist) {
		s.cfg = Config{AccountID: envOr("CTLAKE_ACCOUNT_ID", "123456789012"), Region: envOr("AWS_REGION", "us-east-1"), MaxEventDataStores: 10}
		err = s.withLock(context.Background(), "config.lock", func() error {
			if atomicfile.ReadJSON(cfgPath, &s.cfg) == nil {
				return nil // another process created it first
			}
			return atomicfile.WriteJSON(cfgPath, s.cfg)
		})
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", abs, err)
	}
	return s, nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// Root returns the absolute root folder.
func (s *Store) Root() string { return s.root }

// Config returns the store configuration.
func (s *Store) Config() Config { return s.cfg }

// Now returns the store's clock reading.
func (s *Store) Now() time.Time { return s.now() }

// withLock runs fn holding an exclusive lock on the lock file rel (relative to the root),
// waiting for other processes; ctx bounds the wait.
func (s *Store) withLock(ctx context.Context, rel string, fn func() error) error {
	path := filepath.Join(s.root, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	l := flock.New(path)
	ok, err := l.TryLockContext(ctx, 20*time.Millisecond)
	if err != nil {
		return fmt.Errorf("lock %s: %w", rel, err)
	}
	if !ok {
		return fmt.Errorf("lock %s: %w", rel, ctx.Err())
	}
	defer l.Unlock()
	return fn()
}
