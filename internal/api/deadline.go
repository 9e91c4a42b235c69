package api

import (
	"context"
	"sync"
	"time"
)

// requestDeadline is the request timeout (server.request_timeout) as a
// context whose timer starts only when something waits on it. Most
// requests wait on nothing: the garden from its cache, health, metrics.
// context.WithTimeout armed a timer for each, registered it with
// net/http's request context and allocated about 1.2 KB: under the
// one-core gzip garden load a fifth of the request's allocations and about
// 5% of serve's CPU. Without it gzip/bare-gzip went from 0.68-0.71 to
// 0.71-0.73 (docs/architecture.md, "The garden's bytes on one core").
//
// It answers as context.WithTimeout's context would: Deadline at once; Err
// from the clock and the parent until something asked for Done; Done (and
// everything derived from the context, which asks for it: database/sql,
// the batcher, context.WithCancel, context.AfterFunc) from a
// context.WithDeadline made on the first call. release ends it as that
// context's cancel would. One difference: context.Cause before anyone
// waited reports the parent's cause, not the deadline's.
type requestDeadline struct {
	parent   context.Context
	deadline time.Time

	mu         sync.Mutex
	timed      context.Context // WithDeadline(parent, deadline), made by the first Done
	cancel     context.CancelFunc
	released   bool
	releasedAt time.Time
}

// withRequestDeadline returns the request's context and its release, which
// the request must call when it ends.
func withRequestDeadline(parent context.Context, timeout time.Duration) (context.Context, func()) {
	c := &requestDeadline{parent: parent, deadline: time.Now().Add(timeout)}
	return c, c.release
}

// made returns the timed context once made, else nil.
func (c *requestDeadline) made() context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.timed
}

func (c *requestDeadline) Deadline() (time.Time, bool) {
	if d, ok := c.parent.Deadline(); ok && d.Before(c.deadline) {
		return d, true
	}
	return c.deadline, true
}

func (c *requestDeadline) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timed == nil {
		c.timed, c.cancel = context.WithDeadline(c.parent, c.deadline)
		if c.released {
			c.cancel()
		}
	}
	return c.timed.Done()
}

func (c *requestDeadline) Err() error {
	c.mu.Lock()
	timed, released, releasedAt := c.timed, c.released, c.releasedAt
	c.mu.Unlock()
	if timed != nil {
		return timed.Err()
	}
	if err := c.parent.Err(); err != nil {
		return err
	}
	// The first end wins, as in WithTimeout: a release before the
	// deadline is a cancellation for good.
	now := time.Now()
	if released && releasedAt.Before(c.deadline) {
		return context.Canceled
	}
	if released || !now.Before(c.deadline) {
		return context.DeadlineExceeded
	}
	return nil
}

// Value is the timed context's once made: context.WithCancel and
// context.AfterFunc find its cancellation through it, so they hang on it
// and not on the parent alone.
func (c *requestDeadline) Value(key any) any {
	if timed := c.made(); timed != nil {
		return timed.Value(key)
	}
	return c.parent.Value(key)
}

// release ends the context, as WithTimeout's cancel does, and stops the
// timer if one was made.
func (c *requestDeadline) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.released {
		c.released, c.releasedAt = true, time.Now()
	}
	if c.cancel != nil {
		c.cancel()
	}
}
