package worker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/riverqueue/river"
)

// Job kinds. Each periodic kind is scheduled by the leader only and is
// unique per period, so several workers never run one period twice.
type (
	weatherArgs   struct{}
	growthAllArgs struct{}
	growthArgs    struct {
		ProjectID string `json:"project_id" river:"unique"`
	}
	syncExternalArgs struct{}
	syncGitHubArgs   struct {
		ProjectRef string    `json:"project_ref" river:"unique"`
		Force      bool      `json:"force,omitempty" river:"unique"`
		QueuedAt   time.Time `json:"queued_at"`
	}
	insightsArgs     struct{}
	summaryArgs      struct{}
	idleSessionsArgs struct{}
	pruneArgs        struct{}
	rotateSaltArgs   struct{}
	rollupArgs       struct{}
	visitsLogArgs    struct{}
)

func (weatherArgs) Kind() string      { return "update_weather_conditions" }
func (growthAllArgs) Kind() string    { return "calculate_all_growth" }
func (growthArgs) Kind() string       { return "calculate_project_growth" }
func (syncExternalArgs) Kind() string { return "sync_external_data" }
func (syncGitHubArgs) Kind() string   { return "sync_github" }
func (insightsArgs) Kind() string     { return "generate_skill_insights" }
func (summaryArgs) Kind() string      { return "refresh_garden_summary" }
func (idleSessionsArgs) Kind() string { return "end_idle_sessions" }
func (pruneArgs) Kind() string        { return "prune_events" }
func (rotateSaltArgs) Kind() string   { return "rotate_ip_salt" }
func (rollupArgs) Kind() string       { return "rollup_analytics" }
func (visitsLogArgs) Kind() string    { return "log_daily_visits" }

// Retention of webhook delivery ids: GitHub redelivers for a few days at most.
const deliveryRetention = 14 * 24 * time.Hour

// schedule lists the periodic jobs with their intervals from config.
func (w *Worker) schedule() []periodic {
	wc := w.cfg.Worker
	every := func(d, def time.Duration) time.Duration {
		if d <= 0 {
			return def
		}
		return d
	}
	ps := []periodic{
		{"update_weather_conditions", every(wc.WeatherInterval, 15*time.Minute), func() river.JobArgs { return weatherArgs{} }},
		{"calculate_all_growth", every(wc.GrowthInterval, time.Hour), func() river.JobArgs { return growthAllArgs{} }},
		{"sync_external_data", every(wc.SyncInterval, time.Hour), func() river.JobArgs { return syncExternalArgs{} }},
		{"generate_skill_insights", every(wc.InsightsInterval, 24*time.Hour), func() river.JobArgs { return insightsArgs{} }},
		{"refresh_garden_summary", 10 * time.Minute, func() river.JobArgs { return summaryArgs{} }},
		{"end_idle_sessions", 5 * time.Minute, func() river.JobArgs { return idleSessionsArgs{} }},
		{"prune_events", time.Hour, func() river.JobArgs { return pruneArgs{} }},
		// Hourly, though the salt changes daily: Rotate is idempotent, and
		// the new day's salt then exists within the hour after midnight.
		{"rotate_ip_salt", time.Hour, func() river.JobArgs { return rotateSaltArgs{} }},
		// Hourly, though it logs whole days: yesterday's row then exists
		// within the hour after midnight, and a missed run costs nothing.
		{"log_daily_visits", time.Hour, func() river.JobArgs { return visitsLogArgs{} }},
	}
	if w.rollup != nil {
		ps = append(ps, periodic{"rollup_analytics", time.Minute, func() river.JobArgs { return rollupArgs{} }})
	}
	return ps
}

