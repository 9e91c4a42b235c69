package domain_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

func plantAndVisit(t *testing.T, svc *domain.Service) (*domain.Project, *domain.VisitorSession) {
	t.Helper()
	p, err1 := svc.PlantProject(context.Background(), domain.PlantInput{Name: "Fern"})
	sess, err2 := svc.StartSession(context.Background(), domain.SessionInput{DeviceType: "desktop"})
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	return p, sess
}

// servicesAt makes services on db whose clocks stand d after t0: processes
// that share a database, as replicas do, each with its own clock.
func servicesAt(db *store.DB) func(d time.Duration) *domain.Service {
	return func(d time.Duration) *domain.Service {
		return domain.NewService(db, domain.WithClock(func() time.Time { return t0.Add(d) }))
	}
}

// An interaction's change to its session is queued in its transaction and
// folded later, by whichever process folds next (here a second service, as
// after a crash): nothing is lost and nothing is folded twice.
func TestSessionTouchesAreFoldedOnceLater(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		p, sess := plantAndVisit(t, svc)
		for _, in := range []domain.InteractionInput{{Type: "click"}, {Type: "dwell", DurationSeconds: 2.5}, {Type: "view"}} {
			if _, err := svc.RecordInteraction(ctx, sess.SessionToken, p.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		if row := storetest.SessionRow(t, db, sess.SessionToken); row.ClicksCount != 0 || len(row.ProjectsViewed) != 0 {
			t.Fatalf("before the fold the row has clicks %d, viewed %v; want them queued", row.ClicksCount, row.ProjectsViewed)
		}
		restarted := newService(db)
		if n, err := restarted.FoldSessionTouches(ctx); err != nil || n != 3 {
			t.Fatalf("folded %d (%v), want 3", n, err)
		}
		if n, err := restarted.FoldSessionTouches(ctx); err != nil || n != 0 {
			t.Fatalf("folded %d again (%v), want 0", n, err)
		}
		row := storetest.SessionRow(t, db, sess.SessionToken)
		if row.ClicksCount != 2 || !slices.Equal(row.ProjectsViewed, []uuid.UUID{p.ID}) ||
			row.TimeSpentPerProject[p.ID.String()] != 2.5 || !slices.Equal(row.JourneyPath, []string{"project:" + p.ID.String()}) ||
			!row.LastActivityAt.Equal(t0) {
			t.Fatalf("folded row: clicks %d, viewed %v, time %v, journey %v, last activity %v",
				row.ClicksCount, row.ProjectsViewed, row.TimeSpentPerProject, row.JourneyPath, row.LastActivityAt)
		}
	})
}

// Reading a visitor's session folds its queued touches first, writes
// them, and leaves other sessions' touches queued.
func TestReadingASessionFoldsItsTouches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		p, sess := plantAndVisit(t, svc)
		other, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "mobile"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{sess.SessionToken, sess.SessionToken, other.SessionToken} {
			if _, err := svc.RecordInteraction(ctx, tok, p.ID, domain.InteractionInput{Type: "like"}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := svc.Session(ctx, sess.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		if got.ClicksCount != 2 || len(got.InteractionEvents) != 2 {
			t.Fatalf("session read: clicks %d, events %d; want 2 and 2", got.ClicksCount, len(got.InteractionEvents))
		}
		if row := storetest.SessionRow(t, db, sess.SessionToken); row.ClicksCount != 2 {
			t.Fatalf("row after the read: clicks %d, want the fold written", row.ClicksCount)
		}
		if n, err := svc.FoldSessionTouches(ctx); err != nil || n != 1 {
			t.Fatalf("left queued: %d (%v), want the other session's 1", n, err)
		}
	})
}

// Ending idle sessions looks at their last activity with queued touches
// folded: a session active since its row was written is not idle.
func TestEndIdleSessionsSeesQueuedActivity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := servicesAt(db)
		p, sess := plantAndVisit(t, at(0))
		if _, err := at(40*time.Minute).RecordInteraction(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: "view"}); err != nil {
			t.Fatal(err)
		}
		if n, err := at(50*time.Minute).EndIdleSessions(ctx, 30*time.Minute); err != nil || n != 0 {
			t.Fatalf("ended %d at 50 min (%v); the session was active at 40", n, err)
		}
		if n, err := at(2*time.Hour).EndIdleSessions(ctx, 30*time.Minute); err != nil || n != 1 {
			t.Fatalf("ended %d at 2 h (%v), want 1", n, err)
		}
		if row := storetest.SessionRow(t, db, sess.SessionToken); row.EndedAt == nil || !row.EndedAt.Equal(t0.Add(40*time.Minute)) {
			t.Fatalf("ended at %v, want the last activity %v", row.EndedAt, t0.Add(40*time.Minute))
		}
	})
}

// Folds running concurrently with the interactions they fold, from
// several goroutines (on PostgreSQL several connections, as several
// replicas would), apply every touch exactly once.
func TestConcurrentFoldsApplyEachTouchOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		p, sess := plantAndVisit(t, svc)
		const writers, each = 4, 25
		var wg sync.WaitGroup
		errs := make(chan error, writers*each+64)
		stop := make(chan struct{})
		var folders sync.WaitGroup
		for range 3 {
			folders.Add(1)
			go func() {
				defer folders.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := svc.FoldSessionTouches(ctx); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		for range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					if _, err := svc.RecordInteraction(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: "click"}); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(stop)
		folders.Wait()
		if _, err := svc.FoldSessionTouches(ctx); err != nil {
			t.Fatal(err)
		}
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if row := storetest.SessionRow(t, db, sess.SessionToken); row.ClicksCount != writers*each {
			t.Fatalf("clicks %d, want %d", row.ClicksCount, writers*each)
		}
	})
}

// serve's interaction writer folds the queue as it runs and once more when
// it stops, so a clean shutdown leaves nothing queued.
func TestBatcherFoldsWhenItStops(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx, cancel := context.WithCancel(context.Background())
		p, sess := plantAndVisit(t, svc)
		b := svc.NewInteractionBatcher(16, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
		stopped := make(chan struct{})
		go func() { b.Run(ctx); close(stopped) }()
		for range 10 {
			if _, err := b.Record(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: "open_repo"}); err != nil {
				t.Fatal(err)
			}
		}
		cancel()
		<-stopped
		if row := storetest.SessionRow(t, db, sess.SessionToken); row.ClicksCount != 10 {
			t.Fatalf("clicks %d after the writer stopped, want 10", row.ClicksCount)
		}
		if n, err := svc.FoldSessionTouches(context.Background()); err != nil || n != 0 {
			t.Fatalf("%d still queued (%v)", n, err)
		}
	})
}

// A session pruned while its touches are queued drops them: the fold
// goes on with the others.
func TestFoldSkipsSessionsGoneSinceQueued(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		p, gone := plantAndVisit(t, svc)
		kept, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "tablet"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{gone.SessionToken, kept.SessionToken} {
			if _, err := svc.RecordInteraction(ctx, tok, p.ID, domain.InteractionInput{Type: "share"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.SQL().ExecContext(ctx, `DELETE FROM visitor_sessions WHERE id = $1`, gone.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.FoldSessionTouches(ctx); err != nil || n != 2 {
			t.Fatalf("folded %d (%v), want both touches taken off the queue", n, err)
		}
		if row := storetest.SessionRow(t, db, kept.SessionToken); row.ClicksCount != 1 {
			t.Fatalf("kept session: clicks %d, want 1", row.ClicksCount)
		}
	})
}
