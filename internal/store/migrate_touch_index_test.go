package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// TestMigrate00017UnindexesTouchQueue (SQLite; PostgreSQL keeps the index,
// see the migration) drops the fold queue's session index with touches
// queued: a session read still folds exactly its own, the rest fold later,
// and rolled back the index returns.
func TestMigrate00017UnindexesTouchQueue(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenUnmigrated(t, store.SQLite)
	p := migrationProvider(t, db)
	migrateTo(t, p, 16, true)
	if got := indexesOf(t, db, "session_touches"); !slices.Equal(got, []string{"idx_session_touches_session"}) {
		t.Fatalf("indexes of session_touches at 00016: %v", got)
	}
	svc := domain.NewService(db, domain.WithClock(func() time.Time { return time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC) }))
	fern, err1 := svc.PlantProject(ctx, domain.PlantInput{Name: "Fern"})
	read, err2 := svc.StartSession(ctx, domain.SessionInput{DeviceType: "desktop"})
	later, err3 := svc.StartSession(ctx, domain.SessionInput{DeviceType: "mobile"})
	for _, err := range []error{err1, err2, err3} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, sess := range []*domain.VisitorSession{read, later, read} {
		if _, err := svc.RecordInteraction(ctx, sess.SessionToken, fern.ID, domain.InteractionInput{Type: "click"}); err != nil {
			t.Fatal(err)
		}
	}

	migrateTo(t, p, 17, true)
	if got := indexesOf(t, db, "session_touches"); len(got) != 0 {
		t.Fatalf("indexes of session_touches after 00017: %v, want none", got)
	}
	if sess, err := svc.Session(ctx, read.SessionToken); err != nil || sess.ClicksCount != 2 {
		t.Fatalf("read session after 00017: %v clicks (%v), want its 2 folded", sess.ClicksCount, err)
	}
	if n, err := svc.FoldSessionTouches(ctx); err != nil || n != 1 {
		t.Fatalf("folded %d (%v), want the other session's 1 left queued", n, err)
	}

	migrateTo(t, p, 16, false)
	if got := indexesOf(t, db, "session_touches"); !slices.Equal(got, []string{"idx_session_touches_session"}) {
		t.Fatalf("indexes of session_touches after 00017 down: %v", got)
	}
}
