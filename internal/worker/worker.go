// Package worker runs greenhouse's background work on a durable job queue in
// the garden's own database (SQLite or PostgreSQL): the weather every quarter
// hour, growth, external syncs, skill insights, housekeeping, and the
// processing of GitHub webhook deliveries. See docs/worker.md.
package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/github"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/wakatime"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/weather"
	"github.com/greenhouse-garden/greenhouse/internal/privacy"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/prometheus/client_golang/prometheus"
)

// Deps is what the worker needs. Service, DB and Config are required; the
// rest default to what Config describes.
type Deps struct {
	Service  *domain.Service
	DB       *store.DB
	Config   *config.Config
	Logger   *slog.Logger
	Registry prometheus.Registerer // nil: metrics are not exported
	Now      func() time.Time      // nil: time.Now

	// Integration clients; nil builds them from Config.
	GitHub   *github.Client
	Spotify  *Spotify
	WakaTime *wakatime.Client
	Weather  weather.Provider
	Hasher   *privacy.Hasher

	// RollupAnalytics is the analytics rollup run every minute
	// (analytics.Service.RollupAnalytics); nil makes the rollup_analytics
	// job do nothing.
	RollupAnalytics func(context.Context) error

	// InsertOnly builds a client that only enqueues (an API process whose
	// jobs run in a separate `greenhouse worker`).
	InsertOnly bool
	// NoSchedule runs queued jobs but schedules no periodic ones (tests).
	NoSchedule bool
	// MaxWorkers bounds concurrent jobs (default 4; SQLite has one writer anyway).
	MaxWorkers int
	// PollInterval is how often idle workers look for jobs (default 1s).
	PollInterval time.Duration
	// MaxRateLimitWait is the longest a sync waits for GitHub's rate limit
	// to reset before giving up on the remaining projects (default 2m).
	MaxRateLimitWait time.Duration
	// Sleep waits during syncs (tests return at once); nil waits for real.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Worker owns the job queue and the jobs' dependencies.
type Worker struct {
	d        Deps
	svc      *domain.Service
	cfg      *config.Config
	log      *slog.Logger
	now      func() time.Time
	q        *queue
	metrics  *metrics
	gh       *GitHubSync
	spotify  *Spotify
	waka     *wakatime.Client
	sky      weather.Provider
	hasher   *privacy.Hasher
	rollup   func(context.Context) error
	webhooks *Webhooks
	last     *lastKnown
	quiet    *quietLog
}

// New builds a worker (or an insert-only client, with Deps.InsertOnly).
// It does not touch the database: Start migrates River's tables first.
func New(d Deps) (*Worker, error) {
	if d.Service == nil || d.DB == nil || d.Config == nil {
		return nil, errors.New("worker: Service, DB and Config are required")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	cfg := d.Config
	w := &Worker{d: d, svc: d.Service, cfg: cfg, log: d.Logger, now: d.Now, last: &lastKnown{}}
	var err error
	if w.metrics, err = newMetrics(d.Registry); err != nil {
		return nil, err
	}
	gh := d.GitHub
	if gh == nil {
		if gh, err = github.New(github.Options{Token: cfg.GitHub.Token, BaseURL: cfg.GitHub.APIURL,
			HTTPClient: httpx.New(httpx.Options{Name: "github", Timeout: cfg.GitHub.Timeout, Logger: d.Logger}),
			Logger:     d.Logger, Now: d.Now}); err != nil {
			return nil, fmt.Errorf("worker: github client: %w", err)
		}
	}
	w.quiet = newQuietLog(d.Logger)
	w.gh = &GitHubSync{Service: d.Service, GitHub: gh, Now: d.Now, Sleep: d.Sleep,
		MaxWait: d.MaxRateLimitWait, Logger: d.Logger, OnGrowth: w.metrics.growth,
		TTL: cfg.Cache.GitHubTTL, Today: w.localMidnight, quiet: w.quiet}
	w.spotify = d.Spotify
	if w.spotify == nil {
		w.spotify = NewSpotify(SpotifyClient(cfg, d.Logger, d.Now), cfg.Cache.SpotifyTTL, d.Now)
	}
	w.waka = d.WakaTime
	if w.waka == nil {
		w.waka = wakatime.New(wakatime.Options{APIKey: cfg.WakaTime.APIKey, BaseURL: cfg.WakaTime.APIURL, Logger: d.Logger})
	}
	w.sky = d.Weather
	if w.sky == nil {
		w.sky = weather.New(weather.Config{APIKey: cfg.Weather.APIKey, Latitude: cfg.Weather.Latitude,
			Longitude: cfg.Weather.Longitude, OpenMeteoURL: cfg.Weather.OpenMeteoURL,
			OpenWeatherMapURL: cfg.Weather.OpenWeatherMapURL, Logger: d.Logger})
	}
	w.hasher = d.Hasher
	if w.hasher == nil {
		w.hasher = privacy.NewHasher(d.Service, d.Now)
	}
	w.rollup = d.RollupAnalytics
	qc := queueConfig{work: !d.InsertOnly, maxWorkers: d.MaxWorkers, pollInterval: d.PollInterval,
		logger: d.Logger, register: w.register}
	if qc.maxWorkers <= 0 {
		qc.maxWorkers = 4
	}
	if qc.pollInterval <= 0 {
		qc.pollInterval = time.Second
	}
	if !d.NoSchedule {
		qc.periodic = w.schedule()
	}
	if w.q, err = openQueue(d.DB, qc); err != nil {
		return nil, err
	}
	w.webhooks = &Webhooks{secret: []byte(cfg.GitHub.WebhookSecret), svc: d.Service, log: d.Logger,
		enqueue: w.enqueueWebhook}
	return w, nil
}

// Start migrates River's tables and starts working jobs in the background.
func (w *Worker) Start(ctx context.Context) error {
	if err := Migrate(ctx, w.d.DB); err != nil {
		return err
	}
	return w.q.start(ctx)
}

// Stop waits for running jobs until ctx ends, then cancels what still runs
// (River retries those later).
func (w *Worker) Stop(ctx context.Context) error { return w.q.stop(ctx) }

// Run starts the worker, works until ctx is cancelled, then stops within
// config server.shutdown_timeout. `serve --with-worker` runs it in a goroutine.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.Start(ctx); err != nil {
		return err
	}
	w.log.Info("worker started", "engine", w.d.DB.Engine(), "insert_only", w.d.InsertOnly)
	<-ctx.Done()
	grace := w.cfg.Server.ShutdownTimeout
	if grace <= 0 {
		grace = 10 * time.Second
	}
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	err := w.Stop(stopCtx)
	w.log.Info("worker stopped")
	return err
}

