package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// QueueSessionTouches appends touches to the session fold queue
// (migrations/*/00015_session_touch_trails.sql), in order, and returns
// their queue positions in touches' order: a row each at the end of a small
// table, instead of a rewrite of each session's row. The positions come
// back in no promised order; the rows take them in VALUES order (one
// statement, each row's seq drawn in turn), so the sorted positions are
// the rows' in order.
func (t *tx) QueueSessionTouches(ctx context.Context, touches []domain.SessionTouch) ([]int64, error) {
	trails := make([]string, len(touches))
	for i, s := range touches {
		b, err := json.Marshal(storedTrail(s.Trail))
		if err != nil {
			return nil, fmt.Errorf("encode session trail: %w", err)
		}
		trails[i] = string(b)
	}
	seqs := make([]int64, 0, len(touches))
	err := insertChunks(t, `/* Store.QueueSessionTouches */ INSERT INTO session_touches
(session_id, trail, clicks, occurred_at, total_time_seconds) VALUES `, " RETURNING seq",
		5, len(touches), func(i int) []any {
			s := touches[i]
			return []any{s.SessionID, trails[i], s.Clicks, s.At.UTC(), s.TotalTimeSeconds}
		}, func(query string, args []any, start, end int) error {
			ids, err := t.returnedIDs(ctx, query, args)
			if err != nil {
				return err
			}
			if len(ids) != end-start {
				return fmt.Errorf("queue session touches: %d positions for %d rows", len(ids), end-start)
			}
			slices.Sort(ids)
			seqs = append(seqs, ids...)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return seqs, nil
}

// FoldKnownTouches folds queued touches whose contents the caller holds,
// because its own transactions queued them (domain.QueuedTouch, in queue
// order), without reading them back, and takes them off the queue. It
// returns how many touches it folded. A known touch someone else folded
// since (a read of its session) is no longer queued and is skipped: the
// delete's RETURNING says which still are. A session that also has touches the
// caller does not know queued at or before its last known one (another
// process's) is folded from the queue first, known touches included, so
// each session's touches apply in queue order. Folds are serialised until
// the transaction ends, as FoldSessionTouches'.
func (t *tx) FoldKnownTouches(ctx context.Context, known []domain.QueuedTouch) (int, error) {
	if len(known) == 0 {
		return 0, nil
	}
	for _, stmt := range t.d.lockSessionFolds() {
		if _, err := t.exec(ctx, stmt); err != nil {
			return 0, err
		}
	}
	seqs := make([]any, len(known))
	for i, k := range known {
		seqs[i] = k.Seq
	}
	foreign, err := t.sessionsQueuedBesides(ctx, seqs)
	if err != nil {
		return 0, err
	}
	folded := 0
	if len(foreign) > 0 {
		if folded, err = domain.FoldTouches(ctx, t, foreign); err != nil {
			return 0, err
		}
	}
	rows, err := t.query(ctx, `/* Store.UnqueueKnownTouches */ DELETE FROM session_touches WHERE seq IN (`+
		placeholders(t.d, 1, len(seqs))+`) RETURNING seq`, seqs...)
	if err != nil {
		return 0, translate(err)
	}
	queued := make(map[int64]bool, len(known))
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			rows.Close()
			return 0, translate(err)
		}
		queued[seq] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, translate(err)
	}
	touches := make([]domain.SessionTouch, 0, len(queued))
	for _, k := range known {
		if queued[k.Seq] {
			touches = append(touches, k.Touch)
		}
	}
	if len(touches) == 0 {
		return folded, nil
	}
	return folded + len(touches), t.foldSessions(ctx, touches)
}

// sessionsQueuedBesides returns the sessions with queued touches at or
// before the last of seqs that are not among seqs.
func (t *tx) sessionsQueuedBesides(ctx context.Context, seqs []any) ([]uuid.UUID, error) {
	last := seqs[len(seqs)-1]
	args := append([]any{last}, seqs...)
	rows, err := t.query(ctx, `/* Store.SessionsQueuedBesides */ SELECT DISTINCT session_id FROM session_touches
WHERE seq <= `+t.d.batchParam(1)+` AND seq NOT IN (`+placeholders(t.d, 2, len(seqs))+`)`, args...)
	return sessionIDs(rows, err)
}

