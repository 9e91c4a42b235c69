package cache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/greenhouse-garden/greenhouse/internal/redisfallback"
)

const (
	// DefaultKeyPrefix starts every Redis key of the cache.
	DefaultKeyPrefix = "greenhouse"
	// DefaultTimeout bounds one Redis operation, whatever the client allows.
	DefaultTimeout = 300 * time.Millisecond
	// missWindow is how long the generation seen by a miss is used by the Set
	// that follows it (see Redis.Set).
	missWindow = 10 * time.Second
	// maxMisses bounds the remembered misses.
	maxMisses = 10000
)

// getScript reads the namespace generation and the entry of that generation
// in one round trip. KEYS[1] generation key; ARGV[1] entry key prefix for the
// namespace (ending in ':'); ARGV[2] key. Returns {gen} or {gen, value}.
const getScript = `
local g = redis.call('GET', KEYS[1]) or '0'
local v = redis.call('GET', ARGV[1] .. g .. ':' .. ARGV[2])
if v then return {g, v} end
return {g}
`

// setScript stores an entry under the given generation, or under the current
// one when ARGV[5] is empty. KEYS[1] generation key; ARGV[1] entry key prefix;
// ARGV[2] key; ARGV[3] value; ARGV[4] TTL in ms; ARGV[5] generation or ”.
const setScript = `
local g = ARGV[5]
if g == '' then g = redis.call('GET', KEYS[1]) or '0' end
redis.call('SET', ARGV[1] .. g .. ':' .. ARGV[2], ARGV[3], 'PX', ARGV[4])
return g
`

// Redis is a Cache shared by every replica through Redis, falling back to an
// in-process Memory while Redis cannot be reached.
//
// Keys: the generation of a namespace is "<prefix>:gen:<ns>", incremented by
// Invalidate; entries are "<prefix>:cache:<ns>:<gen>:<key>", so entries of an
// old generation are never read again and simply expire. Get reads the
// generation and the entry in one script call, so a write invalidated on one
// replica is seen by the very next Get on any other.
//
// Client options are the caller's; short ones are expected so that a dead
// Redis costs a request little, for example DialTimeout, ReadTimeout and
// WriteTimeout of 200ms, PoolTimeout 300ms, MaxRetries 1 and DialerRetries 1
// (go-redis otherwise retries a refused dial 5 times, 100ms apart, on the
// request that probes Redis during an outage). Each call is also bounded by
// DefaultTimeout (see WithTimeout).
//
// Outages (redisfallback.Guard): when a Redis call fails (other than by the
// caller's context ending) Redis logs one warning, serves from the fallback
// Memory (counting each such operation in cache_fallback_total) and tries
// Redis again at most once per second. Invalidations made meanwhile are
// replayed on Redis by this replica's first call that reaches Redis again,
// and the fallback is emptied on every switch so it never serves entries that
// missed an invalidation.
type Redis struct {
	client   *redis.Client
	fallback *Memory
	guard    *redisfallback.Guard
	now      func() time.Time
	prefix   string
	timeout  time.Duration
	get      *redis.Script
	set      *redis.Script

	mu      sync.Mutex
	pending map[string]struct{} // namespaces invalidated during the outage

	missMu sync.Mutex
	misses map[entryKey][]miss // oldest generation first
}

// miss counts the recent misses of one key at one generation.
type miss struct {
	gen         string
	at          time.Time // the last of them
	outstanding int       // not yet followed by a Set
}

// RedisOption changes a Redis cache.
type RedisOption func(*Redis)

// WithKeyPrefix replaces DefaultKeyPrefix (tests use a random one).
func WithKeyPrefix(prefix string) RedisOption {
	return func(r *Redis) { r.prefix = prefix }
}

// WithTimeout replaces DefaultTimeout.
func WithTimeout(d time.Duration) RedisOption {
	return func(r *Redis) { r.timeout = d }
}

