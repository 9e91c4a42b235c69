package store_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// walFrameBytes is one write-ahead-log frame at SQLite's default 4 KiB page:
// a 24-byte frame header and the page.
const walFrameBytes = 24 + 4096

// BenchmarkInteractionWALFrames counts what one interaction costs SQLite's
// single writer in pages: the write-ahead-log frames of one batch of 26
// interactions, from 26 sessions on 20 projects that have already seen 60
// such rounds, against the frames of 26 one-row inserts committed one by
// one (the one-core load benchmark's reference). On one core every frame is
// two pwrites, a checksum and a later checkpoint copy, so frames per
// interaction is what the interaction path's throughput hangs on there.
// frames/ref is the ratio; the other metrics say which b-trees the frames
// belong to (dbstat), i.e. where fewer pages could be written. Measured:
// 2.45 frames per interaction against 2.2 per one-row insert while
// interactions had (project_id, occurred_at) and (session_id) indexes (27
// and 12 of a batch's 64 frames, a leaf per project and per session);
// 0.96 since migration 00016 left them out.
func BenchmarkInteractionWALFrames(b *testing.B) {
	const (
		perBatch = 26
		projects = 20
		sessions = 64
		warmup   = 60
	)
	ctx := context.Background()
	url := storetest.URL(b, store.SQLite)
	wal := strings.TrimPrefix(url, "sqlite:") + "-wal"
	db, err := store.Open(ctx, url, store.Options{MaxOpenConns: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.MigrateUp(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `CREATE TABLE bench_ref (id TEXT PRIMARY KEY, v INTEGER)`); err != nil {
		b.Fatal(err)
	}
	svc := domain.NewService(db)
	var ids []uuid.UUID
	for i := range projects {
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: fmt.Sprintf("Plant %d", i)})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	var tokens []string
	for range sessions {
		s, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "desktop"})
		if err != nil {
			b.Fatal(err)
		}
		tokens = append(tokens, s.SessionToken)
	}
	for r := range warmup {
		oneBatch(b, svc, tokens, ids, r, perBatch)
	}

	var frames, refFrames int64
	byTree := map[string]int64{}
	for b.Loop() {
		refFrames += refInsertFrames(b, db, wal, perBatch)
		truncateWAL(b, db)
		oneBatch(b, svc, tokens, ids, warmup, perBatch)
		frames += walFrames(b, wal)
		for tree, n := range framesByTree(b, db, wal) {
			byTree[tree] += n
		}
	}
	n := float64(b.N * perBatch)
	b.ReportMetric(float64(frames)/n, "frames-per-interaction")
	b.ReportMetric(float64(refFrames)/n, "ref-frames-per-insert")
	b.ReportMetric(float64(frames)/float64(refFrames), "frames/ref")
	for tree, f := range byTree {
		if perBatch := float64(f) / float64(b.N); perBatch >= 1 { // not the odd growth-stage change
			b.ReportMetric(perBatch, tree+"-frames-per-batch")
		}
	}
}

// refInsertFrames commits n one-row inserts one by one into an emptied log
// and counts their frames. A background checkpoint that copies the whole
// log lets the next commit restart it from the top, which the file's size
// would not show: the log header's checkpoint sequence then differs, and
// the count starts over.
func refInsertFrames(b *testing.B, db *store.DB, wal string, n int) int64 {
	for range 10 {
		truncateWAL(b, db)
		var first uint32
		for i := range n {
			if _, err := db.SQL().ExecContext(context.Background(), `INSERT INTO bench_ref (id, v) VALUES ($1, 1)`, uuid.NewString()); err != nil {
				b.Fatal(err)
			}
			if i == 0 {
				first = walCheckpointSeq(b, wal)
			}
		}
		if walCheckpointSeq(b, wal) == first {
			return walFrames(b, wal)
		}
	}
	b.Fatal("the log restarted during every count")
	return 0
}

// walCheckpointSeq reads the log header's checkpoint sequence number.
func walCheckpointSeq(b *testing.B, path string) uint32 {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var h [16]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		b.Fatal(err)
	}
	return uint32(h[12])<<24 | uint32(h[13])<<16 | uint32(h[14])<<8 | uint32(h[15])
}

// oneBatch records perBatch interactions, each from its own session, as one
// transaction: they are all queued before the batcher starts.
func oneBatch(b *testing.B, svc *domain.Service, tokens []string, projects []uuid.UUID, round, perBatch int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batcher := svc.NewInteractionBatcher(64, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var wg sync.WaitGroup
	for c := range perBatch {
		wg.Add(1)
		go func() {
			defer wg.Done()
			token, project := tokens[(c+round*perBatch)%len(tokens)], projects[(c+round)%len(projects)]
			if _, err := batcher.Record(ctx, token, project, domain.InteractionInput{Type: "view"}); err != nil {
				b.Error(err)
			}
		}()
		for batcher.Queued() != c+1 {
			runtime.Gosched()
		}
	}
	go batcher.Run(ctx)
	wg.Wait()
	if batches, _ := batcher.Stats(); batches != 1 {
		b.Fatalf("%d transactions, want 1", batches)
	}
}

// truncateWAL checkpoints everything and empties the log, so the frames
// that follow are the next writes' alone. The store's background
// checkpoint can hold the log for a moment: then it tries again.
func truncateWAL(b *testing.B, db *store.DB) {
	for range 100 {
		var busy, logFrames, done int
		if err := db.SQL().QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
			b.Fatal(err)
		}
		if busy == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	b.Fatal("wal_checkpoint(TRUNCATE) stayed busy for half a second")
}

func walFrames(b *testing.B, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return (fi.Size() - 32) / walFrameBytes // after the 32-byte log header
}

// framesByTree names the b-tree (table or index) of each frame in the log.
func framesByTree(b *testing.B, db *store.DB, path string) map[string]int64 {
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := db.SQL().QueryContext(context.Background(), `SELECT name, pageno FROM dbstat`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	owner := map[uint32]string{}
	for rows.Next() {
		var name string
		var page uint32
		if err := rows.Scan(&name, &page); err != nil {
			b.Fatal(err)
		}
		owner[page] = name
	}
	out := map[string]int64{}
	for off := 32; off+walFrameBytes <= len(raw); off += walFrameBytes {
		page := uint32(raw[off])<<24 | uint32(raw[off+1])<<16 | uint32(raw[off+2])<<8 | uint32(raw[off+3])
		name := owner[page]
		if name == "" {
			name = "free"
		}
		out[name]++
	}
	return out
}
