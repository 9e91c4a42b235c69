package store

import (
	"context"
	"time"
)

// SQLite appends every commit to its write-ahead log and copies the log
// back into the database file in checkpoints. By default the committing
// connection does that itself, every 1,000 pages: for the single writer it
// was a quarter of each commit under load, and one large checkpoint stalls
// every write queued behind it. So a SQLite store checkpoints from a reader
// connection in the background, often and small (a PASSIVE checkpoint waits
// for no one), and the writer does it only past walAutoCheckpoint pages,
// which bounds the log should the background ones fall behind.
const (
	checkpointEvery   = 50 * time.Millisecond
	walAutoCheckpoint = 10000 // pages (40 MB of log at 4 KB pages)
)

// startCheckpoints runs background checkpoints until stopCheckpoints; a
// tick with no commit since the last checkpoint does nothing, so an idle
// store stays idle.
func (db *DB) startCheckpoints() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	db.stopCheckpoints = func() {
		cancel()
		<-done
	}
	go func() {
		defer close(done)
		tick := time.NewTicker(checkpointEvery)
		defer tick.Stop()
		var checkpointed int64 // commits covered by the last checkpoint
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				n := db.commits.Load()
				if n == checkpointed {
					continue
				}
				// A failure (the database busy or closing) is retried at the
				// next tick; the writer's own checkpoints bound the log.
				if _, err := db.read.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`); err == nil {
					checkpointed = n
				}
			}
		}
	}()
}
