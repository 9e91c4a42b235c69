package api

import (
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// sessionCache keeps visitor sessions read from the database for a moment,
// so a visitor browsing the garden is looked up once, not on every request.
// This process drops a visitor's entry when it changes that visitor's
// session (an interaction, a report, a planted seed); a change made through
// another replica shows here within sessionCacheTTL.
type sessionCache struct {
	mu      sync.Mutex
	now     func() time.Time
	entries map[string]sessionEntry
}

type sessionEntry struct {
	sess *domain.VisitorSession
	at   time.Time
}

const (
	sessionCacheTTL = 2 * time.Second
	// sessionCacheMax bounds memory; past it the cache starts over.
	sessionCacheMax = 20000
)

func newSessionCache(now func() time.Time) *sessionCache {
	return &sessionCache{now: now, entries: map[string]sessionEntry{}}
}

func (c *sessionCache) get(token string) (*domain.VisitorSession, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[token]
	if !ok || c.now().Sub(e.at) > sessionCacheTTL {
		return nil, false
	}
	return e.sess, true
}

func (c *sessionCache) put(token string, sess *domain.VisitorSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= sessionCacheMax {
		c.entries = map[string]sessionEntry{}
	}
	c.entries[token] = sessionEntry{sess: sess, at: c.now()}
}

// viewed records in a cached session that its visitor has just interacted
// with projectID, so the next garden's personalisation knows without a
// database read. The cached session is shared by concurrent requests, so it
// is replaced by a copy, never changed in place.
func (c *sessionCache) viewed(token string, projectID uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[token]
	if !ok || slices.Contains(e.sess.ProjectsViewed, projectID) {
		return
	}
	sess := *e.sess
	sess.ProjectsViewed = append(slices.Clip(sess.ProjectsViewed), projectID)
	c.entries[token] = sessionEntry{sess: &sess, at: e.at}
}

func (c *sessionCache) drop(token string) {
	c.mu.Lock()
	delete(c.entries, token)
	c.mu.Unlock()
}