// NewRedis returns a Cache on client that falls back to fallback, whose clock
// it also uses. A nil fallback is replaced by a 1000-entry Memory on the wall
// clock, a nil logger discards, a nil m counts into unregistered metrics.
func NewRedis(client *redis.Client, fallback *Memory, logger *slog.Logger, m *Metrics, opts ...RedisOption) *Redis {
	if fallback == nil {
		fallback = NewMemory(time.Now, 1000)
	}
	if m == nil {
		m, _ = NewMetrics(nil) // cannot fail without a registerer
	}
	r := &Redis{
		client:   client,
		fallback: fallback,
		now:      fallback.now,
		prefix:   DefaultKeyPrefix,
		timeout:  DefaultTimeout,
		get:      redis.NewScript(getScript),
		set:      redis.NewScript(setScript),
		pending:  make(map[string]struct{}),
		misses:   make(map[entryKey][]miss),
	}
	r.guard = redisfallback.New((*redisfallback.Metrics)(m), redisfallback.Config{
		Logger:      logger,
		Now:         fallback.now,
		DownMessage: "redis cache unreachable, using in-process fallback",
		UpMessage:   "redis cache reachable again",
		OnSwitch:    fallback.purge,
	})
	for _, o := range opts {
		o(r)
	}
	return r
}

// Get implements Cache.
func (r *Redis) Get(ctx context.Context, namespace, key string) ([]byte, bool, error) {
	if err := checkNamespace(namespace); err != nil {
		return nil, false, err
	}
	if r.useRedis(ctx) {
		v, ok, err := r.redisGet(ctx, namespace, key)
		if err == nil {
			return v, ok, nil
		}
		if ctx.Err() != nil {
			return nil, false, fmt.Errorf("cache: get %s/%s: %w", namespace, key, err)
		}
		r.guard.Failed(err)
	}
	r.guard.Served()
	return r.fallback.Get(ctx, namespace, key)
}

// Set implements Cache. When Gets of the same key missed in this process
// within the last 10s and are not yet followed by their Set, the value is
// stored under the oldest generation they saw, not the current one: a value
// computed from data read before a concurrent Invalidate (on any replica)
// then lands in an old generation and is never served. The price: a miss never
// followed by a Set keeps later Sets of that key out of newer generations for
// up to 10s. A request slower than 10s, or a Set without a preceding Get,
// stores under the current generation.
func (r *Redis) Set(ctx context.Context, namespace, key string, value []byte, ttl time.Duration) error {
	if err := checkNamespace(namespace); err != nil {
		return err
	}
	ms := ttl.Milliseconds()
	if ms <= 0 {
		return fmt.Errorf("cache: set %s/%s: ttl must be at least 1ms, got %s", namespace, key, ttl)
	}
	if r.useRedis(ctx) {
		err := r.redisSet(ctx, namespace, key, value, ms)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("cache: set %s/%s: %w", namespace, key, err)
		}
		r.guard.Failed(err)
	}
	r.guard.Served()
	return r.fallback.Set(ctx, namespace, key, value, ttl)
}

// Invalidate implements Cache.
func (r *Redis) Invalidate(ctx context.Context, namespace string) error {
	if err := checkNamespace(namespace); err != nil {
		return err
	}
	if r.useRedis(ctx) {
		err := r.redisInvalidate(ctx, []string{namespace})
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("cache: invalidate %s: %w", namespace, err)
		}
		r.guard.Failed(err)
	}
	r.guard.Served()
	r.mu.Lock()
	r.pending[namespace] = struct{}{}
	r.mu.Unlock()
	return r.fallback.Invalidate(ctx, namespace)
}

func (r *Redis) genKey(namespace string) string {
	return r.prefix + ":gen:" + namespace
}

func (r *Redis) entryPrefix(namespace string) string {
	return r.prefix + ":cache:" + namespace + ":"
}

func (r *Redis) redisGet(ctx context.Context, namespace, key string) ([]byte, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	res, err := r.get.Run(ctx, r.client, []string{r.genKey(namespace)}, r.entryPrefix(namespace), key).Slice()
	if err != nil {
		return nil, false, err
	}
	if len(res) == 0 {
		return nil, false, errors.New("cache: unexpected empty reply from get script")
	}
	gen, _ := res[0].(string)
	if len(res) < 2 {
		r.recordMiss(namespace, key, gen)
		return nil, false, nil
	}
	v, ok := res[1].(string)
	if !ok {
		return nil, false, fmt.Errorf("cache: unexpected value type %T from get script", res[1])
	}
	return []byte(v), true, nil
}

