package worker

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// A delivery accepted by an API process that only enqueues is worked by a
// worker started later: the queue is rows in the database.
func TestJobsSurviveRestarts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		api := newEnv(t, db, func(_ *config.Config, d *Deps) { d.InsertOnly = true })
		if err := api.w.Start(context.Background()); err != nil { // migrates River's tables
			t.Fatal(err)
		}
		p := api.plant("Hello", "Codertocat/Hello-World")
		body := readFixture(t, "github-webhooks", "push.branch-created.1-commit.json")
		res, err := api.w.Webhooks().Handle(context.Background(), "push", newDeliveryID(), sign(body), body)
		if err != nil || res.Status != http.StatusAccepted {
			t.Fatalf("%+v %v", res, err)
		}
		if js, _ := api.w.Job(context.Background(), res.JobID); js.State != "available" {
			t.Fatalf("an insert-only client worked the job: %+v", js)
		}
		worker := newEnv(t, db)
		worker.start()
		if js := worker.waitJob(res.JobID); js.State != "completed" {
			t.Fatalf("job: %+v", js)
		}
		if h := worker.history(p.ID); len(h) != 1 || h[0].CommitsDelta != 1 {
			t.Fatalf("growth log: %+v", h)
		}
	})
}

// Stopping waits for running jobs until its deadline, then cancels them and
// returns them to the queue for a later attempt.
func TestShutdownReturnsRunningJobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		running := make(chan struct{}, 1)
		e := newEnv(t, db, func(_ *config.Config, d *Deps) {
			d.RollupAnalytics = func(ctx context.Context) error {
				running <- struct{}{}
				<-ctx.Done() // a job slower than the shutdown grace
				return ctx.Err()
			}
		})
		if err := e.w.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		id, _, err := e.w.q.enqueue(context.Background(), rollupArgs{}, enqueueOpts{maxAttempts: 3})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-running:
		case <-time.After(10 * time.Second):
			t.Fatal("the job never started")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		if err := e.w.Stop(ctx); err != nil {
			t.Fatalf("stop: %v", err)
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("stop took %v", time.Since(start))
		}
		js, err := e.w.Job(context.Background(), id)
		// River hands a job cancelled by the shutdown back to the queue.
		if err != nil || (js.State != "available" && js.State != "retryable") {
			t.Fatalf("after shutdown: %+v %v", js, err)
		}
	})
}