// Run builds a worker from deps and runs it until ctx is cancelled.
func Run(ctx context.Context, d Deps) error {
	w, err := New(d)
	if err != nil {
		return err
	}
	return w.Run(ctx)
}

// Webhooks returns the GitHub webhook handler, which enqueues on this worker.
func (w *Worker) Webhooks() *Webhooks { return w.webhooks }

// Spotify returns the cached "now playing" state the weather also reads.
func (w *Worker) Spotify() *Spotify { return w.spotify }

// GitHubSync returns the synchroniser `sync github` and the jobs use.
func (w *Worker) GitHubSync() *GitHubSync { return w.gh }

// EnqueueSync queues a GitHub sync of one project (id or name) or of all
// linked projects (projectRef ""), and returns the job id. A sync of the same
// target queued within the last minute is returned instead of a new one.
// force asks GitHub even for repositories synced within cache.github_ttl.
func (w *Worker) EnqueueSync(ctx context.Context, projectRef string, force bool) (int64, error) {
	if projectRef != "" {
		p, err := w.svc.ResolveProject(ctx, projectRef)
		if err != nil {
			return 0, err
		}
		if p.GithubRepo == "" {
			return 0, domain.Invalid("project", "is not linked to a GitHub repository")
		}
		projectRef = p.ID.String()
	}
	queuedAt := w.now()
	id, dup, err := w.q.enqueue(ctx, syncGitHubArgs{ProjectRef: projectRef, Force: force, QueuedAt: queuedAt},
		enqueueOpts{maxAttempts: 3, uniqueArgs: true, uniqueFor: time.Minute})
	if err != nil || dup {
		return id, err
	}
	return id, w.svc.SyncQueuedRun(ctx, ProviderGitHub, id, queuedAt)
}

// EnqueueGrowth queues a growth recalculation of one project a minute from
// now, once per five minutes however much activity arrives meanwhile.
func (w *Worker) EnqueueGrowth(ctx context.Context, projectID string) (int64, error) {
	id, _, err := w.q.enqueue(ctx, growthArgs{ProjectID: projectID},
		enqueueOpts{maxAttempts: 5, at: w.now().Add(time.Minute), uniqueArgs: true, uniqueFor: 5 * time.Minute})
	return id, err
}

// Job returns the state of a queued job, for status endpoints. An unknown id
// is a domain not-found error.
func (w *Worker) Job(ctx context.Context, id int64) (*JobState, error) {
	js, err := w.q.get(ctx, id)
	if errors.Is(err, errNoJob) {
		return nil, &domain.NotFoundError{Kind: "job", Key: fmt.Sprint(id)}
	}
	return js, err
}

// InServe reports whether `serve` runs the worker in its own process, from
// worker.enabled_in_serve: "true", "false", or "auto" (on for SQLite, whose
// single writer makes a separate worker process pointless; off for
// PostgreSQL, where workers run as `greenhouse worker`). A --with-worker
// flag, when given, overrides it.
func InServe(cfg *config.Config) bool {
	switch cfg.Worker.EnabledInServe {
	case "true":
		return true
	case "false":
		return false
	}
	return cfg.Database.Engine() == config.EngineSQLite
}
