package domain

import (
	"context"
	"time"
)

// idleBatch bounds how many sessions one housekeeping pass ends.
const idleBatch = 500

// EndIdleSessions ends the visitor sessions with no activity for idle:
// ended_at is their last activity and exit_point the last area of their
// journey. It returns how many it ended.
func (s *Service) EndIdleSessions(ctx context.Context, idle time.Duration) (int, error) {
	if idle <= 0 {
		return 0, Invalid("idle", "must be positive")
	}
	n := 0
	err := s.store.Update(ctx, func(tx Tx) error {
		n = 0
		// Queued touches move last_activity_at: fold them before judging.
		if _, err := FoldTouches(ctx, tx, nil); err != nil {
			return err
		}
		tokens, err := tx.IdleSessionTokens(ctx, s.Now().Add(-idle), idleBatch)
		if err != nil {
			return err
		}
		for _, tok := range tokens {
			sess, err := sessionByToken(ctx, tx, tok)
			if err != nil {
				return err
			}
			ended := sess.LastActivityAt
			sess.EndedAt = &ended
			if k := len(sess.JourneyPath); k > 0 {
				sess.ExitPoint = truncate(sess.JourneyPath[k-1], 255)
			} else if sess.ExitPoint == "" {
				sess.ExitPoint = truncate(sess.EntryPoint, 255)
			}
			sess.TotalTimeSeconds = max(sess.TotalTimeSeconds, int(ended.Sub(sess.StartedAt).Seconds()))
			if err := tx.UpdateSession(ctx, sess); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// PruneWebhookDeliveries forgets webhook deliveries older than retention
// (GitHub redelivers for at most a few days).
func (s *Service) PruneWebhookDeliveries(ctx context.Context, retention time.Duration) (int, error) {
	if retention <= 0 {
		return 0, Invalid("retention", "must be positive")
	}
	var n int
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		n, err = tx.PruneDeliveries(ctx, s.Now().Add(-retention))
		return err
	})
	return n, err
}
