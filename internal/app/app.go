// Package app is the composition root: it builds the parts of one greenhouse
// process once each (the domain and analytics over the store, the GitHub
// client, the cache and rate limiter, the event feed, the job queue, the
// HTTP server), runs them, and shuts them down in order. `serve`, `worker`
// and `sync github` are each a call into it.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/github"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/worker"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Role is what a process does.
type Role int

const (
	// Serve runs the HTTP API, the realtime feed and, with Deps.RunJobs,
	// the job queue (otherwise it only enqueues).
	Serve Role = iota
	// Work runs the job queue (`greenhouse worker`).
	Work
	// Sync only syncs once, in the foreground (`sync github`).
	Sync
)

// Deps are what the caller hands the application: the store it opened
// (with an up-to-date schema) and the domain over it.
type Deps struct {
	DB     *store.DB
	Garden *domain.Service
	// Logger is where the process logs; nil logs nothing (`sync github`
	// reports every outcome itself).
	Logger *slog.Logger
	Role   Role
	// RunJobs runs the job queue inside `serve`.
	RunJobs bool
	// MetricsAddr serves /metrics for a worker (off when empty).
	MetricsAddr string
	// MaxWorkers bounds a worker's concurrent jobs (0: the worker's default).
	MaxWorkers int
	// NoSchedule makes a worker run queued jobs only, scheduling no periodic ones.
	NoSchedule bool
}

// App is one greenhouse process.
type App struct {
	cfg       *config.Config
	log       *slog.Logger
	db        *store.DB
	garden    *domain.Service
	analytics *analytics.Service
	github    *github.Client
	registry  *prometheus.Registry
	role      Role

	jobs   *worker.Worker // Serve and Work
	server *serverParts   // Serve
	// stop ends what Run started; wg waits for its loops.
	stop          context.CancelFunc
	wg            sync.WaitGroup
	stopMetrics   func()
	shutdownOnce  sync.Once
	shutdownError error
}

// New builds the process of deps.Role over cfg. It starts nothing: Run does.
func New(ctx context.Context, cfg *config.Config, deps Deps) (*App, error) {
	if deps.DB == nil || deps.Garden == nil {
		return nil, errors.New("app: DB and Garden are required")
	}
	logger := deps.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	a := &App{cfg: cfg, log: logger, db: deps.DB, garden: deps.Garden, role: deps.Role,
		analytics: analytics.NewService(deps.DB.Analytics(), deps.Garden), stop: func() {}}
	gh, err := github.New(github.Options{Token: cfg.GitHub.Token, BaseURL: cfg.GitHub.APIURL,
		HTTPClient: httpx.New(httpx.Options{Name: "github", Timeout: cfg.GitHub.Timeout, Logger: deps.Logger}),
		Logger:     deps.Logger, Now: time.Now})
	if err != nil {
		return nil, &config.Error{Err: fmt.Errorf("github: %w", err)}
	}
	a.github = gh
	if deps.Role == Sync {
		return a, nil
	}
	a.registry = prometheus.NewRegistry()
	a.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if deps.Role == Work {
		if a.jobs, err = a.newWorker(deps, false, worker.Deps{}); err != nil {
			return nil, err
		}
		if deps.MetricsAddr != "" {
			if a.stopMetrics, err = serveMetrics(deps.MetricsAddr, a.registry, logger); err != nil {
				return nil, err
			}
		}
		return a, nil
	}
	if err := a.buildServer(ctx, deps); err != nil {
		return nil, err
	}
	return a, nil
}

// newWorker builds the job queue over the app's parts, on top of d (the
// serve process shares its visitor hasher); insertOnly only enqueues (a
// serve process whose jobs a separate worker runs).
func (a *App) newWorker(deps Deps, insertOnly bool, d worker.Deps) (*worker.Worker, error) {
	d.Service, d.DB, d.Config, d.Logger, d.Registry, d.Now = a.garden, a.db, a.cfg, a.log, a.registry, time.Now
	d.GitHub, d.RollupAnalytics, d.InsertOnly = a.github, a.analytics.RollupAnalytics, insertOnly
	d.MaxWorkers, d.NoSchedule = deps.MaxWorkers, deps.NoSchedule
	return worker.New(d)
}

// GitHubSync is the GitHub sync over the app's client (`sync github`).
func (a *App) GitHubSync() *worker.GitHubSync {
	cfg := a.cfg
	return &worker.GitHubSync{Service: a.garden, GitHub: a.github, Now: time.Now, TTL: cfg.Cache.GitHubTTL,
		Today: func() time.Time { return worker.LocalMidnight(cfg.Analytics.Timezone, time.Now()) }}
}

// Run runs the process until ctx ends (or the HTTP server fails). Call
// Shutdown afterwards, whatever Run returned.
func (a *App) Run(ctx context.Context) error {
	runCtx, cancel := context.WithCancel(ctx)
	a.stop = cancel
	switch a.role {
	case Work:
		return a.jobs.Run(runCtx)
	case Serve:
		return a.runServer(ctx, runCtx)
	}
	return nil
}

// Shutdown stops what Run started, in order, within ctx: the HTTP server
// has stopped accepting; sockets close, the interactions already accepted
// commit, open sockets drain, running jobs finish, the background loops end,
// and the connections to Redis close.
func (a *App) Shutdown(ctx context.Context) error {
	a.shutdownOnce.Do(func() {
		a.stop()
		if a.server != nil {
			a.shutdownError = a.shutdownServer(ctx)
		}
		a.wg.Wait()
		if a.stopMetrics != nil {
			a.stopMetrics()
		}
		if a.server != nil {
			a.server.backend.close()
		}
	})
	return a.shutdownError
}

// NewLogger builds the slog logger of log.level and log.format on w.
func NewLogger(c config.LogConfig, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.Level)); err != nil {
		level = slog.LevelInfo
	}
	hopts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(c.Format, "json") {
		return slog.New(slog.NewJSONHandler(w, hopts))
	}
	return slog.New(slog.NewTextHandler(w, hopts))
}
