package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// DayVisits sums the raw interactions of [from, to) per project (the
// occurred_at index bounds the scan to that span).
func (t *tx) DayVisits(ctx context.Context, from, to time.Time) ([]domain.ProjectVisits, error) {
	rows, err := t.query(ctx, `/* Store.DayVisits */
SELECT project_id, COUNT(*), SUM(CASE WHEN interaction_type = 'view' THEN 1 ELSE 0 END),
  COALESCE(SUM(duration_seconds), 0)
FROM interactions WHERE occurred_at >= $1 AND occurred_at < $2
GROUP BY project_id ORDER BY project_id`, from.UTC(), to.UTC())
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []domain.ProjectVisits{}
	for rows.Next() {
		var v domain.ProjectVisits
		if err := rows.Scan(&v.ProjectID, &v.Interactions, &v.PageViews, &v.DwellSeconds); err != nil {
			return nil, translate(err)
		}
		out = append(out, v)
	}
	return out, translate(rows.Err())
}

// UpsertVisitsLog writes the daily visits rows one by one (one per visited
// project: a daily job), replacing the figures of a project and day
// already logged.
func (t *tx) UpsertVisitsLog(ctx context.Context, entries []*domain.GrowthLogEntry) error {
	for _, e := range entries {
		if e.VisitsDay == nil {
			return errors.New("visits log row without a day")
		}
		_, err := t.exec(ctx, `/* Store.UpsertVisitsLog */
INSERT INTO project_growth_log (id, project_id, page_views, interactions, time_spent_minutes,
  visits_day, recorded_at)
VALUES ($1,$2,$3,$4,$5,$6,$7)
ON CONFLICT (project_id, visits_day) WHERE visits_day IS NOT NULL DO UPDATE SET
  page_views = excluded.page_views, interactions = excluded.interactions,
  time_spent_minutes = excluded.time_spent_minutes, recorded_at = excluded.recorded_at`,
			e.ID, e.ProjectID, e.PageViews, e.Interactions, e.TimeSpentMinutes, nullT(e.VisitsDay),
			e.RecordedAt.UTC())
		if err != nil {
			return err
		}
	}
	return nil
}

// LastCodeActivity reads the growth-log rows that moved commits or lines
// and keeps each project's latest. The maximum is taken here: SQLite
// returns an aggregate of a timestamp column as bare text.
func (t *tx) LastCodeActivity(ctx context.Context) (map[uuid.UUID]time.Time, error) {
	rows, err := t.query(ctx, `/* Store.LastCodeActivity */
SELECT project_id, recorded_at FROM project_growth_log
WHERE commits_delta <> 0 OR lines_added <> 0 OR lines_removed <> 0`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := map[uuid.UUID]time.Time{}
	for rows.Next() {
		var (
			id uuid.UUID
			at time.Time
		)
		if err := rows.Scan(&id, &at); err != nil {
			return nil, translate(err)
		}
		if at.After(out[id]) {
			out[id] = at.UTC()
		}
	}
	return out, translate(rows.Err())
}

func (t *tx) GardenSummary(ctx context.Context, projectID uuid.UUID) (*domain.ProjectSummary, error) {
	var (
		s   domain.ProjectSummary
		avg sql.NullFloat64
	)
	err := t.queryRow(ctx, `/* Store.GardenSummary */
SELECT growth_events, avg_visit_time FROM garden_summary WHERE id = $1`, projectID).Scan(&s.GrowthEvents, &avg)
	if err != nil {
		return nil, translate(err)
	}
	s.AvgVisitSeconds = fPtr(avg)
	return &s, nil
}

func (t *tx) ProjectInteractionsSince(ctx context.Context, projectID uuid.UUID, fromHour int64) (int, error) {
	var n int
	err := t.queryRow(ctx, `/* Store.ProjectInteractionsSince */
SELECT COALESCE(SUM(interactions), 0) FROM analytics_projects_hourly WHERE project_id = $1 AND hour >= $2`,
		projectID, fromHour).Scan(&n)
	return n, translate(err)
}
