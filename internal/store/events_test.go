package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// The commit hook hands the events a transaction stored exactly as
// EventsSince reads them back (SQLite), or none (PostgreSQL rewrites them);
// ids are set on the caller's events either way, in the order they were
// given, and a rolled-back transaction hands nothing.
func TestCommittedEventsAreWhatIsStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var (
			mu        sync.Mutex
			calls     int
			committed []domain.Event
		)
		db.OnEventsCommitted(func(evs []domain.Event) {
			mu.Lock()
			defer mu.Unlock()
			calls++
			committed = append(committed, evs...)
		})
		pid := uuid.New()
		at := time.Date(2026, 12, 5, 22, 10, 0, 123456789, time.FixedZone("CET", 3600))
		single := &domain.Event{Type: domain.EventSystemUpdate, Data: json.RawMessage(`{"message":"hi","a":1}`), CreatedAt: at}
		batch := []*domain.Event{
			{Type: domain.EventVisitorInteraction, ProjectID: &pid, Data: json.RawMessage(`{"z":1,"a":2}`), CreatedAt: at},
			{Type: domain.EventWeatherChange, CreatedAt: at.Add(time.Nanosecond)}, // no data: stored as {}
			{Type: domain.EventVisitorInteraction, ProjectID: &pid, Data: json.RawMessage(`{"b":3}`), CreatedAt: at},
		}
		err := db.Update(ctx, func(tx domain.Tx) error {
			if err := tx.InsertEvent(ctx, single); err != nil {
				return err
			}
			return tx.InsertEvents(ctx, batch)
		})
		if err != nil {
			t.Fatal(err)
		}
		boom := errors.New("roll back")
		if err := db.Update(ctx, func(tx domain.Tx) error {
			if err := tx.InsertEvent(ctx, &domain.Event{Type: domain.EventSystemUpdate, CreatedAt: at}); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatalf("rolled back transaction: %v", err)
		}

		var stored []*domain.Event
		if err := db.View(ctx, func(tx domain.Tx) error {
			var err error
			stored, err = tx.EventsSince(ctx, 0, 10)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(stored) != 4 {
			t.Fatalf("stored %d events, want 4", len(stored))
		}
		for i, e := range append([]*domain.Event{single}, batch...) {
			if e.ID != stored[i].ID || e.Type != stored[i].Type {
				t.Errorf("event %d: id %d type %s, stored as %d %s", i, e.ID, e.Type, stored[i].ID, stored[i].Type)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if calls != 1 {
			t.Fatalf("hook called %d times, want once (the rolled-back transaction stored nothing)", calls)
		}
		if db.Engine() == store.Postgres {
			if len(committed) != 0 {
				t.Fatalf("PostgreSQL handed %d events; it rewrites them, so it must hand none", len(committed))
			}
			return
		}
		if len(committed) != len(stored) {
			t.Fatalf("hook got %d events, want %d", len(committed), len(stored))
		}
		for i, s := range stored {
			c := committed[i]
			if c.ID != s.ID || c.Type != s.Type || string(c.Data) != string(s.Data) ||
				!c.CreatedAt.Equal(s.CreatedAt) || c.CreatedAt.Location() != time.UTC ||
				(c.ProjectID == nil) != (s.ProjectID == nil) || (c.ProjectID != nil && *c.ProjectID != *s.ProjectID) {
				t.Errorf("event %d handed as %+v, read back as %+v", i, c, *s)
			}
		}
	})
}
