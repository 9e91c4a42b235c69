package store_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// A SQLite store copies its write-ahead log into the database file in the
// background, well before the writer's own threshold (walAutoCheckpoint
// pages): the file grows after a commit with nothing else happening.
func TestSQLiteCheckpointsInTheBackground(t *testing.T) {
	url := storetest.URL(t, store.SQLite)
	path := strings.TrimPrefix(url, "sqlite:")
	ctx := context.Background()
	db, err := store.Open(ctx, url, store.Options{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	before := fileSize(t, path)
	svc := domain.NewService(db)
	for range 200 { // a few hundred pages of log, far below the writer's threshold
		if _, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "desktop", EntryPoint: strings.Repeat("e", 200)}); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for fileSize(t, path) <= before {
		if time.Now().After(deadline) {
			t.Fatalf("the database file stayed at %d bytes: no background checkpoint", before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// The writer keeps statement journals in memory (temp_store=MEMORY): a
// batch's multi-row statements journal every page they change, and a
// journal past 64 KiB was spilled to a temporary file, one write per page.
func TestSQLiteWriterJournalsStatementsInMemory(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.URL(t, store.SQLite), store.Options{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode int
	if err := db.SQL().QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != 2 { // 0 default (a file here), 1 file, 2 memory
		t.Errorf("writer's temp_store = %d, want 2 (memory)", mode)
	}
}
