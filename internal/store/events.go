package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// InsertEvent stores an event and sets its id: a batch of one.
func (t *tx) InsertEvent(ctx context.Context, e *domain.Event) error {
	return t.InsertEvents(ctx, []*domain.Event{e})
}

// storedData is what the events table keeps of an event's data.
func storedData(data []byte) []byte {
	if len(data) == 0 {
		return []byte("{}")
	}
	return data
}

// stored notes that e was stored and, where the engine keeps events
// verbatim, remembers it as EventsSince will read it back, for the commit
// hook.
func (t *tx) stored(e *domain.Event) {
	t.emitted = true
	if !t.d.keepsEventsVerbatim() {
		return
	}
	c := *e
	c.Data, c.CreatedAt = storedData(e.Data), e.CreatedAt.UTC()
	t.events = append(t.events, c)
}

// EventsSince returns events with id > afterID in id order.
func (t *tx) EventsSince(ctx context.Context, afterID int64, limit int) ([]*domain.Event, error) {
	rows, err := t.query(ctx, `/* Store.EventsSince */
SELECT id, event_type, project_id, data, created_at FROM events WHERE id > $1 ORDER BY id LIMIT $2`,
		afterID, limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []*domain.Event{}
	for rows.Next() {
		var (
			e    domain.Event
			pid  sql.NullString
			data jsonDoc
		)
		if err := rows.Scan(&e.ID, &e.Type, &pid, &data, &e.CreatedAt); err != nil {
			return nil, translate(err)
		}
		if pid.Valid {
			id, err := uuid.Parse(pid.String)
			if err != nil {
				return nil, err
			}
			e.ProjectID = &id
		}
		e.Data, e.CreatedAt = []byte(data), e.CreatedAt.UTC()
		out = append(out, &e)
	}
	return out, translate(rows.Err())
}

// EventBounds returns the smallest and largest stored event ids (0, 0 when
// there are none). Resume uses them to tell a gap from a quiet period.
func (t *tx) EventBounds(ctx context.Context) (oldest, latest int64, err error) {
	var lo, hi sql.NullInt64
	err = t.queryRow(ctx, `/* Store.EventBounds */ SELECT MIN(id), MAX(id) FROM events`).Scan(&lo, &hi)
	return lo.Int64, hi.Int64, translate(err)
}

// PruneEvents deletes events created before cutoff and returns how many.
func (t *tx) PruneEvents(ctx context.Context, cutoff time.Time) (int, error) {
	res, err := t.exec(ctx, `/* Store.PruneEvents */ DELETE FROM events WHERE created_at < $1`, cutoff.UTC())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), translate(err)
}

// InsertEvents stores several events in one statement per chunk and sets
// their ids. Used by batches, where one insert replaces many round trips.
// The ids come back in no promised order; the rows take them in VALUES
// order (one statement, under beforeEventInsert's ordering on PostgreSQL,
// alone on SQLite), so the sorted ids are the rows' in order.
func (t *tx) InsertEvents(ctx context.Context, events []*domain.Event) error {
	if len(events) == 0 {
		return nil
	}
	for _, stmt := range t.d.beforeEventInsert() {
		if _, err := t.exec(ctx, stmt); err != nil {
			return err
		}
	}
	return insertChunks(t, `/* Store.InsertEvents */ INSERT INTO events (event_type, project_id, data, created_at) VALUES `,
		" RETURNING id", 4, len(events), func(i int) []any {
			e := events[i]
			return []any{e.Type, nullUUID(e.ProjectID), string(storedData(e.Data)), e.CreatedAt.UTC()}
		}, func(query string, args []any, start, end int) error {
			ids, err := t.returnedIDs(ctx, query, args)
			if err != nil {
				return err
			}
			if len(ids) != end-start {
				return fmt.Errorf("insert events: %d ids for %d rows", len(ids), end-start)
			}
			slices.Sort(ids)
			for k, id := range ids {
				events[start+k].ID = id
				t.stored(events[start+k])
			}
			return nil
		})
}

// returnedIDs runs an INSERT … RETURNING id and collects the ids.
func (t *tx) returnedIDs(ctx context.Context, query string, args []any) ([]int64, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, translate(err)
		}
		ids = append(ids, id)
	}
	return ids, translate(rows.Err())
}
