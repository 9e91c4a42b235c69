package domain

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
)

// An interaction changes its visitor's session (projects viewed, time per
// project, journey, clicks, last activity). Folding that into the session's
// row inside the interaction's transaction rewrote the row, 3.4 KB once a
// journey is long, once per interaction: on one core 16% of serve's CPU and
// a quarter of each batch's WAL frames. So the interaction's transaction
// queues the change (Tx.QueueSessionTouches, a short row appended to a small
// table), and the queue is folded into the sessions later, every
// SessionFoldInterval, with one write per session however many interactions
// it had. Measured on one core: see docs/architecture.md, Session folds.
//
// It is crash-safe: a touch commits with its interaction and leaves the
// queue in the transaction that folds it. Reads that must be exact fold
// their session first (sessionByToken: the visitor's session, a visit
// report, a seed, ending idle sessions); the analytics rollup folds
// everything before it reads. Other readers (the live dashboard) may be one
// interval behind.

// SessionFoldInterval is how often serve's interaction writer folds the
// queue. On each tick it folds every touch its own batches queued since the
// last (foldQueued): it holds their contents (the batches returned them with
// their queue positions), so it reads none back, and it deletes them, a run
// at the queue's head, in one statement. Reading the queued touches back
// (their trails as JSON) and deleting a slice of sessions' touches, spread
// over every page of the queue, was 10% of serve's CPU under the one-core
// load and half of the write-ahead log's frames (docs/architecture.md,
// Session folds). When its batches queued nothing, a tick folds the
// sessions waiting longest instead, a sessionFoldSlices-th of those queued
// (foldWaitingSessions): touches other processes left (one that crashed) or
// that were queued outside the batcher.
//
// How often is a trade: a tick rewrites every session its touches name, and
// under load that is every active session (about 150 µs each on one core,
// its row being 3.4 KB once its journey is long), while a longer tick holds
// the writer longer. Under the one-core load (SQLite, 64 sessions, wrk,
// three alternated rounds) serve spent 121-139 µs of CPU per interaction at
// 100 ms, 120-128 at 250 ms (one noisy round 152) and 113-120 at 500 ms
// (one 170), with p99 30-33, 29-33 and 35-45 ms.
const (
	SessionFoldInterval = 250 * time.Millisecond
	sessionFoldSlices   = 10
)

// maxKnownTouches bounds the touches a batcher holds for its fold: past it
// (the folds failing) it forgets them, and they are folded from the queue.
const maxKnownTouches = 100_000

// knownTouches holds the touches a batcher's transactions queued, with
// their queue positions, until its fold takes them. Forgetting some is
// safe: the queue, not this, is what a fold applies.
type knownTouches struct {
	mu      sync.Mutex
	touches []QueuedTouch
}

// add keeps the touches of a committed batch.
func (k *knownTouches) add(queued []QueuedTouch) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.touches)+len(queued) > maxKnownTouches {
		k.touches = nil
		return
	}
	k.touches = append(k.touches, queued...)
}

// take returns the touches held, in queue order, and forgets them.
func (k *knownTouches) take() []QueuedTouch {
	k.mu.Lock()
	touches := k.touches
	k.touches = nil
	k.mu.Unlock()
	// Concurrent batches (several workers) may commit out of queue order.
	slices.SortFunc(touches, func(a, b QueuedTouch) int { return cmp.Compare(a.Seq, b.Seq) })
	return touches
}

// foldQueued folds the touches the batcher's own batches queued, a round
// per transaction; with none, the sessions waiting longest.
func (b *InteractionBatcher) foldQueued(ctx context.Context) (int, error) {
	known := b.known.take()
	if len(known) == 0 {
		return b.svc.foldWaitingSessions(ctx)
	}
	total := 0
	for start := 0; start < len(known); start += foldRound {
		round := known[start:min(start+foldRound, len(known))]
		var n int
		err := b.svc.store.Update(ctx, func(tx Tx) error {
			var err error
			n, err = tx.FoldKnownTouches(ctx, round)
			return err
		})
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// foldRound bounds the touches one statement round folds.
const foldRound = 5000

// TouchFolder is the part of a transaction that folds queued touches
// (Tx.FoldSessionTouches); analytics' transactions have it too.
type TouchFolder interface {
	FoldSessionTouches(ctx context.Context, sessions []uuid.UUID, limit int) (int, error)
}

// FoldTouches folds every queued touch of sessions (of all sessions when
// nil) inside tx, and returns how many.
func FoldTouches(ctx context.Context, tx TouchFolder, sessions []uuid.UUID) (int, error) {
	total := 0
	for {
		n, err := tx.FoldSessionTouches(ctx, sessions, foldRound)
		total += n
		if err != nil || n < foldRound {
			return total, err
		}
	}
}

// FoldSessionTouches folds every queued session touch into its session, a
// round per transaction so none holds the writer long, and returns how
// many it folded.
func (s *Service) FoldSessionTouches(ctx context.Context) (int, error) {
	total := 0
	for {
		var n int
		err := s.store.Update(ctx, func(tx Tx) error {
			var err error
			n, err = tx.FoldSessionTouches(ctx, nil, foldRound)
			return err
		})
		total += n
		if err != nil || n < foldRound {
			return total, err
		}
	}
}

// foldWaitingSessions folds the touches of the sessions waiting longest: a
// sessionFoldSlices-th of those with queued touches, at least one.
func (s *Service) foldWaitingSessions(ctx context.Context) (int, error) {
	var n int
	err := s.store.Update(ctx, func(tx Tx) error {
		waiting, err := tx.QueuedSessions(ctx)
		if err != nil || len(waiting) == 0 {
			return err
		}
		slice := (len(waiting) + sessionFoldSlices - 1) / sessionFoldSlices
		n, err = FoldTouches(ctx, tx, waiting[:slice])
		return err
	})
	return n, err
}
