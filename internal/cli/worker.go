package cli

import (
	"context"

	"github.com/greenhouse-garden/greenhouse/internal/app"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
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
func NewCmdWorker(f *Factory) *cobra.Command {
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
			return workerRun(cmd.Context(), opts)
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
	return runApp(ctx, opts.IO, opts.Service, opts.DB, cfg, app.Deps{Role: app.Work,
		MetricsAddr: opts.MetricsAddr, MaxWorkers: opts.MaxWorkers, NoSchedule: opts.NoSchedule})
}
