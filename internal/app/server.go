package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/debugserver"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/privacy"
	"github.com/greenhouse-garden/greenhouse/internal/realtime"
	"github.com/greenhouse-garden/greenhouse/internal/reqstats"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/worker"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// serverParts are what a serve process runs beside the job queue.
type serverParts struct {
	backend  *backingServices
	hasher   *privacy.Hasher
	recorder *reqstats.Recorder
	hub      *realtime.Hub
	feed     *realtime.Feed
	sockets  *realtime.Handler
	batcher  *domain.InteractionBatcher
	api      *api.Server
	// stopBatches ends the batcher after the HTTP server; batchDone closes
	// when it has committed what it holds.
	stopBatches context.CancelFunc
	batchDone   chan struct{}
}

// buildServer builds the API and what it runs on: the cache and rate
// limiter, the visitor hasher, the request recorder, the realtime hub, feed
// and socket handler, the interaction batcher and the job queue.
func (a *App) buildServer(_ context.Context, deps Deps) error {
	cfg := a.cfg
	secret, err := api.LoadSecret(cfg)
	if err != nil {
		return err
	}
	backend, err := backing(cfg, a.registry, a.log)
	if err != nil {
		return err
	}
	s := &serverParts{backend: backend, stopBatches: func() {}}
	a.server = s
	s.hasher = privacy.NewHasher(a.garden, time.Now)
	s.recorder = reqstats.NewRecorder(a.analytics, time.Now)
	m := realtime.NewMetrics(a.registry)
	s.hub = realtime.NewHub(cfg.Realtime.SendQueue, m)
	s.feed = realtime.NewFeed(a.garden, s.hub, cfg.Realtime.PollInterval, a.log)
	s.sockets = realtime.NewHandler(s.hub, a.garden, realtime.Options{
		MaxConnections: cfg.Realtime.MaxConnections, AllowedOrigins: cfg.Server.CORSOrigins,
	}, m, a.log)
	s.batcher = a.garden.NewInteractionBatcher(64, interactionWriters(a.db), a.log)
	registerBatcherMetrics(a.registry, s.batcher)
	// The worker runs jobs here (RunJobs) or only enqueues them for a
	// separate `greenhouse worker`; either way the API hands it webhooks,
	// syncs and Spotify.
	if a.jobs, err = a.newWorker(deps, !deps.RunJobs, worker.Deps{Hasher: s.hasher}); err != nil {
		backend.close()
		return err
	}
	gin.SetMode(gin.ReleaseMode)
	s.api = api.New(api.Deps{
		Service: a.garden, Analytics: a.analytics, Config: cfg, Cache: backend.cache, Limiter: backend.limiter,
		Hasher: s.hasher, ReadyChecks: backend.ready, Secret: secret, Logger: a.log, Registry: a.registry,
		Now: time.Now, Recorder: s.recorder, Interactions: s.batcher, Sockets: s.sockets,
		Integrations: a.jobs.ForAPI(),
	})
	return nil
}

// runServer starts the background loops and serves HTTP until runCtx ends.
func (a *App) runServer(ctx, runCtx context.Context) error {
	s := a.server
	// The background loops stop with the server and finish before Shutdown
	// returns (the recorder flushes its last minutes), so the store they
	// use is still open.
	a.wg.Go(func() { rotateSalts(runCtx, s.hasher, a.log) })
	a.wg.Go(func() {
		s.recorder.Run(runCtx, time.Minute, func(err error) { a.log.Warn("record request stats", "err", err) })
	})
	// The feed starts after the latest stored event; this process's own
	// commits and PostgreSQL's NOTIFY for any other process's wake it.
	if err := s.feed.Start(runCtx); err != nil {
		return fmt.Errorf("realtime: %w", err)
	}
	a.db.OnEventsCommitted(s.feed.Committed)
	if a.db.Engine() == store.Postgres {
		a.wg.Go(func() { realtime.ListenPostgres(runCtx, a.cfg.Database.URL, store.EventsChannel, s.feed, a.log) })
	}
	// Interactions are group-committed; the batcher outlives the HTTP server
	// so requests in flight at shutdown still get their answer.
	batchCtx, stopBatches := context.WithCancel(context.WithoutCancel(ctx))
	s.stopBatches, s.batchDone = stopBatches, make(chan struct{})
	go func() { s.batcher.Run(batchCtx); close(s.batchDone) }()
	if err := a.jobs.Start(runCtx); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	s.feed.Observe(func(m realtime.Message) { s.api.EventCommitted(runCtx, m.Type) })
	a.wg.Go(func() { s.feed.Run(runCtx) })
	if err := a.serveProfiles(runCtx); err != nil {
		return err
	}
	return s.api.Run(runCtx)
}

// serveProfiles starts the opt-in pprof listener (server.debug_addr). It is
// bound before the API starts: an operator who asked for profiles learns at
// once that the address is taken.
func (a *App) serveProfiles(ctx context.Context) error {
	addr := a.cfg.Server.DebugAddr
	if addr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server.debug_addr: %w", err)
	}
	a.wg.Go(func() {
		if err := debugserver.Serve(ctx, ln, a.log); err != nil {
			a.log.Error("profiling listener stopped", "addr", addr, "err", err)
		}
	})
	return nil
}

// shutdownServer closes the sockets (1001, going away), lets the batcher
// commit what it holds, then waits for the socket handlers and the running
// jobs within ctx.
func (a *App) shutdownServer(ctx context.Context) error {
	s := a.server
	s.hub.Close()
	s.stopBatches()
	if s.batchDone != nil {
		<-s.batchDone
	}
	s.sockets.Wait(ctx)
	if err := a.jobs.Stop(ctx); err != nil {
		a.log.Warn("worker stop", "err", err)
	}
	return nil
}

// interactionWriters is how many transactions record interactions at once:
// one. SQLite has a single writer; on PostgreSQL every batch updates the same
// few project counters, so concurrent batches queue on those rows, and one
// writer with larger batches measured better (BenchmarkLoad, 64 clients:
// 4,200 interactions/s with p99 27 ms against 3,100/s and 46 ms with four).
func interactionWriters(*store.DB) int { return 1 }

// rotateSalts deletes expired visitor-hash salts at start and every hour
// until ctx ends, so yesterday's hashes become unlinkable even when no
// worker runs beside the API.
func rotateSalts(ctx context.Context, h *privacy.Hasher, logger *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		if err := h.Rotate(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("rotate visitor salts", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// serveMetrics serves /metrics on addr until stop is called.
func serveMetrics(addr string, reg *prometheus.Registry, logger *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("metrics server", "err", err)
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

// registerBatcherMetrics exposes how well the interaction writer groups
// commits: interactions per transaction is the ratio of the two counters,
// the first thing to look at when interactions are slow.
func registerBatcherMetrics(reg prometheus.Registerer, b *domain.InteractionBatcher) {
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "interaction_commits_total", Help: "Transactions the interaction writer committed.",
		}, func() float64 { n, _ := b.Stats(); return float64(n) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "interaction_commit_items_total", Help: "Interactions those transactions carried.",
		}, func() float64 { _, n := b.Stats(); return float64(n) }),
	)
}
