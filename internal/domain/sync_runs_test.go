package domain_test

import (
	"context"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// The worker may start a queued sync before the API records it as queued.
// Recording the queue then leaves that job's run as it is (the store
// decides in the write itself, so no read can go stale before it); a new
// job's queue replaces the run.
func TestSyncQueuedAfterItStartedKeepsTheRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		if err := svc.SyncStarted(ctx, "github", 7, t0); err != nil {
			t.Fatal(err)
		}
		if err := svc.SyncQueuedRun(ctx, "github", 7, t0); err != nil {
			t.Fatal(err)
		}
		run, err := svc.LatestSyncRun(ctx, "github")
		if err != nil || run.State != domain.SyncRunning || run.StartedAt == nil || run.JobID != 7 {
			t.Fatalf("after job 7 started and then its queue was recorded: %+v (%v)", run, err)
		}
		if err := svc.SyncQueuedRun(ctx, "github", 8, t0); err != nil {
			t.Fatal(err)
		}
		run, err = svc.LatestSyncRun(ctx, "github")
		if err != nil || run.State != domain.SyncQueued || run.StartedAt != nil || run.JobID != 8 {
			t.Fatalf("after job 8 was queued: %+v (%v)", run, err)
		}
	})
}
