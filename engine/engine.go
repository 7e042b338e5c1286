// Package engine runs CloudTrail Lake SQL over event data stores: it checks a statement
// (one SELECT, allowed functions and tables only), translates it to DuckDB SQL over the
// stores' Parquet files, and runs it in an in-memory DuckDB locked down to the store's root.
package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/ctlake/ctlake/store"
)

// Catalog resolves an event data store reference (name, UUID id, or ARN) to a snapshot of its
// files. It returns an error wrapping store.ErrNotFound for an unknown reference.
type Catalog interface {
	Snapshot(ctx context.Context, ref string) (*store.Snapshot, error)
	// TableSnapshot resolves <ref>.<table>, a derived table of a store (store.TableColumns).
	TableSnapshot(ctx context.Context, ref, table string) (*store.Snapshot, error)
}

// Config configures an Engine. Zero values take the defaults.
type Config struct {
	Root        string        // the store's root folder: the only directory DuckDB may read
	MemoryLimit string        // DuckDB memory_limit per engine, e.g. "4GB" (default "4GB")
	Threads     int           // default runtime.NumCPU()
	Timeout     time.Duration // per query (default 1h, like Lake); exceeded => error wrapping ErrTimeout
	// TempDir is where DuckDB spills when a query outgrows MemoryLimit. Default: a private
	// directory under os.TempDir(), removed by Close. It must not be inside Root.
	TempDir string
}

const (
	defaultMemoryLimit = "4GB"
	defaultTimeout     = time.Hour
)

// Engine runs queries. It is safe for concurrent use; each query runs on its own DuckDB
// connection of one in-memory database.
type Engine struct {
	cfg     Config
	cat     Catalog
	db      *sql.DB
	parser  *parser
	funcs   funcSet
	ownTemp bool
}

