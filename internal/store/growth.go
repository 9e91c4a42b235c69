package store

import (
	"context"
	"database/sql"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

func (t *tx) InsertGrowthLog(ctx context.Context, e *domain.GrowthLogEntry) error {
	_, err := t.exec(ctx, `/* Store.InsertGrowthLog */
INSERT INTO project_growth_log (id, project_id, commits_delta, lines_added, lines_removed,
  complexity_change, github_activity, deployment_events, page_views, interactions,
  time_spent_minutes, previous_stage, new_stage, growth_factor, visits_day, recorded_at)
VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
		e.ID, e.ProjectID, e.CommitsDelta, e.LinesAdded, e.LinesRemoved, e.ComplexityChange,
		nullJSON(e.GithubActivity), nullJSON(e.DeploymentEvents), e.PageViews, e.Interactions,
		e.TimeSpentMinutes, nullStr(e.PreviousStage), nullStr(e.NewStage), nullF(e.GrowthFactor),
		nullT(e.VisitsDay), e.RecordedAt.UTC())
	return err
}

// ListGrowthLog returns a project's history, newest first.
func (t *tx) ListGrowthLog(ctx context.Context, projectID uuid.UUID, limit int) ([]*domain.GrowthLogEntry, error) {
	rows, err := t.query(ctx, `/* Store.ListGrowthLog */
SELECT id, project_id, commits_delta, lines_added, lines_removed, complexity_change,
  github_activity, deployment_events, page_views, interactions, time_spent_minutes,
  previous_stage, new_stage, growth_factor, visits_day, recorded_at
FROM project_growth_log WHERE project_id = $1
ORDER BY recorded_at DESC, id DESC LIMIT $2`, projectID, limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []*domain.GrowthLogEntry{}
	for rows.Next() {
		var (
			e          domain.GrowthLogEntry
			gh, dep    jsonDoc
			prev, next sql.NullString
			factor     sql.NullFloat64
			day        sql.NullTime
		)
		if err := rows.Scan(&e.ID, &e.ProjectID, &e.CommitsDelta, &e.LinesAdded, &e.LinesRemoved,
			&e.ComplexityChange, &gh, &dep, &e.PageViews, &e.Interactions, &e.TimeSpentMinutes,
			&prev, &next, &factor, &day, &e.RecordedAt); err != nil {
			return nil, translate(err)
		}
		e.GithubActivity, e.DeploymentEvents = []byte(gh), []byte(dep)
		e.PreviousStage, e.NewStage, e.GrowthFactor, e.VisitsDay = prev.String, next.String, fPtr(factor), tPtr(day)
		e.RecordedAt = e.RecordedAt.UTC()
		out = append(out, &e)
	}
	return out, translate(rows.Err())
}

func (t *tx) RefreshGardenSummary(ctx context.Context) error {
	_, err := t.exec(ctx, t.d.refreshGardenSummary())
	return err
}