// sessionIDs collects the one-column rows of a session id query.
func sessionIDs(rows *sql.Rows, err error) ([]uuid.UUID, error) {
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, translate(err)
		}
		out = append(out, id)
	}
	return out, translate(rows.Err())
}

// storedTrail is a queued touch's trail column: JSON text, which nothing
// queries inside (the migrations 00015 convert it in SQL).
type storedTrail struct {
	ProjectsViewed      []uuid.UUID        `json:"projects"`
	TimeSpentPerProject map[string]float64 `json:"spent,omitempty"`
	JourneyPath         []string           `json:"journey"`
}

// FoldSessionTouches folds the oldest queued touches, at most limit, into
// their sessions and takes them off the queue: those of sessions, or of
// every session when it is nil. It returns how many it folded. Folds are
// serialised until the transaction ends (an advisory lock on PostgreSQL, the
// single writer on SQLite), so a touch is folded exactly once, in order.
func (t *tx) FoldSessionTouches(ctx context.Context, sessions []uuid.UUID, limit int) (int, error) {
	for _, stmt := range t.d.lockSessionFolds() {
		if _, err := t.exec(ctx, stmt); err != nil {
			return 0, err
		}
	}
	seqs, touches, err := t.queuedTouches(ctx, sessions, limit)
	if err != nil || len(seqs) == 0 {
		return 0, err
	}
	if err := t.foldSessions(ctx, touches); err != nil {
		return 0, err
	}
	// The exact list, not a range: on PostgreSQL a batch still committing
	// may hold a seq inside the range read.
	args := make([]any, len(seqs))
	for i, seq := range seqs {
		args[i] = seq
	}
	if _, err := t.exec(ctx, `/* Store.UnqueueSessionTouches */ DELETE FROM session_touches WHERE seq IN (`+
		placeholders(t.d, 1, len(seqs))+`)`, args...); err != nil {
		return 0, err
	}
	return len(seqs), nil
}

// queuedTouches reads the oldest queued touches, at most limit, of
// sessions (of all sessions when nil), with their queue positions.
func (t *tx) queuedTouches(ctx context.Context, sessions []uuid.UUID, limit int) ([]int64, []domain.SessionTouch, error) {
	where, args := "", make([]any, 0, len(sessions)+1)
	if sessions != nil {
		if len(sessions) == 0 {
			return nil, nil, nil
		}
		// Positional placeholders (SQLite's are ?): the ids, then the limit.
		where = "WHERE session_id IN (" + placeholders(t.d, 1, len(sessions)) + ")"
		for _, id := range sessions {
			args = append(args, id)
		}
	}
	args = append(args, limit)
	rows, err := t.query(ctx, `/* Store.QueuedSessionTouches */
SELECT seq, session_id, trail, clicks, occurred_at, total_time_seconds
FROM session_touches `+where+` ORDER BY seq LIMIT `+t.d.batchParam(len(args)), args...)
	if err != nil {
		return nil, nil, translate(err)
	}
	defer rows.Close()
	var (
		seqs    []int64
		touches []domain.SessionTouch
	)
	for rows.Next() {
		var (
			seq   int64
			s     domain.SessionTouch
			trail []byte
		)
		if err := rows.Scan(&seq, &s.SessionID, &trail, &s.Clicks, &s.At, &s.TotalTimeSeconds); err != nil {
			return nil, nil, translate(err)
		}
		var stored storedTrail
		if err := json.Unmarshal(trail, &stored); err != nil {
			return nil, nil, fmt.Errorf("decode session trail %d: %w", seq, err)
		}
		s.Trail = domain.SessionTrail(stored)
		s.At = s.At.UTC()
		seqs, touches = append(seqs, seq), append(touches, s)
	}
	return seqs, touches, translate(rows.Err())
}

