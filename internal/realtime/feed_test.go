package realtime_test

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/realtime"
)

// memEvents is an event store in memory that counts its reads.
type memEvents struct {
	mu     sync.Mutex
	events []domain.Event
	reads  int
}

func (m *memEvents) EventsSince(_ context.Context, afterID int64, limit int) ([]*domain.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reads++
	var out []*domain.Event
	for _, e := range m.events {
		if e.ID > afterID && len(out) < limit {
			out = append(out, &e)
		}
	}
	return out, nil
}

func (m *memEvents) EventBounds(context.Context) (int64, int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.events) == 0 {
		return 0, 0, nil
	}
	return m.events[0].ID, m.events[len(m.events)-1].ID, nil
}

// commit stores n events with the next ids and returns them.
func (m *memEvents) commit(n int) []domain.Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []domain.Event
	for range n {
		e := domain.Event{ID: int64(len(m.events) + 1), Type: domain.EventVisitorInteraction,
			Data: []byte(`{"interaction_type":"view"}`), CreatedAt: time.Date(2026, 12, 5, 22, 0, 0, 0, time.UTC)}
		m.events = append(m.events, e)
		out = append(out, e)
	}
	return out
}

func (m *memEvents) readCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.reads
}

// runFeed runs a feed over src that polls only once an hour, and returns
// the ids it delivers, in order, as they come.
func runFeed(t *testing.T, src *memEvents) (*realtime.Feed, <-chan int64) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	hub := realtime.NewHub(16, realtime.NewMetrics(prometheus.NewRegistry()))
	feed := realtime.NewFeed(src, hub, time.Hour, slog.New(slog.DiscardHandler))
	delivered := make(chan int64, 100)
	feed.Observe(func(m realtime.Message) { delivered <- m.ID })
	if err := feed.Start(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); feed.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return feed, delivered
}

func expectIDs(t *testing.T, delivered <-chan int64, want ...int64) {
	t.Helper()
	var got []int64
	for len(got) < len(want) {
		select {
		case id := <-delivered:
			got = append(got, id)
		case <-time.After(5 * time.Second):
			t.Fatalf("delivered %v, want %v", got, want)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("delivered %v, want %v", got, want)
	}
}

// Events this process committed reach the hub without being read back.
func TestFeedDeliversHandedEventsWithoutReading(t *testing.T) {
	src := &memEvents{}
	src.commit(2) // before the feed starts: not broadcast
	feed, delivered := runFeed(t, src)
	feed.Committed(src.commit(3))
	feed.Committed(src.commit(1))
	expectIDs(t, delivered, 3, 4, 5, 6)
	if n := src.readCount(); n != 0 {
		t.Fatalf("the feed read the store %d times; handed events that follow need no read", n)
	}
}

// Handed events after a gap (another process committed in between, or
// another transaction's hook has not run yet) make the feed read: every
// event is delivered once, in id order.
func TestFeedReadsWhenHandedEventsDoNotFollow(t *testing.T) {
	src := &memEvents{}
	feed, delivered := runFeed(t, src)
	feed.Committed(src.commit(1))
	expectIDs(t, delivered, 1)

	src.commit(2)                 // another process: never handed
	late := src.commit(1)         // a transaction whose hook runs later
	feed.Committed(src.commit(2)) // ids 5, 6: a gap after 1
	expectIDs(t, delivered, 2, 3, 4, 5, 6)
	reads := src.readCount()
	if reads == 0 {
		t.Fatal("a gap was filled without reading the store")
	}

	feed.Committed(late)          // already delivered by the read
	feed.Committed(nil)           // an engine that hands nothing: read
	feed.Committed(src.commit(1)) // 7 follows 6 (the read left it there)
	expectIDs(t, delivered, 7)
	select {
	case id := <-delivered:
		t.Fatalf("event %d delivered twice", id)
	case <-time.After(50 * time.Millisecond):
	}
}
