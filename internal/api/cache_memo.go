package api

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// nearTTL is how long this replica serves a value it has decoded without
// asking the shared cache again. Writes made here, and every event its feed
// delivers (writes by the CLI, the worker, other replicas), drop these
// values at once; nearTTL bounds what nothing announces (another replica's
// interaction counts) and what a replica's feed has not delivered yet.
const nearTTL = time.Second

// countsFreshness is how soon interaction counts show in the cached garden
// and project pages: interactions invalidate those caches at most this
// often, not on every interaction, which would defeat the cache under load.
const countsFreshness = time.Second

// cached returns the value of ns/key from the cache, or computes, stores and
// returns it. A cache failure is logged and the value computed: the cache
// speeds the garden up, it never takes it down.
//
// The last decoded value of each key is kept beside its bytes and served
// without asking the cache for nearTTL, while no invalidation of ns has
// happened here; after that, while the cache returns the same bytes, the
// value is not decoded again. Callers must treat the value as read-only.
func cached[T any](ctx context.Context, s *Server, ns, key string, ttl time.Duration, load func() (T, error)) (T, error) {
	mk := ns + "/" + key
	now := time.Now().UnixNano()
	if ns == nsGarden || ns == nsProjects {
		s.flushCounts(ctx, now)
	}
	gen := s.generation(ns)
	var prev *memoEntry
	if m, hit := s.memo.Load(mk); hit {
		prev = m.(*memoEntry)
		if mv, typed := prev.val.(T); typed && prev.gen.Load() == gen && now-prev.checked.Load() < int64(nearTTL) {
			return mv, nil
		}
	}
	var v T
	if raw, ok, err := s.cache.Get(ctx, ns, key); err != nil {
		s.logger(ctx).Warn("cache get failed", "namespace", ns, "err", err)
	} else if ok {
		if prev != nil && bytes.Equal(prev.raw, raw) {
			if mv, typed := prev.val.(T); typed {
				prev.gen.Store(gen)
				prev.checked.Store(now)
				return mv, nil
			}
		}
		if json.Unmarshal(raw, &v) == nil {
			s.memo.Store(mk, newMemoEntry(raw, v, gen, now))
			return v, nil
		}
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	if ttl > 0 {
		if raw, err := json.Marshal(v); err == nil {
			if err := s.cache.Set(ctx, ns, key, raw, ttl); err != nil {
				s.logger(ctx).Warn("cache set failed", "namespace", ns, "err", err)
			}
			// gen was read before the load: a value loaded across an
			// invalidation is not trusted without asking the cache again.
			s.memo.Store(mk, newMemoEntry(raw, v, gen, now))
		}
	}
	return v, nil
}

// memoEntry is a cached value decoded once, with the bytes it came from.
type memoEntry struct {
	raw     []byte
	val     any
	gen     atomic.Uint64 // this replica's generation of the namespace it was checked in
	checked atomic.Int64  // when it was last known current (Unix ns)
	once    sync.Once
	parts   *gardenParts // the shared garden's, see sharedParts
}

func newMemoEntry(raw []byte, val any, gen uint64, now int64) *memoEntry {
	e := &memoEntry{raw: raw, val: val}
	e.gen.Store(gen)
	e.checked.Store(now)
	return e
}

// generation is how many times this replica has invalidated ns.
func (s *Server) generation(ns string) uint64 {
	return s.genCounter(ns).Load()
}

// genCounter is ns's invalidation counter, made on first use (Load first:
// the hot path must not allocate a counter only to throw it away).
func (s *Server) genCounter(ns string) *atomic.Uint64 {
	if g, ok := s.gens.Load(ns); ok {
		return g.(*atomic.Uint64)
	}
	g, _ := s.gens.LoadOrStore(ns, new(atomic.Uint64))
	return g.(*atomic.Uint64)
}

// EventCommitted drops what a committed event makes stale. serve calls it
// for every event its feed delivers, so a change made by the CLI, the worker
// or another replica is seen by the very next request here too.
func (s *Server) EventCommitted(ctx context.Context, eventType string) {
	switch eventType {
	case domain.EventWeatherChange:
		s.invalidate(ctx, nsGarden, nsWeather)
	case domain.EventSeedPlanted, domain.EventProjectGrowth, domain.EventSystemUpdate:
		s.invalidate(ctx, nsGarden, nsProjects)
	case domain.EventSkillUnlock:
		s.invalidate(ctx, nsGarden)
	}
	// visitor_interaction: the replica that recorded it refreshes the
	// counts (countsChanged); the others see them within nearTTL.
}

// invalidate drops the namespaces a write changed, here and in the cache.
func (s *Server) invalidate(ctx context.Context, namespaces ...string) {
	for _, ns := range namespaces {
		s.genCounter(ns).Add(1)
		if err := s.cache.Invalidate(ctx, ns); err != nil {
			s.logger(ctx).Error("cache invalidate failed", "namespace", ns, "err", err)
		}
	}
}

// countsChanged says interaction counts moved. The garden and the project
// pages are invalidated once for all the interactions recorded meanwhile,
// countsFreshness after the first: by the first read of them here after
// that, or by the serving loop's ticker (flushCountsEvery), whichever
// comes first.
func (s *Server) countsChanged() {
	s.countsDirtySince.CompareAndSwap(0, time.Now().UnixNano())
}

// flushCountsEvery flushes the counts every countsFreshness until ctx ends,
// so they reach the shared cache even when this replica serves no read of
// the garden or a project page afterwards (another replica may).
func (s *Server) flushCountsEvery(ctx context.Context) {
	tick := time.NewTicker(countsFreshness)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			s.flushCounts(ctx, time.Now().UnixNano())
		}
	}
}

// flushCounts invalidates what shows interaction counts when they changed
// at least countsFreshness ago.
func (s *Server) flushCounts(ctx context.Context, now int64) {
	since := s.countsDirtySince.Load()
	if since != 0 && now-since >= int64(countsFreshness) && s.countsDirtySince.CompareAndSwap(since, 0) {
		s.invalidate(ctx, nsGarden, nsProjects)
	}
}
