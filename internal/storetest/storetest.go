// Package storetest gives each test a fresh, migrated database on every
// engine the run can reach: always SQLite, and PostgreSQL when
// GREENHOUSE_TEST_POSTGRES_URL is set. A PostgreSQL that is configured but
// unreachable fails the test: CI asked for it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection that creates schemas
)

// PostgresURLEnv names the variable that enables the PostgreSQL runs.
const PostgresURLEnv = "GREENHOUSE_TEST_POSTGRES_URL"

// KeepEnv, when set, keeps a failed test's database for inspection.
const KeepEnv = "GREENHOUSE_TEST_KEEP_DB"

// Engines lists the engines this run tests.
func Engines() []string {
	if os.Getenv(PostgresURLEnv) != "" {
		return []string{store.SQLite, store.Postgres}
	}
	return []string{store.SQLite}
}

// Each runs fn as a subtest once per engine, each with its own database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, engine := range Engines() {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, engine))
		})
	}
}

// Open returns a fresh migrated database on engine, closed and dropped when
// the test ends.
func Open(t testing.TB, engine string) *store.DB {
	t.Helper()
	return open(t, URL(t, engine))
}

// URL returns the URL of a fresh, empty database on engine (not migrated),
// dropped when the test ends. Several store handles may open it, as separate
// processes would.
func URL(t testing.TB, engine string) string {
	t.Helper()
	if engine == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "greenhouse.db")
	}
	return postgresSchema(t)
}

// OpenUnmigrated opens a fresh database without applying migrations.
func OpenUnmigrated(t testing.TB, engine string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), URL(t, engine), store.Options{MaxOpenConns: 4})
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func open(t testing.TB, rawURL string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, rawURL, store.Options{MaxOpenConns: 4})
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.MigrateUp(ctx); err != nil {
		t.Fatalf("migrate test database: %v", err)
	}
	return db
}

// postgresSchema creates a uniquely named schema and returns a URL whose
// search_path points at it, so tests run in parallel without sharing tables.
func postgresSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		t.Fatalf("%s is not set", PostgresURLEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	ctx := context.Background()
	if err := admin.PingContext(ctx); err != nil {
		t.Fatalf("postgres at %s is unreachable (CI asked for it): %v", PostgresURLEnv, err)
	}
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	schema := "gh_test_" + hex.EncodeToString(suffix)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() && os.Getenv(KeepEnv) != "" {
			t.Logf("kept schema %s for inspection", schema)
			return
		}
		drop, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer drop.Close()
		_, _ = drop.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresURLEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// SessionRow reads a visitor session's row as stored, without folding its
// queued touches first: what a reader that does not fold sees.
func SessionRow(t testing.TB, db *store.DB, token string) *domain.VisitorSession {
	t.Helper()
	var row *domain.VisitorSession
	err := db.View(context.Background(), func(tx domain.Tx) error {
		var err error
		row, err = tx.GetSessionByToken(context.Background(), token)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return row
}