// register adds every job kind's worker.
func (w *Worker) register(ws *river.Workers) {
	short, long := 2*time.Minute, 15*time.Minute
	handle(ws, short, wrap(w, "update_weather_conditions", func(ctx context.Context, _ weatherArgs) error {
		_, _, err := w.UpdateWeather(ctx)
		return err
	}))
	handle(ws, long, wrap(w, "calculate_all_growth", func(ctx context.Context, _ growthAllArgs) error {
		return w.RecalculateAllGrowth(ctx)
	}))
	handle(ws, short, wrap(w, "calculate_project_growth", func(ctx context.Context, a growthArgs) error {
		return w.RecalculateGrowth(ctx, a.ProjectID)
	}))
	handle(ws, long, wrap(w, "sync_external_data", func(ctx context.Context, _ syncExternalArgs) error {
		return w.SyncExternal(ctx)
	}))
	handle(ws, long, wrap(w, "sync_github", func(ctx context.Context, a syncGitHubArgs) error {
		return w.syncGitHub(ctx, SyncOptions{ProjectRef: a.ProjectRef, Force: a.Force, JobID: jobID(ctx), QueuedAt: a.QueuedAt})
	}))
	handle(ws, long, wrap(w, "generate_skill_insights", func(ctx context.Context, _ insightsArgs) error {
		_, err := w.svc.GenerateSkillInsights(ctx)
		return err
	}))
	handle(ws, short, wrap(w, "refresh_garden_summary", func(ctx context.Context, _ summaryArgs) error {
		return w.svc.RefreshGardenSummary(ctx)
	}))
	handle(ws, short, wrap(w, "end_idle_sessions", func(ctx context.Context, _ idleSessionsArgs) error {
		_, err := w.EndIdleSessions(ctx)
		return err
	}))
	handle(ws, short, wrap(w, "prune_events", func(ctx context.Context, _ pruneArgs) error {
		return w.Prune(ctx)
	}))
	handle(ws, short, wrap(w, "rotate_ip_salt", func(ctx context.Context, _ rotateSaltArgs) error {
		return w.hasher.Rotate(ctx)
	}))
	handle(ws, short, wrap(w, "rollup_analytics", func(ctx context.Context, _ rollupArgs) error {
		if w.rollup == nil {
			return nil
		}
		return w.rollup(ctx)
	}))
	handle(ws, short, wrap(w, "log_daily_visits", func(ctx context.Context, _ visitsLogArgs) error {
		return w.LogDailyVisits(ctx)
	}))
	handle(ws, short, wrap(w, "process_github_webhook", w.processWebhook))
}

// wrap gives a job function its log line and metric. A failure is logged
// and returned, so River retries it with backoff.
func wrap[T river.JobArgs](w *Worker, kind string, fn func(context.Context, T) error) func(context.Context, T, int) error {
	return func(ctx context.Context, args T, attempt int) error {
		start := time.Now()
		err := fn(ctx, args)
		w.metrics.job(kind, err)
		if err != nil {
			w.log.Warn("job failed", "kind", kind, "attempt", attempt, "err", err)
			return err
		}
		w.log.Debug("job done", "kind", kind, "took", time.Since(start))
		return nil
	}
}

// jobCancel marks an error retrying cannot fix: the job is discarded.
func jobCancel(err error) error { return river.JobCancel(err) }

// RecalculateAllGrowth is the calculate_all_growth job.
func (w *Worker) RecalculateAllGrowth(ctx context.Context) error {
	res, err := w.svc.RecalculateAllGrowth(ctx)
	for _, g := range res {
		w.metrics.growth(g)
	}
	return err
}

// RecalculateGrowth is the calculate_project_growth job.
func (w *Worker) RecalculateGrowth(ctx context.Context, projectID string) error {
	id, err := uuid.Parse(projectID)
	if err != nil {
		return jobCancel(err)
	}
	g, err := w.svc.RecalculateGrowth(ctx, id)
	if domain.IsNotFound(err) {
		return nil // deleted since
	}
	w.metrics.growth(g)
	return err
}

func (w *Worker) syncGitHub(ctx context.Context, opts SyncOptions) error {
	rep, err := w.gh.Run(ctx, opts)
	if domain.IsNotFound(err) {
		return jobCancel(err)
	}
	if err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("%w: %d of %d projects failed", ErrSyncIncomplete, rep.Failed, len(rep.Projects))
	}
	return nil
}

// SyncExternal is the sync_external_data job: GitHub stats of every linked
// project, and fresh Spotify, WakaTime and weather readings (kept as the
// last known values the weather model falls back on).
func (w *Worker) SyncExternal(ctx context.Context) error {
	var errs []error
	if err := w.syncGitHub(ctx, SyncOptions{}); err != nil {
		errs = append(errs, err)
	}
	w.readSignals(ctx)
	return errors.Join(errs...)
}

// LogDailyVisits is the log_daily_visits job: each project's page views,
// interactions and time spent of the last finished days (cut in
// analytics.timezone) in its growth history.
func (w *Worker) LogDailyVisits(ctx context.Context) error {
	loc, err := time.LoadLocation(w.cfg.Analytics.Timezone)
	if err != nil {
		loc = time.UTC // config validation rejects unknown zones
	}
	_, err = w.svc.LogDailyVisits(ctx, loc)
	return err
}

// EndIdleSessions ends the sessions idle for worker.session_idle.
func (w *Worker) EndIdleSessions(ctx context.Context) (int, error) {
	idle := w.cfg.Worker.SessionIdle
	if idle <= 0 {
		idle = 30 * time.Minute
	}
	return w.svc.EndIdleSessions(ctx, idle)
}

// Prune deletes realtime events older than realtime.retention and webhook
// delivery ids older than two weeks.
func (w *Worker) Prune(ctx context.Context) error {
	retention := w.cfg.Realtime.Retention
	if retention <= 0 {
		retention = 24 * time.Hour
	}
	_, err := w.svc.PruneEvents(ctx, retention)
	if err != nil {
		return err
	}
	_, err = w.svc.PruneWebhookDeliveries(ctx, deliveryRetention)
	return err
}
