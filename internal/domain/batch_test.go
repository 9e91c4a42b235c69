package domain_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// Many visitors at once: every acknowledged interaction is stored exactly
// once, a bad one in the same batch gets its own error and spoils nothing.
func TestInteractionBatcher(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx, cancel := context.WithCancel(context.Background())
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Busy"})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "tablet"})
		if err != nil {
			t.Fatal(err)
		}
		b := svc.NewInteractionBatcher(16, 2, slog.New(slog.NewTextHandler(io.Discard, nil)))
		stopped := make(chan struct{})
		go func() { b.Run(ctx); close(stopped) }()

		const n = 100
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				target := p.ID
				if i%10 == 0 {
					target = uuid.New() // unknown: refused alone
				}
				_, errs[i] = b.Record(ctx, sess.SessionToken, target, domain.InteractionInput{Type: "click"})
			}()
		}
		wg.Wait()
		ok := 0
		for i, err := range errs {
			switch {
			case i%10 == 0 && !errors.Is(err, domain.ErrNotFound):
				t.Errorf("interaction %d on an unknown project: %v", i, err)
			case i%10 != 0 && err != nil:
				t.Errorf("interaction %d: %v", i, err)
			case err == nil:
				ok++
			}
		}
		got, err := svc.GetProject(context.Background(), p.ID)
		if err != nil || got.VisitorInteractions != ok {
			t.Fatalf("visitor_interactions = %v, want %d (%v)", got.VisitorInteractions, ok, err)
		}
		events, _ := svc.EventsSince(context.Background(), 0, 1000)
		interactions := 0
		for _, e := range events {
			if e.Type == domain.EventVisitorInteraction {
				interactions++
			}
		}
		if interactions != ok {
			t.Fatalf("%d visitor_interaction events for %d interactions", interactions, ok)
		}
		if _, err := b.Record(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: "bogus"}); err == nil {
			t.Fatal("invalid interaction accepted")
		}
		cancel()
		<-stopped
		if _, err := b.Record(context.Background(), sess.SessionToken, p.ID, domain.InteractionInput{Type: "view"}); !errors.Is(err, domain.ErrUnavailable) {
			t.Fatalf("after stop: want ErrUnavailable, got %v", err)
		}
	})
}
