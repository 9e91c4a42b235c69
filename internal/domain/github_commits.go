package domain

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// DatedCommit is a commit the garden has seen with a date: when it was
// pushed (a webhook) or its own date (a sync). github_commits_today counts
// the commits dated today; a sync's commit-count deltas never do.
type DatedCommit struct {
	SHA string
	At  time.Time
}

// validCommits keeps the commits with a sane sha and a date.
func validCommits(cs []DatedCommit) []DatedCommit {
	out := make([]DatedCommit, 0, len(cs))
	for _, c := range cs {
		c.SHA = strings.TrimSpace(c.SHA)
		if c.SHA != "" && len(c.SHA) <= 64 && !c.At.IsZero() {
			out = append(out, c)
		}
	}
	return out
}

// Sync run states, as GET /api/v1/integrations/github/sync reports them.
const (
	SyncQueued    = "queued"
	SyncRunning   = "running"
	SyncSucceeded = "succeeded"
	SyncFailed    = "failed"
)

// SyncRun is the latest run of a provider's sync.
type SyncRun struct {
	Provider   string
	State      string
	JobID      int64 // 0 when the run was not queued (the CLI, a schedule)
	Error      string
	Results    json.RawMessage // the per-project outcomes, as the sync reported them
	QueuedAt   *time.Time
	StartedAt  *time.Time
	FinishedAt *time.Time
}

// SyncQueuedRun records that a sync was queued as job id. A job that
// started already (it can, before this is written) is left as it is. The
// store decides that in the write itself: reading first raced with the
// worker's start on PostgreSQL, and a queued state then replaced the
// running one.
func (s *Service) SyncQueuedRun(ctx context.Context, provider string, jobID int64, queuedAt time.Time) error {
	return s.store.Update(ctx, func(tx Tx) error {
		return tx.QueueSyncRun(ctx, &SyncRun{Provider: provider, State: SyncQueued, JobID: jobID, QueuedAt: &queuedAt})
	})
}

// SyncStarted records that a provider's sync started: job 0 for a run that
// was not queued, else the job queued at queuedAt.
func (s *Service) SyncStarted(ctx context.Context, provider string, jobID int64, queuedAt time.Time) error {
	now := s.Now()
	run := &SyncRun{Provider: provider, JobID: jobID, State: SyncRunning, StartedAt: &now}
	if !queuedAt.IsZero() {
		run.QueuedAt = &queuedAt
	}
	return s.store.Update(ctx, func(tx Tx) error { return tx.PutSyncRun(ctx, run) })
}

// SyncFinished records how a provider's sync ended: failed with runErr
// (nil means it succeeded), with its per-project results.
func (s *Service) SyncFinished(ctx context.Context, provider string, results any, runErr error) error {
	doc, err := json.Marshal(results)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		run, err := tx.GetSyncRun(ctx, provider)
		if err != nil {
			return err
		}
		now := s.Now()
		if run == nil {
			run = &SyncRun{Provider: provider, StartedAt: &now}
		}
		run.State, run.Error, run.Results, run.FinishedAt = SyncSucceeded, "", doc, &now
		if runErr != nil {
			run.State, run.Error = SyncFailed, truncate(runErr.Error(), 1000)
		}
		return tx.PutSyncRun(ctx, run)
	})
}

// LatestSyncRun returns a provider's latest sync run, nil when none ran.
func (s *Service) LatestSyncRun(ctx context.Context, provider string) (*SyncRun, error) {
	var run *SyncRun
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		run, err = tx.GetSyncRun(ctx, provider)
		return err
	})
	return run, err
}