func (r *Redis) redisSet(ctx context.Context, namespace, key string, value []byte, ttlMS int64) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	gen := r.takeMiss(namespace, key)
	return r.set.Run(ctx, r.client, []string{r.genKey(namespace)},
		r.entryPrefix(namespace), key, value, ttlMS, gen).Err()
}

func (r *Redis) redisInvalidate(ctx context.Context, namespaces []string) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	if len(namespaces) == 0 {
		return r.client.Ping(ctx).Err()
	}
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, ns := range namespaces {
			p.Incr(ctx, r.genKey(ns))
		}
		return nil
	})
	return err
}

// useRedis reports whether to try Redis. During an outage it probes Redis at
// most once per retry interval (replaying pending invalidations) and says
// false until a probe succeeds.
func (r *Redis) useRedis(ctx context.Context) bool {
	use, probe := r.guard.Use()
	if !probe {
		return use
	}
	r.mu.Lock()
	pending := slices.Sorted(maps.Keys(r.pending))
	r.mu.Unlock()

	if err := r.redisInvalidate(ctx, pending); err != nil {
		if ctx.Err() == nil {
			r.guard.Failed(err)
		}
		return false
	}
	return r.markUp(pending)
}

// markUp ends the outage once the replayed invalidations are all there are.
func (r *Redis) markUp(replayed []string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, ns := range replayed {
		delete(r.pending, ns)
	}
	if len(r.pending) > 0 {
		// Invalidated during the probe: replay those on the next call.
		r.guard.ProbeNow()
		return false
	}
	r.guard.Recovered()
	return true
}

// recordMiss notes that a Get of key missed at generation gen, so a Set of
// the same request is probably on its way.
func (r *Redis) recordMiss(namespace, key, gen string) {
	now := r.now()
	k := entryKey{namespace, key}
	r.missMu.Lock()
	defer r.missMu.Unlock()
	ms := liveMisses(r.misses[k], now)
	if len(ms) > 0 && ms[len(ms)-1].gen == gen {
		ms[len(ms)-1].outstanding++
		ms[len(ms)-1].at = now
	} else {
		ms = append(ms, miss{gen: gen, at: now, outstanding: 1})
	}
	if _, ok := r.misses[k]; !ok && len(r.misses) >= maxMisses {
		maps.DeleteFunc(r.misses, func(_ entryKey, ms []miss) bool { return len(liveMisses(ms, now)) == 0 })
		if len(r.misses) >= maxMisses {
			clear(r.misses)
		}
	}
	r.misses[k] = ms
}

// takeMiss returns the generation a Set of key stores under ("" for the
// current one): the oldest generation among the outstanding misses of key.
// Not knowing which request the Set belongs to, it then retires the newest
// outstanding miss; that keeps, for every generation g, at least as many
// misses recorded at or below g as there are requests still outstanding
// that missed at or below g, so no outstanding request ever finds only newer
// generations than the one it read its data at.
func (r *Redis) takeMiss(namespace, key string) string {
	now := r.now()
	k := entryKey{namespace, key}
	r.missMu.Lock()
	defer r.missMu.Unlock()
	ms := liveMisses(r.misses[k], now)
	if len(ms) == 0 {
		delete(r.misses, k)
		return ""
	}
	gen := ms[0].gen
	last := &ms[len(ms)-1]
	last.outstanding--
	if last.outstanding <= 0 {
		ms = ms[:len(ms)-1]
	}
	if len(ms) == 0 {
		delete(r.misses, k)
	} else {
		r.misses[k] = ms
	}
	return gen
}

// liveMisses drops the misses older than missWindow, in place.
func liveMisses(ms []miss, now time.Time) []miss {
	return slices.DeleteFunc(ms, func(m miss) bool { return now.Sub(m.at) >= missWindow })
}

// checkNamespace rejects namespaces that would make Redis keys ambiguous.
func checkNamespace(namespace string) error {
	if namespace == "" || strings.Contains(namespace, ":") {
		return fmt.Errorf("cache: invalid namespace %q: must be non-empty without ':'", namespace)
	}
	return nil
}
