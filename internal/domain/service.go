package domain

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Service is the garden's domain: every adapter (API, CLI, worker, TUI)
// changes the garden through it, so the rules live in one place.
type Service struct {
	store Store
	now   func() time.Time
	newID func() uuid.UUID
}

// Option configures a Service.
type Option func(*Service)

// WithClock injects the clock (tests fix time with it).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithIDs injects the id generator.
func WithIDs(newID func() uuid.UUID) Option { return func(s *Service) { s.newID = newID } }

// NewService builds the domain over a store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, newID: NewID}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Store exposes the underlying store for adapters that need health checks.
func (s *Service) Store() Store { return s.store }

// Now is the service's clock, truncated to microseconds: both engines keep
// that precision, so a value read back equals the value written.
func (s *Service) Now() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// NewID returns a new time-ordered id (UUIDv7).
func NewID() uuid.UUID {
	id, err := uuid.NewV7()
	if err != nil {
		// NewV7 only fails when the system's random source does; nothing
		// sensible can continue without randomness.
		panic(fmt.Sprintf("uuid: %v", err))
	}
	return id
}

// emit stores an event inside the caller's transaction, so it exists exactly
// when the change it describes does.
func (s *Service) emit(ctx context.Context, tx Tx, eventType string, projectID *uuid.UUID, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode %s event: %w", eventType, err)
	}
	e := &Event{Type: eventType, ProjectID: projectID, Data: raw, CreatedAt: s.Now()}
	if err := tx.InsertEvent(ctx, e); err != nil {
		return fmt.Errorf("store %s event: %w", eventType, err)
	}
	return nil
}

// EventsSince returns stored events after id, oldest first.
func (s *Service) EventsSince(ctx context.Context, afterID int64, limit int) ([]*Event, error) {
	var out []*Event
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.EventsSince(ctx, afterID, limit)
		return err
	})
	return out, err
}

// Announce stores a system_update event with the owner's message.
func (s *Service) Announce(ctx context.Context, message string) (*Event, error) {
	var v Validator
	v.Length("message", message, 1, 500)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var ev *Event
	err := s.store.Update(ctx, func(tx Tx) error {
		raw, _ := json.Marshal(map[string]string{"message": message})
		ev = &Event{Type: EventSystemUpdate, Data: raw, CreatedAt: s.Now()}
		return tx.InsertEvent(ctx, ev)
	})
	return ev, err
}

// EventBounds returns the oldest and latest stored event ids (0, 0 if none).
func (s *Service) EventBounds(ctx context.Context) (oldest, latest int64, err error) {
	err = s.store.View(ctx, func(tx Tx) error {
		oldest, latest, err = tx.EventBounds(ctx)
		return err
	})
	return oldest, latest, err
}

// PruneEvents deletes events older than the retention window.
func (s *Service) PruneEvents(ctx context.Context, retention time.Duration) (int, error) {
	if retention <= 0 {
		return 0, Invalid("retention", "must be positive")
	}
	var n int
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		n, err = tx.PruneEvents(ctx, s.Now().Add(-retention))
		return err
	})
	return n, err
}

// emitGardenChanged tells every listener (sockets, and every replica's
// caches) that the owner changed part of the garden in a way no more
// specific event describes: an edit, a deletion, a new link between skills.
func (s *Service) emitGardenChanged(ctx context.Context, tx Tx, entity string, id uuid.UUID, action string) error {
	var projectID *uuid.UUID
	if entity == "project" {
		projectID = &id
	}
	return s.emit(ctx, tx, EventSystemUpdate, projectID, map[string]any{
		"kind": "garden_changed", "entity": entity, "id": id, "action": action,
	})
}