// Open starts an engine: an in-memory DuckDB that may read Root only, with external access,
// extension loading and configuration changes switched off.
func Open(ctx context.Context, cfg Config, cat Catalog) (*Engine, error) {
	if cfg.Root == "" {
		return nil, errors.New("engine: no root directory")
	}
	root, err := filepath.Abs(cfg.Root)
	if err != nil {
		return nil, fmt.Errorf("engine: root: %w", err)
	}
	if st, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("engine: root: %w", err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("engine: root %s is not a directory", root)
	}
	cfg.Root = root
	if cfg.MemoryLimit == "" {
		cfg.MemoryLimit = defaultMemoryLimit
	}
	if cfg.Threads <= 0 {
		cfg.Threads = runtime.NumCPU()
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	e := &Engine{cfg: cfg, cat: cat}
	if e.cfg.TempDir == "" {
		dir, err := os.MkdirTemp("", "ctlake-duckdb-")
		if err != nil {
			return nil, fmt.Errorf("engine: temp dir: %w", err)
		}
		e.cfg.TempDir, e.ownTemp = dir, true
	} else if within(root, e.cfg.TempDir) {
		return nil, fmt.Errorf("engine: temp dir %s is inside the root", e.cfg.TempDir)
	}
	if err := e.open(ctx); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

func (e *Engine) open(ctx context.Context) error {
	// Startup options: the ones DuckDB accepts only before the database exists, and the
	// extension switches, so nothing is ever downloaded or loaded from disk.
	opts := url.Values{}
	for k, v := range map[string]string{
		"autoinstall_known_extensions": "false",
		"autoload_known_extensions":    "false",
		"allow_community_extensions":   "false",
		"allow_unsigned_extensions":    "false",
		"allow_persistent_secrets":     "false",
		"temp_directory":               e.cfg.TempDir,
		"threads":                      strconv.Itoa(e.cfg.Threads),
		"memory_limit":                 e.cfg.MemoryLimit,
	} {
		opts.Set(k, v)
	}
	connector, err := duckdb.NewConnector("?"+opts.Encode(), nil)
	if err != nil {
		return fmt.Errorf("engine: open duckdb: %w", err)
	}
	e.db = sql.OpenDB(connector)
	e.db.SetMaxIdleConns(max(2, e.cfg.Threads))

	// The engine's own macros come before the allow-list is read, so it includes them.
	if err := createMacros(ctx, e.db); err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	if e.funcs, err = loadFunctions(ctx, e.db); err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	// The second wall. Order matters: allowed_directories is only honoured once external
	// access is off, can no longer be changed afterwards, and lock_configuration must come
	// last. TimeZone UTC makes TIMESTAMPTZ literals compare with eventTime as Lake does;
	// integer_division makes 5 / 2 = 2, as in Trino.
	for _, stmt := range []string{
		"SET GLOBAL TimeZone = 'UTC'",
		"SET GLOBAL integer_division = true",
		"SET GLOBAL allowed_directories = [" + quoteString(e.cfg.Root) + "]",
		"SET GLOBAL enable_external_access = false",
		"SET GLOBAL lock_configuration = true",
	} {
		if _, err := e.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("engine: %s: %w", stmt, err)
		}
	}
	if e.parser, err = newParser(ctx, e.db); err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	return nil
}

// Close stops the engine. Rows still open must be closed first.
func (e *Engine) Close() error {
	var errs []error
	if e.parser != nil {
		errs = append(errs, e.parser.Close())
	}
	if e.db != nil {
		errs = append(errs, e.db.Close())
	}
	if e.ownTemp {
		errs = append(errs, os.RemoveAll(e.cfg.TempDir))
	}
	return errors.Join(errs...)
}

// query checks, translates and runs one statement once (see Query).
func (e *Engine) query(ctx context.Context, stmt string) (*Rows, error) {
	start := time.Now()
	qctx, cancel := context.WithTimeoutCause(ctx, e.cfg.Timeout, errTimeoutCause)
	var conn *sql.Conn
	plan, err := e.translate(qctx, stmt)
	if err == nil {
		conn, err = e.db.Conn(qctx)
	}
	if err != nil {
		err = e.queryError(qctx, err) // before cancel: it reads the context's state
		cancel()
		return nil, err
	}
	release := func() error {
		defer cancel()
		return e.release(ctx, conn, plan)
	}
	for _, v := range plan.Views {
		if _, err := conn.ExecContext(qctx, v.SQL); err != nil {
			return nil, errors.Join(e.queryError(qctx, fmt.Errorf("create view %s: %w", v.Name, err)), release())
		}
	}
	rows, err := conn.QueryContext(qctx, plan.SQL)
	if err != nil {
		return nil, errors.Join(e.queryError(qctx, err), release())
	}
	r, err := newRows(rows, start, plan, release, func(err error) error { return e.queryError(qctx, err) })
	if err != nil {
		rows.Close()
		return nil, errors.Join(e.queryError(qctx, err), release())
	}
	return r, nil
}

// release drops a query's views and returns its connection to the pool; a connection whose
// views could not be dropped is discarded instead.
func (e *Engine) release(ctx context.Context, conn *sql.Conn, plan *Plan) error {
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var dropErr error
	for _, v := range plan.Views {
		if _, err := conn.ExecContext(dctx, "DROP VIEW IF EXISTS "+v.Name); err != nil {
			dropErr = fmt.Errorf("drop view %s: %w", v.Name, err)
			break
		}
	}
	if dropErr != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	if err := conn.Close(); err != nil && !errors.Is(err, driver.ErrBadConn) && dropErr == nil {
		return err
	}
	return dropErr
}

// Translate returns the DuckDB SQL a statement becomes (for --explain), and the plan facts,
// without running it.
func (e *Engine) Translate(ctx context.Context, stmt string) (*Plan, error) {
	qctx, cancel := context.WithTimeoutCause(ctx, e.cfg.Timeout, errTimeoutCause)
	defer cancel()
	plan, err := e.translate(qctx, stmt)
	if err != nil {
		return nil, e.queryError(qctx, err)
	}
	return plan, nil
}

var errTimeoutCause = errors.New("engine timeout")

// queryError maps an error of a query to the catalog: the context's end to ErrTimeout or
// ErrCanceled, DuckDB's binder and catalog errors to ErrInvalidQuery, other DuckDB errors to
// ErrQueryFailed. Errors already in the catalog pass unchanged.
func (e *Engine) queryError(qctx context.Context, err error) error {
	if cerr := qctx.Err(); cerr != nil {
		if errors.Is(context.Cause(qctx), errTimeoutCause) {
			return fmt.Errorf("%w: the query ran longer than %s (%w)", ErrTimeout, e.cfg.Timeout, cerr)
		}
		if errors.Is(cerr, context.DeadlineExceeded) {
			return fmt.Errorf("%w (%w)", ErrTimeout, cerr)
		}
		return fmt.Errorf("%w (%w)", ErrCanceled, cerr)
	}
	var qe *QueryError
	if errors.As(err, &qe) || errors.Is(err, ErrInvalidQuery) || errors.Is(err, store.ErrNotFound) {
		return err
	}
	var de *duckdb.Error
	if !errors.As(err, &de) {
		return err
	}
	msg := duckdbMessage(de.Msg)
	switch de.Type {
	case duckdb.ErrorTypeBinder, duckdb.ErrorTypeCatalog, duckdb.ErrorTypeParser, duckdb.ErrorTypeSyntax,
		duckdb.ErrorTypeParameterNotResolved, duckdb.ErrorTypeParameterNotAllowed, duckdb.ErrorTypePermission:
		return &QueryError{Msg: msg, Err: ErrInvalidQuery}
	case duckdb.ErrorTypeInterrupt:
		return fmt.Errorf("%w: %s", ErrCanceled, msg)
	}
	return fmt.Errorf("%w: %s", ErrQueryFailed, msg)
}

// duckdbMessage drops the "LINE 1: …" excerpt DuckDB appends: it quotes the translated
// statement, not the user's.
func duckdbMessage(msg string) string {
	if i := strings.Index(msg, "\n\nLINE "); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}

// within reports whether path is dir or inside it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, filepath.Clean(path))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
