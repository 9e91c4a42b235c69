package api

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/cache"
)

// countingCache counts the reads of a cache that may be made to fail.
type countingCache struct {
	cache.Cache
	mu   sync.Mutex
	gets int
	fail bool
}

func (c *countingCache) Get(ctx context.Context, ns, key string) ([]byte, bool, error) {
	c.mu.Lock()
	c.gets++
	fail := c.fail
	c.mu.Unlock()
	if fail {
		return nil, false, errors.New("cache down")
	}
	return c.Cache.Get(ctx, ns, key)
}

type memoClock struct{ t time.Time }

func (c *memoClock) now() time.Time { return c.t }

func quiet(context.Context) *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestMemo(t *testing.T) {
	ctx := context.Background()
	clk := &memoClock{t: time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC)}
	shared := &countingCache{Cache: cache.NewMemory(clk.now, 16)}
	m := newMemo[[]string]("test", shared, clk.now, quiet)
	loads := 0
	load := func() ([]string, error) { loads++; return []string{"v", string(rune('0' + loads))}, nil }
	get := func(ttl time.Duration) []string {
		t.Helper()
		v, err := m.get(ctx, "k", ttl, load)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	first := get(time.Minute)
	if loads != 1 || shared.gets != 1 {
		t.Fatalf("first read: %d loads, %d cache reads", loads, shared.gets)
	}
	// Within nearTTL, on this replica's clock: the decoded value, no cache read.
	clk.t = clk.t.Add(nearTTL - time.Millisecond)
	if v := get(time.Minute); &v[0] != &first[0] || shared.gets != 1 {
		t.Fatalf("within nearTTL: %d cache reads, same value %v", shared.gets, &v[0] == &first[0])
	}
	// After it: the cache is asked; its bytes are the same, so the value
	// is not decoded again.
	clk.t = clk.t.Add(time.Millisecond)
	if v := get(time.Minute); &v[0] != &first[0] || shared.gets != 2 || loads != 1 {
		t.Fatalf("after nearTTL: %d cache reads, %d loads, same value %v", shared.gets, loads, &v[0] == &first[0])
	}
	// An invalidation here is seen at once.
	m.invalidate(ctx)
	if v := get(time.Minute); v[1] != "2" || loads != 2 {
		t.Fatalf("after invalidate: %v, %d loads", v, loads)
	}
	// A cache that fails is read around: the value is computed.
	shared.fail = true
	m.invalidate(ctx)
	if v := get(time.Minute); v[1] != "3" {
		t.Fatalf("cache down: %v", v)
	}
	shared.fail = false
	// No TTL: nothing kept, computed every time.
	other := newMemo[[]string]("other", shared, clk.now, quiet)
	for _, want := range []string{"4", "5"} {
		if v, _ := other.get(ctx, "k", 0, load); v[1] != want {
			t.Fatalf("no TTL: %v", v)
		}
	}
}

func TestStaleCounts(t *testing.T) {
	ctx := context.Background()
	clk := &memoClock{t: time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC)}
	drops := 0
	c := staleCounts{now: clk.now, drop: func(context.Context) { drops++ }}
	c.flushDue(ctx)
	if drops != 0 {
		t.Fatal("clean counts flushed")
	}
	c.changed()
	clk.t = clk.t.Add(countsFreshness / 2)
	c.changed() // the same batch
	c.flushDue(ctx)
	if drops != 0 {
		t.Fatal("flushed before countsFreshness")
	}
	clk.t = clk.t.Add(countsFreshness / 2)
	c.flushDue(ctx)
	c.flushDue(ctx)
	if drops != 1 {
		t.Fatalf("%d flushes of one batch, want 1", drops)
	}
}
