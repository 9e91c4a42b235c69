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
//
// How often is a trade. Each checkpoint copies every page changed since
// the last one, and under interaction load the same few pages (the tails
// of the interactions and events tables and their indexes) change in
// every batch: at 50 ms they were copied again and again. On one core
// (BenchmarkLoadOneCore, SQLite) 150 ms took interactions from about 4,100
// to 4,800 req/s with p99 unchanged; 500 ms reached 4,900 but took p99
// from 36 to 84 ms (one run; not traced). A checkpoint's CPU is small (an
// execution trace at 150 ms: under 0.5 ms each); most of its time is its two
// fsyncs (the log, then the database file), 8-17 ms each on this disk.
//
// With one P (GOMAXPROCS=1, a 1-vCPU container) those fsyncs stall the whole
// process: a goroutine in a system call keeps its P until the runtime's
// monitor takes it back, which it does on its second look, and under steady
// load the monitor looks only every 10 ms. Execution traces of
// BenchmarkLoadOneCore (SQLite, 64 sessions) show the P held through every
// fsync, nothing else running: about 10% of the window (the bench's
// interact-busy, serve's share of its core, is about 0.89, the one-row
// insert reference's 0.83), and each stall reaches every request in flight,
// which is the clustered tail of p99 (64 requests over 25 ms every 150 ms).
// Two in-process remedies were measured and dropped: a spare P during the
// checkpoint (then the writer's own fsyncs and page writes wait on the disk
// instead; p99 unchanged) and checkpoints from a helper process (the writer
// keeps appending while the helper syncs, so the log rarely restarts, grows
// to walAutoCheckpoint, and the writer checkpoints itself, fsyncs included).
//
// What sets a stall's length is the data the fsync must write back, not the
// flush: on this disk an fsync after 4 KB took 0.16 ms, after 1 MB 1.2 ms,
// after 8 MB 8.7 ms. Under 64-session interaction load the log grows by
// 11-16 KB per interaction (~70 MB/s), ~10 MB per checkpoint, which is also
// why longer intervals made longer stalls. Starting the log's write-back
// early (sync_file_range every 10 ms) shortened its fsyncs to 5-7 ms but
// moved neither throughput nor p99 above the bench's noise; fewer log bytes
// per interaction is the lever left.
const (
	checkpointEvery   = 150 * time.Millisecond
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
