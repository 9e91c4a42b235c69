// Package ratelimit counts requests per rule and key in fixed windows, in
// process or shared by every replica through Redis, on top of
// github.com/ulule/limiter/v3.
package ratelimit

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ulule/limiter/v3"
)

// Rule is a named limit: at most Limit requests per key in each Period.
type Rule struct {
	Name   string
	Limit  int64
	Period time.Duration
}

// Result is the outcome of one Allow.
type Result struct {
	Allowed   bool
	Limit     int64
	Remaining int64
	// Reset is when the current window ends, rounded up to the whole second.
	Reset time.Time
	// RetryAfter is set when not Allowed: whole seconds, at least one.
	RetryAfter time.Duration
}

// Limiter decides whether one more request of key under rule is allowed, and
// counts it.
type Limiter interface {
	Allow(ctx context.Context, rule Rule, key string) (Result, error)
}

// Rules returns the limits of the API by name: garden 100/min, interact
// 30/min, plant_seed 5/min, dashboard 10/min and auth_token 5/min (admin
// password attempts). The map is new on each call.
func Rules() map[string]Rule {
	rules := []Rule{
		{Name: "garden", Limit: 100, Period: time.Minute},
		{Name: "interact", Limit: 30, Period: time.Minute},
		{Name: "plant_seed", Limit: 5, Period: time.Minute},
		{Name: "dashboard", Limit: 10, Period: time.Minute},
		{Name: "auth_token", Limit: 5, Period: time.Minute},
	}
	m := make(map[string]Rule, len(rules))
	for _, r := range rules {
		m[r.Name] = r
	}
	return m
}

// Headers returns the response headers for r: X-RateLimit-Limit,
// X-RateLimit-Remaining, X-RateLimit-Reset (unix seconds) and, when the
// request is refused, Retry-After (whole seconds, at least 1).
func Headers(r Result) map[string]string {
	h := map[string]string{
		"X-RateLimit-Limit":     strconv.FormatInt(r.Limit, 10),
		"X-RateLimit-Remaining": strconv.FormatInt(r.Remaining, 10),
		"X-RateLimit-Reset":     strconv.FormatInt(r.Reset.Unix(), 10),
	}
	if !r.Allowed {
		h["Retry-After"] = strconv.FormatInt(int64(ceilSeconds(r.RetryAfter)/time.Second), 10)
	}
	return h
}

func (r Rule) validate() error {
	if r.Name == "" || strings.Contains(r.Name, ":") {
		return fmt.Errorf("ratelimit: invalid rule name %q: must be non-empty without ':'", r.Name)
	}
	if r.Limit <= 0 || r.Period < time.Millisecond {
		return fmt.Errorf("ratelimit: rule %s: limit must be positive and period at least 1ms, got %d per %s", r.Name, r.Limit, r.Period)
	}
	return nil
}

// result converts ulule's context, whose Reset is the window's end truncated
// to the second. The end lies within the second after it, so Reset and
// RetryAfter are rounded up: a client that waits RetryAfter is let through.
func result(c limiter.Context, now time.Time) Result {
	reset := time.Unix(c.Reset+1, 0)
	res := Result{
		Allowed:   !c.Reached,
		Limit:     c.Limit,
		Remaining: c.Remaining,
		Reset:     reset,
	}
	if c.Reached {
		res.RetryAfter = ceilSeconds(reset.Sub(now))
	}
	return res
}

// ceilSeconds rounds d up to whole seconds, at least one.
func ceilSeconds(d time.Duration) time.Duration {
	s := (d + time.Second - 1) / time.Second
	if s < 1 {
		s = 1
	}
	return s * time.Second
}

// ruleLimiters holds one ulule limiter per rule, created on first use, each
// on its own store whose key prefix is "<prefix>:<rule name>", so rules never
// share counters.
type ruleLimiters struct {
	prefix   string
	newStore func(prefix string) (limiter.Store, error)

	mu sync.Mutex
	m  map[Rule]*limiter.Limiter
}

func newRuleLimiters(prefix string, newStore func(string) (limiter.Store, error)) *ruleLimiters {
	return &ruleLimiters{prefix: prefix, newStore: newStore, m: make(map[Rule]*limiter.Limiter)}
}

func (l *ruleLimiters) get(rule Rule) (*limiter.Limiter, error) {
	l.mu.Lock()
	lim, ok := l.m[rule]
	l.mu.Unlock()
	if ok {
		return lim, nil
	}
	// Created outside the lock: a Redis store loads its scripts, which may
	// take a timeout when Redis is down. A duplicate made by a racing caller
	// is dropped.
	store, err := l.newStore(l.prefix + ":" + rule.Name)
	if err != nil {
		return nil, fmt.Errorf("ratelimit: store for rule %s: %w", rule.Name, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if lim, ok := l.m[rule]; ok {
		return lim, nil
	}
	lim = limiter.New(store, limiter.Rate{Period: rule.Period, Limit: rule.Limit})
	l.m[rule] = lim
	return lim, nil
}
