package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// InsertEvent stores an event and sets its id.
func (t *tx) InsertEvent(ctx context.Context, e *domain.Event) error {
	data := string(e.Data)
	if data == "" {
		data = "{}"
	}
	for _, stmt := range t.d.beforeEventInsert() {
		if _, err := t.exec(ctx, stmt); err != nil {
			return err
		}
	}
	t.emitted = true
	err := t.queryRow(ctx, `/* Store.InsertEvent */
INSERT INTO events (event_type, project_id, data, created_at) VALUES ($1,$2,$3,$4) RETURNING id`,
		e.Type, nullUUID(e.ProjectID), data, e.CreatedAt.UTC()).Scan(&e.ID)
	return translate(err)
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

// InsertEvents stores several events in one statement (ids are not read
// back). Used by batches, where one insert replaces many round trips.
func (t *tx) InsertEvents(ctx context.Context, events []*domain.Event) error {
	if len(events) == 0 {
		return nil
	}
	for _, stmt := range t.d.beforeEventInsert() {
		if _, err := t.exec(ctx, stmt); err != nil {
			return err
		}
	}
	t.emitted = true
	return insertRows(ctx, t, `/* Store.InsertEvents */ INSERT INTO events (event_type, project_id, data, created_at) VALUES `,
		4, len(events), func(i int) []any {
			e := events[i]
			data := string(e.Data)
			if data == "" {
				data = "{}"
			}
			return []any{e.Type, nullUUID(e.ProjectID), data, e.CreatedAt.UTC()}
		})
}
