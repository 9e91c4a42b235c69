// Package store persists the garden in SQLite or PostgreSQL. SQL is written
// once with $N placeholders, which both engines accept; the few statements
// that truly differ live in dialect.go. It implements domain.Store.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"           // registers the pure-Go "sqlite" driver
)

// Engines.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is an open database. On SQLite it holds one writer connection and a pool
// of readers (SQLite allows one writer at a time; funnelling writes through
// one connection avoids SQLITE_BUSY storms). On PostgreSQL both are one pool.
type DB struct {
	write   *sql.DB
	read    *sql.DB
	dialect dialect
	dsn     string
	// stmts caches prepared statements on SQLite's single writer
	// connection: the pure-Go driver does not cache them itself, and
	// preparing is a third of a small write's cost.
	stmts *stmtCache
	// stopCheckpoints ends SQLite's background checkpoints (checkpoint.go).
	stopCheckpoints func()
	// commits counts committed write transactions.
	commits atomic.Int64
	// onEvents is called after a transaction that stored events commits,
	// so an in-process feed delivers them at once instead of at its next poll.
	onEvents atomic.Pointer[func([]domain.Event)]
}

// OnEventsCommitted registers fn to be called after every committed
// transaction that stored at least one event, with those events as
// EventsSince would read them (ids set, in id order), or with none where the
// engine rewrites them on the way in (PostgreSQL's jsonb reorders keys, its
// timestamps keep microseconds): the caller reads those. fn must not block
// and must not change them.
func (db *DB) OnEventsCommitted(fn func(committed []domain.Event)) { db.onEvents.Store(&fn) }

var _ domain.Store = (*DB)(nil)

// Options tune the connection pools.
type Options struct {
	MaxOpenConns int // PostgreSQL pool size and SQLite reader count; 0 means 20
}

// Open connects to the database named by rawURL: "sqlite:PATH" or a
// postgres:// URL. It does not migrate.
func Open(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	if opts.MaxOpenConns <= 0 {
		opts.MaxOpenConns = 20
	}
	engine, target, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	var db *DB
	switch engine {
	case SQLite:
		db, err = openSQLite(target, opts)
	default:
		db, err = openPostgres(target, opts)
	}
	if err != nil {
		return nil, err
	}
	if err := db.Ping(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

// ParseURL splits a database URL into its engine and the driver's target.
func ParseURL(rawURL string) (engine, target string, err error) {
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		path := strings.TrimPrefix(rawURL, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return "", "", fmt.Errorf("database url %q: sqlite needs a path (sqlite:PATH)", rawURL)
		}
		return SQLite, path, nil
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		if _, err := url.Parse(rawURL); err != nil {
			return "", "", fmt.Errorf("database url: not a valid postgres URL: %w", err)
		}
		return Postgres, rawURL, nil
	default:
		return "", "", errors.New("database url: unknown engine; use sqlite:PATH or a postgres:// URL")
	}
}

func openSQLite(path string, opts Options) (*DB, error) {
	memory := path == ":memory:"
	base := "file:" + escapeSQLitePath(path) + "?"
	if memory {
		// A named shared-cache database, so the writer and readers see the
		// same data; the random name keeps two in-memory stores apart.
		base = "file:mem-" + uuid.NewString() + "?mode=memory&cache=shared&"
	}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	// _txlock=immediate takes the write lock at BEGIN, so two writers queue on
	// the busy timeout instead of failing when one upgrades a read lock.
	// The writer's page cache (128 MiB, default 2 MiB) keeps the indexes
	// that bulk loads and rollups update in memory instead of spilling and
	// re-reading pages; readers get 32 MiB each and map up to 256 MiB of the
	// file, so a dashboard's rollup pages stay hot (SQLite allocates both
	// lazily, as pages are used).
	// Checkpoints: see checkpoint.go.
	// temp_store=MEMORY keeps statement journals in memory: a multi-row
	// statement inside a transaction (the interaction writer's batches)
	// journals the pages it changes so it can undo itself alone, and past
	// 64 KiB SQLite spilled that journal to a temporary file, one pwrite per
	// page: 11% of serve's CPU on one core under interaction load.
	writeDSN := base + pragmas + "&_pragma=temp_store(MEMORY)&_pragma=cache_size(-131072)&_pragma=wal_autocheckpoint(" +
		strconv.Itoa(walAutoCheckpoint) + ")&_txlock=immediate"
	write, err := sql.Open("sqlite", writeDSN)
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	read, err := sql.Open("sqlite", base+pragmas+"&_pragma=cache_size(-32768)&_pragma=mmap_size(268435456)")
	if err != nil {
		_ = write.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	read.SetMaxOpenConns(opts.MaxOpenConns)
	read.SetMaxIdleConns(opts.MaxOpenConns)
	db := &DB{write: write, read: read, dialect: sqliteDialect{}, dsn: writeDSN, stmts: newStmtCache(write)}
	if !memory {
		db.startCheckpoints()
	}
	return db, nil
}

func openPostgres(dsn string, opts Options) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	// JIT compilation is for long analytical scans; the planner turns it on
	// for any plan whose estimated cost is high, and the raw session query
	// of the dashboard (a correlated count per session) is estimated at
	// millions: each call then compiled for 0.2-2 s to read a few hundred
	// rows (EXPLAIN ANALYZE at 1M sessions, docs/analytics.md). A URL that
	// sets jit keeps its choice.
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	pool := stdlib.OpenDB(*cfg)
	pool.SetMaxOpenConns(opts.MaxOpenConns)
	pool.SetMaxIdleConns(opts.MaxOpenConns)
	return &DB{write: pool, read: pool, dialect: postgresDialect{}, dsn: dsn}, nil
}

// Engine names the engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.name() }

// SQL returns the write pool, for migrations and the job queue that share
// the database.
func (db *DB) SQL() *sql.DB { return db.write }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return translate(fmt.Errorf("ping %s: %w", db.Engine(), err))
	}
	return nil
}

