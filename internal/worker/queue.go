package worker

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
)

// This file is the one seam between greenhouse and the job queue (River):
// nothing else in the package names a driver, a client or a River type
// beyond river.JobArgs (a Kind method) and river.Job.
//
// The queue lives in the garden's own database. SQLite goes through
// riversqlite on store.DB.SQL(), which is the single writer connection with
// a busy timeout that driver wants; PostgreSQL goes through riverdatabasesql
// on the same database/sql pool, so the client type is one for both engines.
// Neither uses LISTEN/NOTIFY (poll-only): riverdatabasesql needs a separate
// pgx pool for that, and a poll every second is plenty for a garden.

type riverClient = river.Client[*sql.Tx]

func driverFor(db *store.DB) riverdriver.Driver[*sql.Tx] {
	if db.Engine() == store.SQLite {
		return riversqlite.New(db.SQL())
	}
	return riverdatabasesql.New(db.SQL())
}

// Migrate creates or upgrades River's own tables (river_job, river_leader,
// ...) in the garden's database. It is idempotent; `migrate up` and the
// worker's start both call it.
func Migrate(ctx context.Context, db *store.DB) error {
	m, err := rivermigrate.New(driverFor(db), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	return nil
}

// periodic is one scheduled job.
type periodic struct {
	id    string
	every time.Duration
	args  func() river.JobArgs
}

// queueConfig is what the queue needs beyond the database.
type queueConfig struct {
	work         bool // run jobs; false makes an insert-only client (the API)
	maxWorkers   int
	pollInterval time.Duration
	logger       *slog.Logger
	register     func(*river.Workers)
	periodic     []periodic
}

// queue is a River client over the garden's database.
type queue struct {
	client *riverClient
	work   bool
}

func openQueue(db *store.DB, qc queueConfig) (*queue, error) {
	workers := river.NewWorkers()
	if qc.register != nil {
		qc.register(workers)
	}
	cfg := &river.Config{
		Logger:            qc.logger,
		Workers:           workers,
		PollOnly:          true,
		FetchPollInterval: qc.pollInterval,
		FetchCooldown:     min(qc.pollInterval, 100*time.Millisecond),
		JobTimeout:        5 * time.Minute,
		MaxAttempts:       5,
		// A job that ran for an hour is presumed lost (a killed worker) and
		// is retried; jobs are idempotent, so a rare double run is harmless.
		RescueStuckJobsAfter: time.Hour,
	}
	if qc.work {
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: max(qc.maxWorkers, 1)}}
		for _, p := range qc.periodic {
			cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(p.every),
				func() (river.JobArgs, *river.InsertOpts) {
					// Unique per period: a new leader's RunOnStart, or two
					// leaders in a brief overlap, cannot enqueue it twice.
					return p.args(), &river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByPeriod: p.every}}
				}, &river.PeriodicJobOpts{ID: p.id, RunOnStart: true}))
		}
	}
	client, err := river.NewClient(driverFor(db), cfg)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return &queue{client: client, work: qc.work}, nil
}

func (q *queue) start(ctx context.Context) error {
	if !q.work {
		return nil
	}
	return q.client.Start(ctx)
}

// stop lets running jobs finish until ctx ends, then cancels them: River
// records a cancelled job's attempt as failed and retries it later, so no
// job is lost.
func (q *queue) stop(ctx context.Context) error {
	if !q.work {
		return nil
	}
	err := q.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		cancelCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return q.client.StopAndCancel(cancelCtx)
	}
	return err
}

// enqueueOpts are the insert options greenhouse uses.
type enqueueOpts struct {
	maxAttempts int
	at          time.Time     // run no earlier than this
	uniqueArgs  bool          // one job per distinct args ...
	uniqueFor   time.Duration // ... within this window (0: while it exists)
}

// enqueue inserts a job and returns its id. duplicate says a unique job was
// already queued: its id is returned instead.
func (q *queue) enqueue(ctx context.Context, args river.JobArgs, o enqueueOpts) (id int64, duplicate bool, err error) {
	opts := &river.InsertOpts{MaxAttempts: o.maxAttempts, ScheduledAt: o.at}
	if o.uniqueArgs || o.uniqueFor > 0 {
		opts.UniqueOpts = river.UniqueOpts{ByArgs: o.uniqueArgs, ByPeriod: o.uniqueFor}
	}
	res, err := q.client.Insert(ctx, args, opts)
	if err != nil {
		return 0, false, fmt.Errorf("enqueue %s: %w", args.Kind(), err)
	}
	return res.Job.ID, res.UniqueSkippedAsDuplicate, nil
}

// JobState is a queued job's state, for status endpoints.
type JobState struct {
	ID       int64     `json:"id"`
	Kind     string    `json:"kind"`
	State    string    `json:"state"` // available, running, retryable, completed, discarded, ...
	Attempt  int       `json:"attempt"`
	Errors   []string  `json:"errors,omitempty"`
	QueuedAt time.Time `json:"queued_at"`
}

func (q *queue) get(ctx context.Context, id int64) (*JobState, error) {
	row, err := q.client.JobGet(ctx, id)
	if errors.Is(err, rivertype.ErrNotFound) {
		return nil, fmt.Errorf("job %d: %w", id, errNoJob)
	}
	if err != nil {
		return nil, err
	}
	js := &JobState{ID: row.ID, Kind: row.Kind, State: string(row.State), Attempt: row.Attempt, QueuedAt: row.CreatedAt}
	for _, e := range row.Errors {
		js.Errors = append(js.Errors, e.Error)
	}
	return js, nil
}

var errNoJob = errors.New("no such job")

// handler adapts a plain function to a River worker with its own timeout.
type handler[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	timeout time.Duration
	fn      func(ctx context.Context, args T, attempt int) error
}

func (h *handler[T]) Timeout(*river.Job[T]) time.Duration { return h.timeout }

func (h *handler[T]) Work(ctx context.Context, job *river.Job[T]) error {
	return h.fn(context.WithValue(ctx, jobIDKey{}, job.ID), job.Args, job.Attempt)
}

type jobIDKey struct{}

// jobID is the id of the job ctx runs, 0 outside a job.
func jobID(ctx context.Context) int64 {
	id, _ := ctx.Value(jobIDKey{}).(int64)
	return id
}

// handle registers fn as the worker of T's kind.
func handle[T river.JobArgs](ws *river.Workers, timeout time.Duration, fn func(ctx context.Context, args T, attempt int) error) {
	river.AddWorker[T](ws, &handler[T]{timeout: timeout, fn: fn})
}
