package cache

import (
	"container/list"
	"context"
	"fmt"
	"sync"
	"time"
)

// sweepEvery bounds how often a full Memory scans for expired entries.
const sweepEvery = time.Second

// Memory is an in-process Cache bounded to maxEntries. When full it drops
// expired entries first, then the entry written longest ago. Safe for
// concurrent use. Values are copied in and out.
//
// Unlike Redis it does not guard against a request that read its data before
// a concurrent Invalidate and calls Set after it: such a value is served
// until its TTL ends, so keep TTLs short.
type Memory struct {
	now func() time.Time
	max int

	mu        sync.Mutex
	entries   map[entryKey]*list.Element // of *entry
	order     *list.List                 // oldest write at the front
	lastSweep time.Time
}

type entryKey struct{ namespace, key string }

type entry struct {
	k       entryKey
	value   []byte
	expires time.Time
}

// NewMemory returns an empty Memory reading the time from now. A maxEntries
// below 1 is taken as 1.
func NewMemory(now func() time.Time, maxEntries int) *Memory {
	if maxEntries < 1 {
		maxEntries = 1
	}
	return &Memory{
		now:     now,
		max:     maxEntries,
		entries: make(map[entryKey]*list.Element),
		order:   list.New(),
	}
}

// Get implements Cache.
func (m *Memory) Get(_ context.Context, namespace, key string) ([]byte, bool, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	el, ok := m.entries[entryKey{namespace, key}]
	if !ok {
		return nil, false, nil
	}
	e := el.Value.(*entry)
	if !now.Before(e.expires) {
		m.remove(el)
		return nil, false, nil
	}
	return append([]byte(nil), e.value...), true, nil
}

// Set implements Cache.
func (m *Memory) Set(_ context.Context, namespace, key string, value []byte, ttl time.Duration) error {
	if ttl <= 0 {
		return fmt.Errorf("cache: set %s/%s: ttl must be positive, got %s", namespace, key, ttl)
	}
	now := m.now()
	k := entryKey{namespace, key}
	e := &entry{k: k, value: append([]byte(nil), value...), expires: now.Add(ttl)}

	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.entries[k]; ok {
		m.remove(el)
	}
	if len(m.entries) >= m.max {
		m.makeRoom(now)
	}
	m.entries[k] = m.order.PushBack(e)
	return nil
}

// Invalidate implements Cache.
func (m *Memory) Invalidate(_ context.Context, namespace string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for el := m.order.Front(); el != nil; {
		next := el.Next()
		if el.Value.(*entry).k.namespace == namespace {
			m.remove(el)
		}
		el = next
	}
	return nil
}

// Len returns the number of entries held, expired ones included until they
// are dropped.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

// purge drops every entry.
func (m *Memory) purge() {
	m.mu.Lock()
	defer m.mu.Unlock()
	clear(m.entries)
	m.order.Init()
}

// makeRoom frees at least one slot. m.mu must be held.
func (m *Memory) makeRoom(now time.Time) {
	// Cheap first: expired entries at the front.
	for el := m.order.Front(); el != nil && !now.Before(el.Value.(*entry).expires); el = m.order.Front() {
		m.remove(el)
	}
	// A full scan for expired entries, at most once per sweepEvery so that a
	// full cache of live entries does not cost O(n) per Set.
	if len(m.entries) >= m.max && now.Sub(m.lastSweep) >= sweepEvery {
		m.lastSweep = now
		for el := m.order.Front(); el != nil; {
			next := el.Next()
			if !now.Before(el.Value.(*entry).expires) {
				m.remove(el)
			}
			el = next
		}
	}
	for len(m.entries) >= m.max {
		m.remove(m.order.Front())
	}
}

// remove drops el. m.mu must be held.
func (m *Memory) remove(el *list.Element) {
	delete(m.entries, el.Value.(*entry).k)
	m.order.Remove(el)
}
