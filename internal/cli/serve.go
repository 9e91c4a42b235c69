package cli

import (
	"context"
	"errors"
	"os"

	"github.com/greenhouse-garden/greenhouse/internal/app"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/spf13/cobra"
)

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
func NewCmdServe(f *Factory) *cobra.Command {
	opts := &ServeOptions{IO: f.IO, Config: f.Config, Service: f.Service, DB: f.DB}
	cmd := markCreatesGarden(&cobra.Command{
		Use:   "serve",
		Short: "Serve the garden's HTTP API",
		Long: "Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs, metrics at /metrics).\n" +
			"SQLite is migrated at start; PostgreSQL needs --migrate or database.migrate_on_start.",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serveRun(cmd.Context(), opts)
		},
	})
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
	runJobs := app.JobsInServe(&cfg)
	if opts.WithWorker != nil {
		runJobs = *opts.WithWorker
	}
	return runApp(ctx, opts.IO, opts.Service, opts.DB, &cfg, app.Deps{Role: app.Serve, RunJobs: runJobs})
}

// newApp builds the process of deps (internal/app) over the store and the
// domain the factory opened.
func newApp(ctx context.Context, io *IOStreams, service func(context.Context) (*domain.Service, error),
	openDB func(context.Context) (*store.DB, error), cfg *config.Config, deps app.Deps) (*app.App, error) {
	var err error
	if deps.Garden, err = service(ctx); err != nil {
		return nil, err
	}
	if deps.DB, err = openDB(ctx); err != nil {
		return nil, err
	}
	if deps.Role != app.Sync {
		deps.Logger = app.NewLogger(cfg.Log, io.ErrOut)
		// serve and worker run for long: the collector's settings are theirs.
		app.TuneRuntime(cfg.Performance, os.Getenv, nil, deps.Logger)
	}
	return app.New(ctx, cfg, deps)
}

// runApp runs the process of deps until ctx ends, then shuts it down
// within server.shutdown_timeout.
func runApp(ctx context.Context, io *IOStreams, service func(context.Context) (*domain.Service, error),
	openDB func(context.Context) (*store.DB, error), cfg *config.Config, deps app.Deps) error {
	a, err := newApp(ctx, io, service, openDB, cfg, deps)
	if err != nil {
		return err
	}
	err = a.Run(ctx)
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.Server.ShutdownTimeout)
	defer cancel()
	return errors.Join(err, a.Shutdown(stopCtx))
}
