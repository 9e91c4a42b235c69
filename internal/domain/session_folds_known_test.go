package domain_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// clickOn is a touch of one click on project p.
func clickOn(session, p uuid.UUID, at time.Time) domain.SessionTouch {
	touch := domain.SessionTouch{SessionID: session, Clicks: 1, At: at}
	touch.Trail.Visit(p, "project:"+p.String(), 0)
	return touch
}

// queue queues touches in a transaction of their own and returns them as
// the transaction that queued them holds them.
func queue(t *testing.T, db *store.DB, touches ...domain.SessionTouch) []domain.QueuedTouch {
	t.Helper()
	var seqs []int64
	err := db.Update(context.Background(), func(tx domain.Tx) error {
		var err error
		seqs, err = tx.QueueSessionTouches(context.Background(), touches)
		return err
	})
	if err != nil || len(seqs) != len(touches) {
		t.Fatalf("queued %d positions for %d touches (%v)", len(seqs), len(touches), err)
	}
	known := make([]domain.QueuedTouch, len(seqs))
	for i, seq := range seqs {
		known[i] = domain.QueuedTouch{Seq: seq, Touch: touches[i]}
	}
	return known
}

func foldKnown(t *testing.T, db *store.DB, known []domain.QueuedTouch) int {
	t.Helper()
	var n int
	err := db.Update(context.Background(), func(tx domain.Tx) error {
		var err error
		n, err = tx.FoldKnownTouches(context.Background(), known)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A batcher folds the touches its batches queued from what it holds, not
// from the queue. Each is still applied once and in queue order: a known
// touch someone else folded since (a read of its session) is skipped, and
// a session with touches queued by someone else before a known one has
// those folded first.
func TestFoldKnownTouches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		fern, sess := plantAndVisit(t, svc)
		moss, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Moss"})
		if err != nil {
			t.Fatal(err)
		}
		other, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "mobile"})
		if err != nil {
			t.Fatal(err)
		}
		steps := func(ps ...*domain.Project) []string {
			var out []string
			for _, p := range ps {
				out = append(out, "project:"+p.ID.String())
			}
			return out
		}

		// Held and folded: applied once, taken off the queue.
		known := queue(t, db, clickOn(sess.ID, fern.ID, t0), clickOn(other.ID, moss.ID, t0))
		if n := foldKnown(t, db, known); n != 2 {
			t.Fatalf("folded %d known touches, want 2", n)
		}
		if n := foldKnown(t, db, known); n != 0 {
			t.Fatalf("folded %d known touches again, want 0", n)
		}
		if row := storetest.SessionRow(t, db, sess.SessionToken); row.ClicksCount != 1 ||
			!slices.Equal(row.JourneyPath, steps(fern)) || !row.LastActivityAt.Equal(t0) {
			t.Fatalf("after the known fold: clicks %d, journey %v, last activity %v", row.ClicksCount, row.JourneyPath, row.LastActivityAt)
		}

		// Folded meanwhile by a read of the session: skipped.
		known = queue(t, db, clickOn(sess.ID, moss.ID, t0.Add(time.Second)), clickOn(other.ID, fern.ID, t0.Add(time.Second)))
		if _, err := svc.Session(ctx, sess.SessionToken); err != nil {
			t.Fatal(err)
		}
		if n := foldKnown(t, db, known); n != 1 {
			t.Fatalf("folded %d known touches, want 1 (the other was folded by the read)", n)
		}
		if row := storetest.SessionRow(t, db, sess.SessionToken); row.ClicksCount != 2 || !slices.Equal(row.JourneyPath, steps(fern, moss)) {
			t.Fatalf("after a read and the known fold: clicks %d, journey %v", row.ClicksCount, row.JourneyPath)
		}

		// Queued by someone else first: folded first, from the queue.
		queue(t, db, clickOn(other.ID, moss.ID, t0.Add(2*time.Second)))
		known = queue(t, db, clickOn(other.ID, fern.ID, t0.Add(3*time.Second)))
		if n := foldKnown(t, db, known); n != 2 {
			t.Fatalf("folded %d touches, want 2 (the other's first, from the queue)", n)
		}
		if got, want := storetest.SessionRow(t, db, other.SessionToken).JourneyPath, steps(moss, fern, moss, fern); !slices.Equal(got, want) {
			t.Fatalf("journey %v, want %v (queue order)", got, want)
		}
		if n, err := svc.FoldSessionTouches(ctx); err != nil || n != 0 {
			t.Fatalf("%d touches left queued (%v), want none", n, err)
		}
		if row := storetest.SessionRow(t, db, other.SessionToken); row.ClicksCount != 4 || !row.LastActivityAt.Equal(t0.Add(3*time.Second)) {
			t.Fatalf("other session: clicks %d, last activity %v", row.ClicksCount, row.LastActivityAt)
		}
	})
}

// serve's interaction writer folds the touches its batches queued as it
// runs, not only when it stops.
func TestBatcherFoldsAsItRuns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		p, sess := plantAndVisit(t, svc)
		b := svc.NewInteractionBatcher(16, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
		stopped := make(chan struct{})
		go func() { b.Run(ctx); close(stopped) }()
		defer func() { cancel(); <-stopped }()
		for range 5 {
			if _, err := b.Record(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: "like"}); err != nil {
				t.Fatal(err)
			}
		}
		deadline := time.Now().Add(10 * time.Second)
		for storetest.SessionRow(t, db, sess.SessionToken).ClicksCount != 5 {
			if time.Now().After(deadline) {
				t.Fatalf("clicks %d while the writer runs, want 5 folded within 10 s",
					storetest.SessionRow(t, db, sess.SessionToken).ClicksCount)
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
