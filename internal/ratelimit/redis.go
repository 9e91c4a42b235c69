package ratelimit

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/ulule/limiter/v3"
	redisstore "github.com/ulule/limiter/v3/drivers/store/redis"

	"github.com/greenhouse-garden/greenhouse/internal/redisfallback"
)

const (
	// DefaultKeyPrefix starts the Redis keys of the limiter:
	// "<prefix>:<rule>:<key>".
	DefaultKeyPrefix = "greenhouse:ratelimit"
	// DefaultTimeout bounds one Redis decision, whatever the client allows.
	DefaultTimeout = 300 * time.Millisecond
)

// redisLimiter counts in Redis, shared by every replica, and falls back to an
// in-process Limiter while Redis cannot be reached.
type redisLimiter struct {
	fallback Limiter
	guard    *redisfallback.Guard
	now      func() time.Time // the guard's clock (WithClock)
	timeout  time.Duration
	prefix   string
	client   *redis.Client
	rules    *ruleLimiters
}

// RedisOption changes the Redis limiter.
type RedisOption func(*redisLimiter)

// WithKeyPrefix replaces DefaultKeyPrefix (tests use a random one).
func WithKeyPrefix(prefix string) RedisOption {
	return func(r *redisLimiter) { r.prefix = prefix }
}

// WithTimeout replaces DefaultTimeout.
func WithTimeout(d time.Duration) RedisOption {
	return func(r *redisLimiter) { r.timeout = d }
}

// WithClock replaces time.Now for the once-per-second retry during outages.
func WithClock(now func() time.Time) RedisOption {
	return func(r *redisLimiter) { r.now = now }
}

// NewRedis returns a Limiter whose counters live in Redis, so every replica
// shares them (ulule's Redis store: one atomic Lua INCR+PEXPIRE per request).
//
// Client options are the caller's; short ones are expected so that a dead
// Redis costs a request little, for example DialTimeout, ReadTimeout and
// WriteTimeout of 200ms, PoolTimeout 300ms, MaxRetries 1 and DialerRetries 1
// (go-redis otherwise retries a refused dial 5 times, 100ms apart, on the
// request that probes Redis during an outage). Each call is also bounded by
// DefaultTimeout (see WithTimeout).
//
// Outages (redisfallback.Guard): when a Redis call fails (other than by the
// caller's context ending) it logs one warning for the outage, decides with
// fallback instead (counting each such decision in ratelimit_fallback_total),
// lets one request try Redis again at most once per second, and logs once
// more when Redis answers.
// Counts made in the fallback are per process and are not carried over.
//
// A nil fallback is replaced by NewMemory(), a nil logger discards, a nil m
// counts into unregistered metrics.
func NewRedis(client *redis.Client, fallback Limiter, logger *slog.Logger, m *Metrics, opts ...RedisOption) Limiter {
	if fallback == nil {
		fallback = NewMemory()
	}
	if m == nil {
		m, _ = NewMetrics(nil) // cannot fail without a registerer
	}
	r := &redisLimiter{
		client:   client,
		fallback: fallback,
		now:      time.Now,
		timeout:  DefaultTimeout,
		prefix:   DefaultKeyPrefix,
	}
	for _, o := range opts {
		o(r)
	}
	r.guard = redisfallback.New((*redisfallback.Metrics)(m), redisfallback.Config{
		Logger:      logger,
		Now:         r.now,
		DownMessage: "redis rate limiter unreachable, counting per process",
		UpMessage:   "redis rate limiter reachable again",
	})
	r.rules = newRuleLimiters(r.prefix, func(prefix string) (limiter.Store, error) {
		// Loads the Lua scripts, so it fails while Redis is down; it is
		// retried on the next use of the rule.
		return redisstore.NewStoreWithOptions(client, limiter.StoreOptions{Prefix: prefix})
	})
	return r
}

// Allow implements Limiter.
func (r *redisLimiter) Allow(ctx context.Context, rule Rule, key string) (Result, error) {
	if err := rule.validate(); err != nil {
		return Result{}, err
	}
	if use, _ := r.guard.Use(); use {
		res, err := r.redisAllow(ctx, rule, key)
		if err == nil {
			r.guard.Recovered()
			return res, nil
		}
		if ctx.Err() != nil {
			return Result{}, fmt.Errorf("ratelimit: %s: %w", rule.Name, err)
		}
		r.guard.Failed(err)
	}
	r.guard.Served()
	return r.fallback.Allow(ctx, rule, key)
}

func (r *redisLimiter) redisAllow(ctx context.Context, rule Rule, key string) (Result, error) {
	lim, err := r.rules.get(rule)
	if err != nil {
		return Result{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	c, err := lim.Get(ctx, key)
	if err != nil {
		return Result{}, err
	}
	// ulule's Redis store computes the window end from time.Now and the
	// key's TTL, so the wall clock is the matching one here.
	return result(c, time.Now()), nil
}
