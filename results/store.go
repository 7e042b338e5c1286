// Package results owns ctlake's query records and query results: the DescribeQuery record of
// every query (status, statistics, delivery), the rows of finished queries kept for 7 days
// and paged out as GetQueryResults does, delivery of results to a bucket or folder in
// CloudTrail Lake's layout with a signed result_sign.json, and validation of a delivered
// folder against its signature.
//
// On disk, under the folder given to Open (ctlake passes <home>/queries):
//
//	signing-key.pem          the RSA 2048 private key that signs deliveries (PKCS#8 PEM, 0600)
//	signing-key.pub.pem      its public key (PKIX PEM, 0644)
//	records.lock             lock file: every record update holds it for a moment
//	<queryId>/record.json    the query record (see Record)
//	<queryId>/result.jsonl.gz  the rows of a FINISHED query (see resultfile.go)
//	<queryId>/result.idx     byte offsets of the result file's 1000-row blocks
//
// Every file is written atomically (temporary name, fsync, rename, fsync the folder), and
// every read-modify-write of a record holds records.lock, so several processes (the CLI and
// the server) may share one folder.
package results

import (
	"context"
	"crypto/rsa"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

// Retention is how long records and results are kept, counted from the query's creation
// (CloudTrail Lake keeps query results for 7 days).
const Retention = 7 * 24 * time.Hour

// Default account and region, the store's own defaults.
const (
	DefaultAccount = "123456789012"
	DefaultRegion  = "us-east-1"
)

// Default delivery file limits: a result_N.csv.gz file is closed once it holds
// DefaultMaxFileRows data rows or DefaultMaxFileBytes of uncompressed CSV, whichever comes
// first. One million rows keeps every file below a spreadsheet's 1,048,576-row limit.
const (
	DefaultMaxFileRows  = 1_000_000
	DefaultMaxFileBytes = 1 << 30
)

// Store keeps query records and results under one folder. It is safe for concurrent use, and
// several Stores (in several processes) may share a folder.
type Store struct {
	dir     string
	now     func() time.Time
	account string
	region  string
	statOf  func(error) Status
	limits  fileLimits
	key     *rsa.PrivateKey

	mu      sync.Mutex
	cancels map[string]map[*int]context.CancelFunc // in-process cancel hooks, by query id
}

type fileLimits struct {
	rows  int64
	bytes int64
}

// Option configures Open.
type Option func(*Store)

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithAccount sets the account id and region used in the delivery layout
// (AWSLogs/<account>/…) and in result_sign.json (default 123456789012, us-east-1).
func WithAccount(account, region string) Option {
	return func(s *Store) {
		if account != "" {
			s.account = account
		}
		if region != "" {
			s.region = region
		}
	}
}

// WithStatusOf sets how Finish turns a query error into a final status (FAILED, TIMED_OUT
// or CANCELLED). The default maps errors wrapping context.DeadlineExceeded to TIMED_OUT,
// context.Canceled to CANCELLED and anything else to FAILED; ctlake passes a function that
// also knows engine.ErrTimeout and engine.ErrCanceled.
func WithStatusOf(f func(error) Status) Option { return func(s *Store) { s.statOf = f } }

// WithDeliveryLimits sets when Deliver starts a new result_N.csv.gz file: after maxRows data
// rows or maxBytes of uncompressed CSV (defaults DefaultMaxFileRows, DefaultMaxFileBytes).
// Values <= 0 keep the default.
func WithDeliveryLimits(maxRows, maxBytes int64) Option {
	return func(s *Store) {
		if maxRows > 0 {
			s.limits.rows = maxRows
		}
		if maxBytes > 0 {
			s.limits.bytes = maxBytes
		}
	}
}

// Open opens (creating if needed) the store at dir, and loads its signing key, generating
// it on first use.
func Open(dir string, opts ...Option) (*Store, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open query store: %w", err)
	}
	s := &Store{
		dir: abs, now: time.Now, account: DefaultAccount, region: DefaultRegion,
		statOf:  defaultStatusOf,
		limits:  fileLimits{rows: DefaultMaxFileRows, bytes: DefaultMaxFileBytes},
		cancels: map[string]map[*int]context.CancelFunc{},
	}
	for _, o := range opts {
		o(s)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("open query store %s: %w", abs, err)
	}
	if s.key, err = loadOrCreateKey(context.Background(), s); err != nil {
		return nil, fmt.Errorf("open query store %s: %w", abs, err)
	}
	return s, nil
}

// Dir returns the store's absolute folder.
func (s *Store) Dir() string { return s.dir }

// PublicKey returns the public half of the signing key.
func (s *Store) PublicKey() *rsa.PublicKey { return &s.key.PublicKey }

// PublicKeyPath is the PEM file of the public key (for `ctlake results validate --public-key`).
func (s *Store) PublicKeyPath() string { return filepath.Join(s.dir, publicKeyFile) }

func (s *Store) queryDir(id string) string { return filepath.Join(s.dir, id) }

// withLock runs fn holding the exclusive lock file name in the store's folder, waiting for
// other holders (this process or others); ctx bounds the wait.
func (s *Store) withLock(ctx context.Context, name string, fn func() error) error {
	l := flock.New(filepath.Join(s.dir, name))
	ok, err := l.TryLockContext(ctx, 10*time.Millisecond)
	if err != nil {
		return fmt.Errorf("lock %s: %w", name, err)
	}
	if !ok {
		return fmt.Errorf("lock %s: %w", name, ctx.Err())
	}
	defer l.Unlock()
	return fn()
}
