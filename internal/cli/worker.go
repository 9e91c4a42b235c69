package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/worker"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"
)

// WorkerOptions are the inputs of `worker`.
type WorkerOptions struct {
	IO          *IOStreams
	Config      func() (*config.Config, error)
	Service     func(context.Context) (*domain.Service, error)
	DB          func(context.Context) (*store.DB, error)
	MaxWorkers  int
	NoSchedule  bool
	MetricsAddr string
}

// NewCmdWorker builds `worker`: the job queue until SIGINT/SIGTERM.
func NewCmdWorker(f *Factory, runF func(context.Context, *WorkerOptions) error) *cobra.Command {
	opts := &WorkerOptions{IO: f.IO, Config: f.Config, Service: f.Service, DB: f.DB}
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Run the background jobs (weather, growth, syncs, insights, webhooks)",
		Long: "Run the job queue stored in the garden's database: the weather every quarter hour,\n" +
			"growth, GitHub/Spotify/WakaTime syncs, skill insights, housekeeping and GitHub webhook\n" +
			"deliveries. Several workers may run against one PostgreSQL database: one is elected\n" +
			"to schedule the periodic jobs. On SIGINT/SIGTERM running jobs get server.shutdown_timeout\n" +
			"to finish; the rest are returned to the queue. See docs/worker.md.",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return orRun(runF, workerRun)(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.MaxWorkers, "max-workers", 4, "jobs run at the same time")
	cmd.Flags().BoolVar(&opts.NoSchedule, "no-schedule", false, "work queued jobs only; schedule no periodic ones")
	cmd.Flags().StringVar(&opts.MetricsAddr, "metrics-addr", "", "serve Prometheus metrics at http://ADDR/metrics (off when empty)")
	return cmd
}

func workerRun(ctx context.Context, opts *WorkerOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	db, err := opts.DB(ctx)
	if err != nil {
		return err
	}
	logger := newLogger(cfg.Log, opts.IO.ErrOut)
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if opts.MetricsAddr != "" {
		stop, err := serveMetrics(opts.MetricsAddr, reg, logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	figures := analytics.NewService(db.Analytics(), svc)
	return worker.Run(ctx, worker.Deps{Service: svc, DB: db, Config: cfg, Logger: logger,
		Registry: reg, Now: time.Now, RollupAnalytics: figures.RollupAnalytics, MaxWorkers: opts.MaxWorkers, NoSchedule: opts.NoSchedule})
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
