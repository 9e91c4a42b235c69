package api

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/cache"
)

// nearTTL is how long this replica serves a value it has decoded without
// asking the shared cache again. Writes made here, and every event its feed
// delivers (writes by the CLI, the worker, other replicas), drop these
// values at once; nearTTL bounds what nothing announces (another replica's
// interaction counts) and what a replica's feed has not delivered yet.
const nearTTL = time.Second

// memo is one namespace of the shared cache (Redis or in process) as this
// replica reads it: values of type T, encoded as JSON in the cache, each
// decoded once here and kept beside its bytes. A kept value is served
// without asking the cache for nearTTL, while ns has not been invalidated
// here; after that, while the cache returns the same bytes, it is not
// decoded again. Callers must treat the values as read-only.
//
// A cache failure is logged and the value computed: the cache speeds the
// garden up, it never takes it down.
type memo[T any] struct {
	ns      string
	cache   cache.Cache
	now     func() time.Time
	logger  func(context.Context) *slog.Logger
	gen     atomic.Uint64 // how many times this replica has invalidated ns
	entries sync.Map      // key → *memoEntry[T]
}

func newMemo[T any](ns string, c cache.Cache, now func() time.Time, logger func(context.Context) *slog.Logger) *memo[T] {
	return &memo[T]{ns: ns, cache: c, now: now, logger: logger}
}

// memoEntry is a cached value decoded once, with the bytes it came from.
type memoEntry[T any] struct {
	raw     []byte
	val     T
	gen     atomic.Uint64 // the memo's generation it was last checked in
	checked atomic.Int64  // when it was last known current (Unix ns)
}

func newMemoEntry[T any](raw []byte, val T, gen uint64, now int64) *memoEntry[T] {
	e := &memoEntry[T]{raw: raw, val: val}
	e.gen.Store(gen)
	e.checked.Store(now)
	return e
}

// get returns the value of key, or computes it with load and stores it for
// ttl (not at all when ttl is 0).
func (m *memo[T]) get(ctx context.Context, key string, ttl time.Duration, load func() (T, error)) (T, error) {
	now := m.now().UnixNano()
	gen := m.gen.Load()
	var prev *memoEntry[T]
	if e, hit := m.entries.Load(key); hit {
		prev = e.(*memoEntry[T])
		if prev.gen.Load() == gen && now-prev.checked.Load() < int64(nearTTL) {
			return prev.val, nil
		}
	}
	var v T
	if raw, ok, err := m.cache.Get(ctx, m.ns, key); err != nil {
		m.logger(ctx).Warn("cache get failed", "namespace", m.ns, "err", err)
	} else if ok {
		if prev != nil && bytes.Equal(prev.raw, raw) {
			prev.gen.Store(gen)
			prev.checked.Store(now)
			return prev.val, nil
		}
		if json.Unmarshal(raw, &v) == nil {
			m.entries.Store(key, newMemoEntry(raw, v, gen, now))
			return v, nil
		}
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	if ttl > 0 {
		if raw, err := json.Marshal(v); err == nil {
			if err := m.cache.Set(ctx, m.ns, key, raw, ttl); err != nil {
				m.logger(ctx).Warn("cache set failed", "namespace", m.ns, "err", err)
			}
			// gen was read before the load: a value loaded across an
			// invalidation is not trusted without asking the cache again.
			m.entries.Store(key, newMemoEntry(raw, v, gen, now))
		}
	}
	return v, nil
}

// invalidate drops every value of ns, here and in the shared cache.
func (m *memo[T]) invalidate(ctx context.Context) {
	m.gen.Add(1)
	if err := m.cache.Invalidate(ctx, m.ns); err != nil {
		m.logger(ctx).Error("cache invalidate failed", "namespace", m.ns, "err", err)
	}
}
