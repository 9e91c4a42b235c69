package realtime

import (
	"context"
	"log/slog"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
)

// EventSource is the part of the domain the feed and the resume path read.
type EventSource interface {
	EventsSince(ctx context.Context, afterID int64, limit int) ([]*domain.Event, error)
	EventBounds(ctx context.Context) (oldest, latest int64, err error)
}

// Feed reads stored events in id order and broadcasts them. It runs once per
// process; every replica has its own, so each delivers every event to its
// own clients.
type Feed struct {
	src    EventSource
	hub    *Hub
	poll   time.Duration
	logger *slog.Logger
	wake   chan struct{}
	last   int64
	// observe, when set, sees every event the feed delivers, in order (the
	// server invalidates its caches there, whichever process made the change).
	observe func(Message)
}

// Observe registers fn to see every delivered event. Call before Run.
func (f *Feed) Observe(fn func(Message)) { f.observe = fn }

const feedBatch = 500

// NewFeed makes a feed that checks the store at least every poll interval,
// and at once when woken.
func NewFeed(src EventSource, hub *Hub, poll time.Duration, logger *slog.Logger) *Feed {
	if poll <= 0 {
		poll = 500 * time.Millisecond
	}
	return &Feed{src: src, hub: hub, poll: poll, logger: logger, wake: make(chan struct{}, 1)}
}

// Wake asks the feed to read new events now. It never blocks, so it is safe
// to call from a commit hook or a notification listener.
func (f *Feed) Wake() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// Start positions the feed after the latest stored event, so only events
// made from now on are broadcast (older ones are replayed on request).
func (f *Feed) Start(ctx context.Context) error {
	_, latest, err := f.src.EventBounds(ctx)
	if err != nil {
		return err
	}
	f.last = latest
	f.hub.SetLastID(latest)
	return nil
}

// Run delivers events until ctx ends. Call Start first.
func (f *Feed) Run(ctx context.Context) {
	ticker := time.NewTicker(f.poll)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		case <-f.wake:
		}
		if err := f.drain(ctx); err != nil && ctx.Err() == nil {
			f.logger.Warn("realtime feed: reading events failed; retrying at the next poll", "err", err)
		}
	}
}

// drain broadcasts every stored event after the last one delivered.
func (f *Feed) drain(ctx context.Context) error {
	for {
		events, err := f.src.EventsSince(ctx, f.last, feedBatch)
		if err != nil {
			return err
		}
		for _, e := range events {
			m, err := messageOf(e)
			if err != nil {
				return err
			}
			if f.observe != nil {
				f.observe(m)
			}
			f.hub.Broadcast(m)
			f.last = e.ID
		}
		if len(events) < feedBatch {
			return nil
		}
	}
}

func messageOf(e *domain.Event) (Message, error) {
	pid := ""
	if e.ProjectID != nil {
		pid = e.ProjectID.String()
	}
	return NewMessage(wire.Event(e), pid)
}
