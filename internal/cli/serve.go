package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/cache"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/privacy"
	"github.com/greenhouse-garden/greenhouse/internal/ratelimit"
	"github.com/greenhouse-garden/greenhouse/internal/realtime"
	"github.com/greenhouse-garden/greenhouse/internal/reqstats"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/worker"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"
)

// cacheEntries bounds the in-process cache (and Redis' fallback).
const cacheEntries = 10000

// ServeOptions are the inputs of `serve`.
type ServeOptions struct {
	IO      *IOStreams
	Config  func() (*config.Config, error)
	Service func(context.Context) (*domain.Service, error)
	DB      func(context.Context) (*store.DB, error)
	Addr    string
	// WithWorker runs the job queue in this process; nil decides from
	// worker.enabled_in_serve ("auto": on for SQLite).
	WithWorker *bool
}

// NewCmdServe builds `serve`: the HTTP API until SIGINT/SIGTERM, then a
// graceful shutdown within server.shutdown_timeout.
func NewCmdServe(f *Factory, runF func(context.Context, *ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{IO: f.IO, Config: f.Config, Service: f.Service, DB: f.DB}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the garden's HTTP API",
		Long: "Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs, metrics at /metrics).\n" +
			"SQLite is migrated at start; PostgreSQL needs --migrate or database.migrate_on_start.",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return orRun(runF, serveRun)(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Addr, "addr", "", "listen address (default server.addr, :8080)")
	withWorker := cmd.Flags().Bool("with-worker", false,
		"run the job queue in this process (default: worker.enabled_in_serve, auto = on for SQLite)")
	cmd.PreRun = func(cmd *cobra.Command, _ []string) {
		if cmd.Flags().Changed("with-worker") {
			opts.WithWorker = withWorker
		}
	}
	return cmd
}

func serveRun(ctx context.Context, opts *ServeOptions) error {
	loaded, err := opts.Config()
	if err != nil {
		return err
	}
	cfg := *loaded
	if opts.Addr != "" {
		cfg.Server.Addr = opts.Addr
	}
	logger := newLogger(cfg.Log, opts.IO.ErrOut)
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	secret, err := api.LoadSecret(&cfg)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	backend, err := backing(&cfg, reg, logger)
	if err != nil {
		return err
	}
	defer backend.close()
	// The background loops stop with the server and finish before serve
	// returns (the recorder flushes its last minutes), so the store they
	// use is still open.
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	db, err := opts.DB(ctx)
	if err != nil {
		return err
	}
	figures := analytics.NewService(db.Analytics(), svc)
	hasher := privacy.NewHasher(svc, time.Now)
	recorder := reqstats.NewRecorder(figures, time.Now)
	var wg sync.WaitGroup
	wg.Go(func() { rotateSalts(runCtx, hasher, logger) })
	wg.Go(func() {
		recorder.Run(runCtx, time.Minute, func(err error) { logger.Warn("record request stats", "err", err) })
	})
	live, err := startRealtime(runCtx, &cfg, svc, db, reg, logger, &wg)
	if err != nil {
		return err
	}
	// Interactions are group-committed; the batcher outlives the HTTP server
	// so requests in flight at shutdown still get their answer.
	batchCtx, stopBatches := context.WithCancel(context.WithoutCancel(ctx))
	defer stopBatches()
	batcher := svc.NewInteractionBatcher(64, interactionWriters(db), logger)
	batchDone := make(chan struct{})
	go func() { batcher.Run(batchCtx); close(batchDone) }()
	// The worker runs jobs here (--with-worker) or only enqueues them for a
	// separate `greenhouse worker`; either way the API hands it webhooks,
	// syncs and Spotify.
	runJobs := worker.InServe(&cfg)
	if opts.WithWorker != nil {
		runJobs = *opts.WithWorker
	}
	jobs, err := worker.New(worker.Deps{Service: svc, DB: db, Config: &cfg, Logger: logger,
		Registry: reg, Hasher: hasher, RollupAnalytics: figures.RollupAnalytics, InsertOnly: !runJobs})
	if err != nil {
		return err
	}
	if err := jobs.Start(runCtx); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	gin.SetMode(gin.ReleaseMode)
	srv := api.New(api.Deps{
		Service: svc, Analytics: figures, Config: &cfg, Cache: backend.cache, Limiter: backend.limiter, Hasher: hasher,
		ReadyChecks: backend.ready,
		Secret:      secret, Logger: logger, Registry: reg, Now: time.Now, Recorder: recorder,
		Interactions: batcher, Sockets: live.handler, Integrations: jobs.ForAPI(),
	})
	live.feed.Observe(func(m realtime.Message) { srv.EventCommitted(runCtx, m.Type) })
	wg.Go(func() { live.feed.Run(runCtx) })
	err = srv.Run(runCtx)
	cancel()
	live.hub.Close() // sockets close with 1001 (going away)
	stopBatches()
	<-batchDone
	stopCtx, stopJobs := context.WithTimeout(context.WithoutCancel(ctx), cfg.Server.ShutdownTimeout)
	defer stopJobs()
	live.handler.Wait(stopCtx)
	if stopErr := jobs.Stop(stopCtx); stopErr != nil {
		logger.Warn("worker stop", "err", stopErr)
	}
	wg.Wait()
	return err
}

// interactionWriters is how many transactions record interactions at once:
// one. SQLite has a single writer; on PostgreSQL every batch updates the same
// few project counters, so concurrent batches queue on those rows, and one
// writer with larger batches measured better (BenchmarkLoad, 64 clients:
// 4,200 interactions/s with p99 27 ms against 3,100/s and 46 ms with four).
func interactionWriters(*store.DB) int { return 1 }

// liveParts is the realtime machinery of one serve process.
type liveParts struct {
	hub     *realtime.Hub
	feed    *realtime.Feed
	handler *realtime.Handler
}

// startRealtime builds the hub, the feed (positioned after the latest
// stored event) and the /ws/garden handler, and the wake-ups that make
// delivery fast: this process's own commits, and PostgreSQL's NOTIFY for
// commits made by any other process.
func startRealtime(ctx context.Context, cfg *config.Config, svc *domain.Service, db *store.DB,
	reg prometheus.Registerer, logger *slog.Logger, wg *sync.WaitGroup) (*liveParts, error) {
	m := realtime.NewMetrics(reg)
	hub := realtime.NewHub(cfg.Realtime.SendQueue, m)
	feed := realtime.NewFeed(svc, hub, cfg.Realtime.PollInterval, logger)
	if err := feed.Start(ctx); err != nil {
		return nil, fmt.Errorf("realtime: %w", err)
	}
	db.OnEventsCommitted(feed.Wake)
	if db.Engine() == store.Postgres {
		wg.Go(func() { realtime.ListenPostgres(ctx, cfg.Database.URL, store.EventsChannel, feed, logger) })
	}
	handler := realtime.NewHandler(hub, svc, realtime.Options{
		MaxConnections: cfg.Realtime.MaxConnections, AllowedOrigins: cfg.Server.CORSOrigins,
	}, m, logger)
	return &liveParts{hub: hub, feed: feed, handler: handler}, nil
}

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

// redisPrefix names this deployment's keys in Redis after its database, so
// two gardens sharing one Redis (staging and production, or test runs)
// never read each other's cache. Replicas of one garden share the prefix.
func redisPrefix(cfg *config.Config) string {
	sum := sha256.Sum256([]byte(storeURL(cfg)))
	return "greenhouse:" + hex.EncodeToString(sum[:6])
}

// backingServices are the cache and rate limiter, in Redis or in memory.
type backingServices struct {
	cache   cache.Cache
	limiter ratelimit.Limiter // nil when rate limits are off
	ready   map[string]func(context.Context) error
	close   func()
}

// backing builds the cache and the rate limiter: in Redis when redis.url is
// set (each falls back to memory while Redis is down), else in memory.
func backing(cfg *config.Config, reg prometheus.Registerer, logger *slog.Logger) (*backingServices, error) {
	b := &backingServices{cache: cache.NewMemory(time.Now, cacheEntries), close: func() {}}
	if cfg.Redis.URL == "" {
		if cfg.RateLimit.Enabled {
			b.limiter = ratelimit.NewMemory()
		}
		return b, nil
	}
	ropts, err := redis.ParseURL(cfg.Redis.URL)
	if err != nil {
		return nil, &ConfigError{Err: fmt.Errorf("redis.url: %w", err)}
	}
	// Short timeouts and one retry: while Redis is down each request falls
	// back to memory quickly instead of waiting on reconnects.
	ropts.DialTimeout, ropts.ReadTimeout, ropts.WriteTimeout = 200*time.Millisecond, 200*time.Millisecond, 200*time.Millisecond
	ropts.PoolTimeout, ropts.MaxRetries, ropts.DialerRetries = 300*time.Millisecond, 1, 1
	client := redis.NewClient(ropts)
	prefix := redisPrefix(cfg)
	cm, err := cache.NewMetrics(reg)
	if err != nil {
		_ = client.Close()
		return nil, err
	}
	if cfg.RateLimit.Enabled {
		rm, err := ratelimit.NewMetrics(reg)
		if err != nil {
			_ = client.Close()
			return nil, err
		}
		b.limiter = ratelimit.NewRedis(client, ratelimit.NewMemory(), logger, rm, ratelimit.WithKeyPrefix(prefix+":ratelimit"))
	}
	b.cache = cache.NewRedis(client, b.cache.(*cache.Memory), logger, cm, cache.WithKeyPrefix(prefix))
	b.ready = map[string]func(context.Context) error{
		"redis": func(ctx context.Context) error { return client.Ping(ctx).Err() },
	}
	b.close = func() { _ = client.Close() }
	return b, nil
}

// newLogger builds the slog logger of log.level and log.format on w.
func newLogger(c config.LogConfig, w io.Writer) *slog.Logger {
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