// QueuedSessions returns the sessions with queued touches, the one waiting
// longest first.
func (t *tx) QueuedSessions(ctx context.Context) ([]uuid.UUID, error) {
	rows, err := t.query(ctx, `/* Store.QueuedSessions */
SELECT session_id FROM session_touches GROUP BY session_id ORDER BY min(seq)`)
	return sessionIDs(rows, err)
}

// foldSessions reads the trails of the sessions touches name (locked on
// PostgreSQL, in id order), folds each touch in order by the domain's rule,
// and writes each session back with one statement. A session that no longer
// exists (pruned since its touches were queued) is skipped.
func (t *tx) foldSessions(ctx context.Context, touches []domain.SessionTouch) error {
	ids := make(map[uuid.UUID]bool, len(touches))
	for _, s := range touches {
		ids[s.SessionID] = true
	}
	trails, err := t.sessionTrails(ctx, slices.SortedFunc(maps.Keys(ids), compareUUIDs))
	if err != nil {
		return err
	}
	clicks := make(map[uuid.UUID]int, len(trails))
	last := make(map[uuid.UUID]domain.SessionTouch, len(trails))
	for _, s := range touches {
		trail := trails[s.SessionID]
		if trail == nil {
			continue
		}
		trail.Fold(s.Trail)
		clicks[s.SessionID] += s.Clicks
		last[s.SessionID] = s
	}
	folded := slices.SortedFunc(maps.Keys(trails), compareUUIDs)
	for start := 0; start < len(folded); start += foldWritesPerStatement {
		chunk := folded[start:min(start+foldWritesPerStatement, len(folded))]
		args := make([]any, 0, len(chunk)*foldColumns)
		for _, id := range chunk {
			trail, s := trails[id], last[id]
			spent, err := json.Marshal(trail.TimeSpentPerProject)
			if err != nil {
				return fmt.Errorf("encode time_spent_per_project: %w", err)
			}
			args = append(args, id, t.d.list(uuidStrings(trail.ProjectsViewed)), string(spent),
				t.d.list(trail.JourneyPath), clicks[id], s.TotalTimeSeconds, s.At.UTC())
		}
		// One statement for many sessions: on PostgreSQL a statement per
		// session was a round trip each, while the fold holds its lock.
		if _, err := t.exec(ctx, t.d.writeFolds(len(chunk)), args...); err != nil {
			return err
		}
	}
	return nil
}

// foldColumns is how many values one session puts in dialect.writeFolds'
// VALUES list; foldWritesPerStatement bounds its rows well under both
// engines' parameter limits.
const (
	foldColumns            = 7
	foldWritesPerStatement = 500
)

// sessionTrails reads the trails of the sessions ids (in id order, the
// order PostgreSQL locks them in); a session that does not exist is absent.
func (t *tx) sessionTrails(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]*domain.SessionTrail, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := t.query(ctx, `/* Store.SessionTrails */
SELECT id, projects_viewed, time_spent_per_project, journey_path FROM visitor_sessions
WHERE id IN `+t.d.lockInOrder("visitor_sessions", placeholders(t.d, 1, len(ids))), args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := make(map[uuid.UUID]*domain.SessionTrail, len(ids))
	for rows.Next() {
		var (
			id              uuid.UUID
			viewed, journey strList
			spent           jsonDoc
		)
		if err := rows.Scan(&id, &viewed, &spent, &journey); err != nil {
			return nil, translate(err)
		}
		trail := &domain.SessionTrail{JourneyPath: []string(journey), TimeSpentPerProject: map[string]float64{}}
		if trail.ProjectsViewed, err = uuidList(viewed); err != nil {
			return nil, err
		}
		if len(spent) > 0 {
			if err := json.Unmarshal(spent, &trail.TimeSpentPerProject); err != nil {
				return nil, fmt.Errorf("decode time_spent_per_project: %w", err)
			}
		}
		out[id] = trail
	}
	return out, translate(rows.Err())
}
