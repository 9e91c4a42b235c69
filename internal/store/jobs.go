package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// RecordCommits stores a project's dated commits; one already stored keeps
// its first date.
func (t *tx) RecordCommits(ctx context.Context, projectID uuid.UUID, commits []domain.DatedCommit) error {
	for _, c := range commits {
		if _, err := t.exec(ctx, `/* Store.RecordCommits */
INSERT INTO github_commits (project_id, sha, counted_at) VALUES ($1, $2, $3)
ON CONFLICT (project_id, sha) DO NOTHING`, projectID, c.SHA, c.At.UTC()); err != nil {
			return err
		}
	}
	return nil
}

// CommitActivitySince counts the distinct commits dated since a time and
// the projects they went to (the weather model's input).
func (t *tx) CommitActivitySince(ctx context.Context, since time.Time) (commits, projects int, err error) {
	err = t.queryRow(ctx, `/* Store.CommitActivitySince */
SELECT COUNT(DISTINCT sha), COUNT(DISTINCT project_id)
FROM github_commits WHERE counted_at >= $1`, since.UTC()).Scan(&commits, &projects)
	return commits, projects, translate(err)
}

// GetSyncRun returns a provider's latest sync run, nil when none.
func (t *tx) GetSyncRun(ctx context.Context, provider string) (*domain.SyncRun, error) {
	run := &domain.SyncRun{Provider: provider}
	var (
		jobID                     sql.NullInt64
		errText, results          sql.NullString
		queued, started, finished sql.NullTime
	)
	err := t.queryRow(ctx, `/* Store.GetSyncRun */
SELECT state, job_id, error, results, queued_at, started_at, finished_at FROM sync_runs WHERE provider = $1`,
		provider).Scan(&run.State, &jobID, &errText, &results, &queued, &started, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil //nolint:nilnil // "never ran" is not an error
	}
	if err != nil {
		return nil, translate(err)
	}
	run.JobID, run.Error = jobID.Int64, errText.String
	if results.Valid {
		run.Results = []byte(results.String)
	}
	run.QueuedAt, run.StartedAt, run.FinishedAt = tPtr(queued), tPtr(started), tPtr(finished)
	return run, nil
}

// PutSyncRun stores a provider's latest sync run.
func (t *tx) PutSyncRun(ctx context.Context, run *domain.SyncRun) error {
	return t.putSyncRun(ctx, run, "Store.PutSyncRun", "")
}

// QueueSyncRun stores a queued run unless the provider's run is already
// that job (its worker may have started it before the queue is recorded).
// The condition is in the upsert: a row read first could change before
// the write.
func (t *tx) QueueSyncRun(ctx context.Context, run *domain.SyncRun) error {
	return t.putSyncRun(ctx, run, "Store.QueueSyncRun",
		` WHERE sync_runs.job_id IS NULL OR sync_runs.job_id <> excluded.job_id`)
}

func (t *tx) putSyncRun(ctx context.Context, run *domain.SyncRun, name, where string) error {
	var jobID any
	if run.JobID != 0 {
		jobID = run.JobID
	}
	_, err := t.exec(ctx, `/* `+name+` */
INSERT INTO sync_runs (provider, state, job_id, error, results, queued_at, started_at, finished_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (provider) DO UPDATE SET state = excluded.state, job_id = excluded.job_id, error = excluded.error,
  results = excluded.results, queued_at = excluded.queued_at, started_at = excluded.started_at,
  finished_at = excluded.finished_at`+where,
		run.Provider, run.State, jobID, nullStr(run.Error), nullJSON(run.Results),
		nullT(run.QueuedAt), nullT(run.StartedAt), nullT(run.FinishedAt))
	return err
}
