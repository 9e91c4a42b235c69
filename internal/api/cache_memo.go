package api

import (
	"bytes"
	"context"
	"encoding/binary"
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
// replica reads it: values of type T, stored as their expiry and their JSON
// (stamp), each decoded once here and kept beside its bytes. A kept value
// is served without asking the cache for nearTTL, while ns has not been
// invalidated here; after that, while the cache returns the same bytes, it
// is not decoded again. Callers must treat the values as read-only.
//
// Expiry is read on the injected clock, not left to the cache alone: Redis
// expires keys on its own clock, and the TTLs (cache.*_ttl) must hold the
// same on both backends, under test clocks too. The cache's own expiry only
// frees the memory.
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
	expires int64         // Unix ns, from the stamp
	gen     atomic.Uint64 // the memo's generation it was last checked in
	checked atomic.Int64  // when it was last known current (Unix ns)
}

func newMemoEntry[T any](raw []byte, val T, expires int64, gen uint64, now int64) *memoEntry[T] {
	e := &memoEntry[T]{raw: raw, val: val, expires: expires}
	e.gen.Store(gen)
	e.checked.Store(now)
	return e
}

// stampLen is the size of the expiry (big-endian Unix ns) before the JSON.
const stampLen = 8

// stamp prefixes a value's JSON with its expiry.
func stamp(expires int64, v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(binary.BigEndian.AppendUint64(make([]byte, 0, stampLen+len(raw)), uint64(expires)), raw...), nil
}

// unstamp splits cached bytes into their expiry and JSON.
func unstamp(raw []byte) (expires int64, body []byte, ok bool) {
	if len(raw) < stampLen {
		return 0, nil, false
	}
	return int64(binary.BigEndian.Uint64(raw)), raw[stampLen:], true
}

// get returns the value of key, or computes it with load and stores it for
// ttl (not at all when ttl is 0).
func (m *memo[T]) get(ctx context.Context, key string, ttl time.Duration, load func() (T, error)) (T, error) {
	now := m.now().UnixNano()
	gen := m.gen.Load()
	var prev *memoEntry[T]
	if e, hit := m.entries.Load(key); hit {
		prev = e.(*memoEntry[T])
		if prev.gen.Load() == gen && now-prev.checked.Load() < int64(nearTTL) && now < prev.expires {
			return prev.val, nil
		}
	}
	if raw, ok, err := m.cache.Get(ctx, m.ns, key); err != nil {
		m.logger(ctx).Warn("cache get failed", "namespace", m.ns, "err", err)
	} else if ok {
		if prev != nil && bytes.Equal(prev.raw, raw) && now < prev.expires {
			prev.gen.Store(gen)
			prev.checked.Store(now)
			return prev.val, nil
		}
		var v T
		if expires, body, ok := unstamp(raw); ok && now < expires && json.Unmarshal(body, &v) == nil {
			m.entries.Store(key, newMemoEntry(raw, v, expires, gen, now))
			return v, nil
		}
	}
	return m.load(ctx, key, ttl, gen, now, load)
}

// refresh computes the value of key with load whatever is cached, and
// stores it for ttl: what a client asking for a fresh answer
// (Cache-Control: no-cache) gets, and what later readers then share.
func (m *memo[T]) refresh(ctx context.Context, key string, ttl time.Duration, load func() (T, error)) (T, error) {
	return m.load(ctx, key, ttl, m.gen.Load(), m.now().UnixNano(), load)
}

// load computes a value and stores it for ttl (not at all when ttl is 0).
// gen and now are the generation and time read before the load: a value
// loaded across an invalidation is not trusted without asking the cache
// again.
func (m *memo[T]) load(ctx context.Context, key string, ttl time.Duration, gen uint64, now int64, load func() (T, error)) (T, error) {
	v, err := load()
	if err != nil || ttl <= 0 {
		return v, err
	}
	expires := now + int64(ttl)
	if raw, err := stamp(expires, v); err == nil {
		if err := m.cache.Set(ctx, m.ns, key, raw, ttl); err != nil {
			m.logger(ctx).Warn("cache set failed", "namespace", m.ns, "err", err)
		}
		m.entries.Store(key, newMemoEntry(raw, v, expires, gen, now))
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
