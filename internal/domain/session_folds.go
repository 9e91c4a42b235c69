package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// An interaction changes its visitor's session (projects viewed, time per
// project, journey, clicks, last activity). Folding that into the session's
// row inside the interaction's transaction rewrote the row, 3.4 KB once a
// journey is long, once per interaction: on one core 16% of serve's CPU and
// a quarter of each batch's WAL frames. So the interaction's transaction
// queues the change (Tx.QueueSessionTouches, a short row appended to a small
// table), and the queue is folded into the sessions later, each session
// about once a second with one write however many interactions it had.
// Measured on one core: see docs/architecture.md, Session folds.
//
// It is crash-safe: a touch commits with its interaction and leaves the
// queue in the transaction that folds it. Reads that must be exact fold
// their session first (sessionByToken: the visitor's session, a visit
// report, a seed, ending idle sessions); the analytics rollup folds
// everything before it reads. Other readers (the live dashboard) may be one
// interval behind.

// SessionFoldInterval is how often serve's interaction writer folds part
// of the queue, and sessionFoldSlices how many parts: each tick folds the
// sessions waiting longest, a slice of those queued, so every session is
// folded about once a second (how stale its lists may be to a reader that
// does not fold), and the writer pauses for a tenth of that work ten times
// a second instead of once. Folding all sessions every 100 ms rewrote each
// row ten times a second; on one core that was 12% of serve's CPU.
const (
	SessionFoldInterval = 100 * time.Millisecond
	sessionFoldSlices   = 10
)

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
