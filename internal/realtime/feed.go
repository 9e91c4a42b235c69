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
// own clients. Events this process commits are handed to it (Committed)
// and delivered without reading them back when they follow the last one
// delivered; otherwise, and for every other process's events, it reads.
type Feed struct {
	src    EventSource
	hub    *Hub
	poll   time.Duration
	logger *slog.Logger
	wake   chan struct{}
	local  chan []domain.Event
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
	return &Feed{src: src, hub: hub, poll: poll, logger: logger, wake: make(chan struct{}, 1),
		local: make(chan []domain.Event, localBacklog)}
}

// localBacklog is how many committed transactions' events may wait for the
// feed; past it, Committed falls back to a wake and the feed reads them.
const localBacklog = 64

// Committed hands the feed the events a transaction of this process just
// committed, in id order (store.DB.OnEventsCommitted); with none, the feed
// reads them. It never blocks.
//
// Reading them back cost SQLite serve 6% of its one core under interaction
// load (a read transaction after every commit, on a connection whose cache
// the commit had just invalidated); the events are already in memory.
func (f *Feed) Committed(events []domain.Event) {
	if len(events) == 0 {
		f.Wake()
		return
	}
	select {
	case f.local <- events:
	default:
		f.Wake()
	}
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
		case events := <-f.local:
			if f.follows(events) {
				if err := f.deliver(events); err == nil {
					continue
				}
			}
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
			if err := f.deliverOne(e); err != nil {
				return err
			}
		}
		if len(events) < feedBatch {
			return nil
		}
	}
}

// follows reports whether events continue the delivered ones without a
// gap: ids are given in commit order, so then no event is missing before
// them. A gap means another process (or another of this process's
// transactions, whose hook has not run yet) committed in between.
func (f *Feed) follows(events []domain.Event) bool {
	for i, e := range events {
		if e.ID != f.last+1+int64(i) {
			return false
		}
	}
	return len(events) > 0
}

// deliver broadcasts events handed by Committed.
func (f *Feed) deliver(events []domain.Event) error {
	for i := range events {
		if err := f.deliverOne(&events[i]); err != nil {
			return err
		}
	}
	return nil
}

func (f *Feed) deliverOne(e *domain.Event) error {
	m, err := messageOf(e)
	if err != nil {
		return err
	}
	if f.observe != nil {
		f.observe(m)
	}
	f.hub.Broadcast(m)
	f.last = e.ID
	return nil
}

func messageOf(e *domain.Event) (Message, error) {
	pid := ""
	if e.ProjectID != nil {
		pid = e.ProjectID.String()
	}
	return NewMessage(wire.Event(e), pid)
}