// Close releases every connection.
func (db *DB) Close() error {
	if db.stopCheckpoints != nil {
		db.stopCheckpoints()
	}
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Update runs fn in a read-write transaction. On PostgreSQL a transaction
// chosen as a deadlock victim (or failing serialization) is run again, a few
// times, with a short growing pause: fn must be safe to repeat.
func (db *DB) Update(ctx context.Context, fn func(domain.Tx) error) error {
	var err error
	for attempt := range maxTxAttempts {
		if err = db.run(ctx, db.write, false, fn); !errors.Is(err, errRetryTx) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 5 * time.Millisecond):
		}
	}
	return fmt.Errorf("%w: gave up after %d attempts: %w", domain.ErrUnavailable, maxTxAttempts, err)
}

const maxTxAttempts = 5

// View runs fn in a read-only transaction (a consistent snapshot).
func (db *DB) View(ctx context.Context, fn func(domain.Tx) error) error {
	return db.run(ctx, db.read, true, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, readOnly bool, fn func(domain.Tx) error) error {
	// SQLite's reader connections are separate from the writer; asking the
	// driver for a read-only tx is not supported there, and not needed.
	txOpts := &sql.TxOptions{ReadOnly: readOnly && db.Engine() == Postgres}
	sqlTx, err := pool.BeginTx(ctx, txOpts)
	if err != nil {
		return translate(fmt.Errorf("begin: %w", err))
	}
	t := &tx{q: sqlTx, d: db.dialect}
	if pool == db.write && db.stmts != nil {
		t.stmts, t.sqlTx = db.stmts, sqlTx
	}
	// Statements first seen in this transaction are prepared once it has
	// released the connection (SQLite has one writer connection, so
	// preparing inside would wait for ourselves).
	defer func() { db.stmts.prepare(ctx, t.unprepared) }()
	if err := fn(t); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return translate(fmt.Errorf("commit: %w", err))
	}
	if !readOnly {
		db.commits.Add(1)
	}
	if hook := db.onEvents.Load(); t.emitted && hook != nil {
		(*hook)(t.events)
	}
	return nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tx implements domain.Tx over one open transaction.
type tx struct {
	q          querier
	d          dialect
	emitted    bool           // an event was stored in this transaction
	events     []domain.Event // those events, where the engine keeps them verbatim
	stmts      *stmtCache
	sqlTx      *sql.Tx
	unprepared []string // queries to prepare once the transaction is over
}

// on returns what runs query: a cached prepared statement bound to this
// transaction when there is a cache, else the transaction itself.
func (t *tx) on(ctx context.Context, query string) querier {
	if t.stmts == nil {
		return t.q
	}
	stmt, ok := t.stmts.get(query)
	if !ok {
		t.unprepared = append(t.unprepared, query)
		return t.q
	}
	return stmtQuerier{t.sqlTx.StmtContext(ctx, stmt)}
}

func (t *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := t.on(ctx, query).ExecContext(ctx, query, args...)
	if err != nil {
		return nil, translate(err)
	}
	return res, nil
}

func (t *tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.on(ctx, query).QueryRowContext(ctx, query, args...)
}

func (t *tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.on(ctx, query).QueryContext(ctx, query, args...)
}

// mustAffect turns "no row changed" into a not-found error.
func mustAffect(res sql.Result, kind, key string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err)
	}
	if n == 0 {
		return &domain.NotFoundError{Kind: kind, Key: key}
	}
	return nil
}

// ErrBackupUnsupported is returned by Backup on PostgreSQL, whose own tools
// (pg_dump) do it better.
var ErrBackupUnsupported = errors.New("backup: this command backs up SQLite; for PostgreSQL use pg_dump (see docs/operations.md)")

// Backup writes a consistent copy of a SQLite database to path with VACUUM
// INTO, while the database stays online. path must not exist yet.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Engine() != SQLite {
		return ErrBackupUnsupported
	}
	if _, err := db.write.ExecContext(ctx, `/* Store.Backup */ VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, translate(err))
	}
	return nil
}

// escapeSQLitePath percent-encodes the characters that would end the path
// part of a "file:" URI, so a path with '?' or '#' opens that very file.
func escapeSQLitePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}
