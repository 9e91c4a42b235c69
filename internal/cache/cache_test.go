package cache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/greenhouse-garden/greenhouse/internal/redistest"
	"github.com/greenhouse-garden/greenhouse/internal/testclock"
)

func newClock() *testclock.Clock { return testclock.New(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)) }

// logBuffer is a goroutine-safe log sink.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) count(s string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Count(b.buf.String(), s)
}

func mustGet(t *testing.T, c Cache, ns, key string) (string, bool) {
	t.Helper()
	v, ok, err := c.Get(context.Background(), ns, key)
	if err != nil {
		t.Fatalf("Get(%s, %s): %v", ns, key, err)
	}
	return string(v), ok
}

func mustSet(t *testing.T, c Cache, ns, key, value string, ttl time.Duration) {
	t.Helper()
	if err := c.Set(context.Background(), ns, key, []byte(value), ttl); err != nil {
		t.Fatalf("Set(%s, %s): %v", ns, key, err)
	}
}

func mustInvalidate(t *testing.T, c Cache, ns string) {
	t.Helper()
	if err := c.Invalidate(context.Background(), ns); err != nil {
		t.Fatalf("Invalidate(%s): %v", ns, err)
	}
}

// step is one operation of a scripted cache scenario.
type step struct {
	op      string // "set", "get", "inv", "wait"
	ns, key string
	value   string // for set; expected value for get
	ttl     time.Duration
	hit     bool // expected for get
}

func runSteps(t *testing.T, c Cache, clk *testclock.Clock, steps []step) {
	t.Helper()
	for i, s := range steps {
		switch s.op {
		case "set":
			mustSet(t, c, s.ns, s.key, s.value, s.ttl)
		case "get":
			v, ok := mustGet(t, c, s.ns, s.key)
			if ok != s.hit || (ok && v != s.value) {
				t.Fatalf("step %d: Get(%s, %s) = %q, %v; want %q, %v", i, s.ns, s.key, v, ok, s.value, s.hit)
			}
		case "inv":
			mustInvalidate(t, c, s.ns)
		case "wait":
			clk.Add(s.ttl)
		default:
			t.Fatalf("step %d: unknown op %q", i, s.op)
		}
	}
}

func TestMemory(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"miss on empty", []step{
			{op: "get", ns: "garden", key: "a"},
		}},
		{"ttl expiry", []step{
			{op: "set", ns: "garden", key: "a", value: "1", ttl: time.Minute},
			{op: "wait", ttl: 59 * time.Second},
			{op: "get", ns: "garden", key: "a", value: "1", hit: true},
			{op: "wait", ttl: time.Second},
			{op: "get", ns: "garden", key: "a"},
		}},
		{"overwrite renews", []step{
			{op: "set", ns: "garden", key: "a", value: "1", ttl: time.Minute},
			{op: "wait", ttl: 30 * time.Second},
			{op: "set", ns: "garden", key: "a", value: "2", ttl: time.Minute},
			{op: "wait", ttl: 45 * time.Second},
			{op: "get", ns: "garden", key: "a", value: "2", hit: true},
		}},
		{"invalidate drops only its namespace", []step{
			{op: "set", ns: "garden", key: "a", value: "1", ttl: time.Minute},
			{op: "set", ns: "garden", key: "b", value: "2", ttl: time.Minute},
			{op: "set", ns: "dashboard", key: "a", value: "3", ttl: time.Minute},
			{op: "inv", ns: "garden"},
			{op: "get", ns: "garden", key: "a"},
			{op: "get", ns: "garden", key: "b"},
			{op: "get", ns: "dashboard", key: "a", value: "3", hit: true},
			{op: "set", ns: "garden", key: "a", value: "4", ttl: time.Minute},
			{op: "get", ns: "garden", key: "a", value: "4", hit: true},
		}},
		{"namespaces do not share keys", []step{
			{op: "set", ns: "garden", key: "a", value: "1", ttl: time.Minute},
			{op: "get", ns: "dashboard", key: "a"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			runSteps(t, NewMemory(clk.Now, 100), clk, tt.steps)
		})
	}
}

func TestMemoryRejectsBadTTL(t *testing.T) {
	m := NewMemory(newClock().Now, 10)
	for _, ttl := range []time.Duration{0, -time.Second} {
		if err := m.Set(context.Background(), "garden", "a", []byte("x"), ttl); err == nil {
			t.Errorf("Set with ttl %s: want error", ttl)
		}
	}
}

func TestMemoryCopiesValues(t *testing.T) {
	m := NewMemory(newClock().Now, 10)
	in := []byte("abc")
	mustSet(t, m, "garden", "a", string(in), time.Minute)
	if err := m.Set(context.Background(), "garden", "b", in, time.Minute); err != nil {
		t.Fatal(err)
	}
	in[0] = 'X'
	out, _, _ := m.Get(context.Background(), "garden", "b")
	out[1] = 'Y'
	if v, _ := mustGet(t, m, "garden", "b"); v != "abc" {
		t.Errorf("stored value aliased caller memory: %q", v)
	}
}

func TestMemoryBounded(t *testing.T) {
	tests := []struct {
		name string
		sets []struct {
			key string
			ttl time.Duration
		}
		wait     time.Duration // before the last set
		wantGone []string
		wantKept []string
	}{
		{
			name: "evicts the oldest write",
			sets: []struct {
				key string
				ttl time.Duration
			}{{"a", time.Hour}, {"b", time.Hour}, {"c", time.Hour}, {"d", time.Hour}},
			wantGone: []string{"a"},
			wantKept: []string{"b", "c", "d"},
		},
		{
			name: "evicts expired before live",
			sets: []struct {
				key string
				ttl time.Duration
			}{{"a", time.Hour}, {"b", time.Second}, {"c", time.Hour}, {"d", time.Hour}},
			wait:     2 * time.Second,
			wantGone: []string{"b"},
			wantKept: []string{"a", "c", "d"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			m := NewMemory(clk.Now, 3)
			for i, s := range tt.sets {
				if i == len(tt.sets)-1 {
					clk.Add(tt.wait)
				}
				mustSet(t, m, "garden", s.key, s.key, s.ttl)
			}
			if m.Len() != 3 {
				t.Errorf("Len = %d, want 3", m.Len())
			}
			for _, k := range tt.wantGone {
				if _, ok := mustGet(t, m, "garden", k); ok {
					t.Errorf("%s still cached", k)
				}
			}
			for _, k := range tt.wantKept {
				if _, ok := mustGet(t, m, "garden", k); !ok {
					t.Errorf("%s evicted", k)
				}
			}
		})
	}

	t.Run("stays bounded under many writes", func(t *testing.T) {
		clk := newClock()
		m := NewMemory(clk.Now, 50)
		for i := range 1000 {
			mustSet(t, m, "garden", fmt.Sprint(i), "v", time.Minute)
		}
		if m.Len() != 50 {
			t.Errorf("Len = %d, want 50", m.Len())
		}
		if _, ok := mustGet(t, m, "garden", "999"); !ok {
			t.Error("newest entry missing")
		}
	})
}

func TestMemoryConcurrent(t *testing.T) {
	clk := newClock()
	m := NewMemory(clk.Now, 64)
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				key := fmt.Sprint(i % 100)
				_ = m.Set(ctx, "garden", key, []byte(key), time.Minute)
				if v, ok, _ := m.Get(ctx, "garden", key); ok && string(v) != key {
					t.Errorf("Get(%s) = %q", key, v)
				}
				if i%97 == g {
					_ = m.Invalidate(ctx, "garden")
				}
				clk.Add(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	if m.Len() > 64 {
		t.Errorf("Len = %d, want <= 64", m.Len())
	}
}

func TestInvalidNamespace(t *testing.T) {
	r := NewRedis(redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}), nil, nil, nil)
	for _, ns := range []string{"", "a:b"} {
		if _, _, err := r.Get(context.Background(), ns, "k"); err == nil {
			t.Errorf("Get with namespace %q: want error", ns)
		}
	}
}

func counterValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			m := mf.GetMetric()[0]
			if m.GetCounter() != nil {
				return m.GetCounter().GetValue()
			}
			return m.GetGauge().GetValue()
		}
	}
	t.Fatalf("metric %s not registered", name)
	return 0
}

func newMetrics(t *testing.T) (*Metrics, *prometheus.Registry) {
	t.Helper()
	reg := prometheus.NewRegistry()
	m, err := NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	return m, reg
}

func TestRedisRoundTrip(t *testing.T) {
	client, prefix := redistest.Client(t)
	clk := newClock()
	m, reg := newMetrics(t)
	c := NewRedis(client, NewMemory(clk.Now, 100), nil, m, WithKeyPrefix(prefix))
	runSteps(t, c, clk, []step{
		{op: "get", ns: "garden", key: "a"},
		{op: "set", ns: "garden", key: "a", value: "1", ttl: time.Minute},
		{op: "get", ns: "garden", key: "a", value: "1", hit: true},
		{op: "set", ns: "dashboard", key: "a", value: "2", ttl: time.Minute},
		{op: "inv", ns: "garden"},
		{op: "get", ns: "garden", key: "a"},
		{op: "get", ns: "dashboard", key: "a", value: "2", hit: true},
		{op: "set", ns: "garden", key: "a", value: "3", ttl: time.Minute},
		{op: "get", ns: "garden", key: "a", value: "3", hit: true},
	})

	ctx := context.Background()
	if gen, err := client.Get(ctx, prefix+":gen:garden").Result(); err != nil || gen != "1" {
		t.Errorf("generation key = %q, %v; want \"1\"", gen, err)
	}
	if ttl, err := client.PTTL(ctx, prefix+":cache:garden:1:a").Result(); err != nil || ttl <= 0 || ttl > time.Minute {
		t.Errorf("entry key TTL = %s, %v; want (0, 1m]", ttl, err)
	}

	// Binary values survive.
	bin := []byte{0, 1, 2, 255, '\n'}
	if err := c.Set(ctx, "garden", "bin", bin, time.Minute); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := c.Get(ctx, "garden", "bin"); err != nil || !ok || !bytes.Equal(v, bin) {
		t.Errorf("binary value = %v, %v, %v", v, ok, err)
	}

	// Redis expires entries itself.
	if err := c.Set(ctx, "garden", "short", []byte("x"), 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond)
	if _, ok := mustGet(t, c, "garden", "short"); ok {
		t.Error("entry with 50ms TTL still there after 150ms")
	}

	if got := counterValue(t, reg, "cache_fallback_total"); got != 0 {
		t.Errorf("cache_fallback_total = %v with Redis up, want 0", got)
	}
	if c.fallback.Len() != 0 {
		t.Errorf("fallback holds %d entries with Redis up", c.fallback.Len())
	}
}

func TestRedisAcrossReplicas(t *testing.T) {
	base, prefix := redistest.Client(t)
	clk := newClock()
	a := NewRedis(redistest.Another(t, base), NewMemory(clk.Now, 100), nil, nil, WithKeyPrefix(prefix))
	b := NewRedis(redistest.Another(t, base), NewMemory(clk.Now, 100), nil, nil, WithKeyPrefix(prefix))

	mustSet(t, a, "garden", "list", "v1", time.Minute)
	if v, ok := mustGet(t, b, "garden", "list"); !ok || v != "v1" {
		t.Fatalf("replica b Get = %q, %v; want v1 written by a", v, ok)
	}
	mustInvalidate(t, b, "garden")
	if _, ok := mustGet(t, a, "garden", "list"); ok {
		t.Error("replica a still serves the entry right after b invalidated")
	}

	// A response computed from data read before a concurrent invalidation must
	// not be served: a misses, b invalidates (a write), a stores its result.
	if _, ok := mustGet(t, a, "garden", "page"); ok {
		t.Fatal("unexpected hit")
	}
	mustInvalidate(t, b, "garden")
	mustSet(t, a, "garden", "page", "computed-before-write", time.Minute)
	if v, ok := mustGet(t, b, "garden", "page"); ok {
		t.Errorf("replica b serves %q stored across an invalidation", v)
	}
	// The next miss/set pair caches normally again.
	mustGet(t, a, "garden", "page")
	mustSet(t, a, "garden", "page", "fresh", time.Minute)
	if v, ok := mustGet(t, b, "garden", "page"); !ok || v != "fresh" {
		t.Errorf("replica b Get = %q, %v; want fresh", v, ok)
	}

	// Two requests of one key in flight across an invalidation: neither
	// result is served, whichever order they finish in.
	mustInvalidate(t, b, "garden")
	mustGet(t, a, "garden", "page") // request 1 misses
	mustInvalidate(t, b, "garden")
	mustGet(t, a, "garden", "page") // request 2 misses, after the write
	mustSet(t, a, "garden", "page", "req2", time.Minute)
	mustSet(t, a, "garden", "page", "req1-stale", time.Minute)
	if v, ok := mustGet(t, b, "garden", "page"); ok {
		t.Errorf("replica b serves %q from requests in flight across an invalidation", v)
	}
	mustSet(t, a, "garden", "page", "req3", time.Minute)
	if v, ok := mustGet(t, b, "garden", "page"); !ok || v != "req3" {
		t.Errorf("replica b Get = %q, %v; want req3", v, ok)
	}

	// A miss never followed by a Set keeps the key uncacheable across an
	// invalidation for the window only.
	mustGet(t, a, "garden", "orphan")
	mustInvalidate(t, b, "garden")
	mustGet(t, a, "garden", "orphan")
	mustSet(t, a, "garden", "orphan", "pinned", time.Minute)
	if v, ok := mustGet(t, b, "garden", "orphan"); ok {
		t.Errorf("replica b Get = %q within the window, want a miss", v)
	}
	clk.Add(missWindow)
	mustGet(t, a, "garden", "orphan")
	mustSet(t, a, "garden", "orphan", "ok", time.Minute)
	if v, ok := mustGet(t, b, "garden", "orphan"); !ok || v != "ok" {
		t.Errorf("replica b Get = %q, %v; want ok", v, ok)
	}
}

// countingHook counts the commands a client sends and can make them fail as
// if Redis were unreachable.
type countingHook struct {
	calls atomic.Int64
	down  atomic.Bool
}

func (h *countingHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *countingHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.calls.Add(1)
		if h.down.Load() {
			err := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused (simulated)")}
			cmd.SetErr(err)
			return err
		}
		return next(ctx, cmd)
	}
}

func (h *countingHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.calls.Add(1)
		if h.down.Load() {
			err := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused (simulated)")}
			for _, c := range cmds {
				c.SetErr(err)
			}
			return err
		}
		return next(ctx, cmds)
	}
}

func TestRedisFallbackClosedPort(t *testing.T) {
	client := redis.NewClient(&redis.Options{
		Addr:        "127.0.0.1:1",
		DialTimeout: 200 * time.Millisecond, ReadTimeout: 200 * time.Millisecond, WriteTimeout: 200 * time.Millisecond,
		MaxRetries: -1, DialerRetries: 1,
	})
	t.Cleanup(func() { client.Close() })
	hook := &countingHook{}
	client.AddHook(hook)
	clk := newClock()
	logs := &logBuffer{}
	m, reg := newMetrics(t)
	c := NewRedis(client, NewMemory(clk.Now, 100), slog.New(slog.NewTextHandler(logs, nil)), m)

	runSteps(t, c, clk, []step{
		{op: "get", ns: "garden", key: "a"},
		{op: "set", ns: "garden", key: "a", value: "1", ttl: time.Minute},
		{op: "get", ns: "garden", key: "a", value: "1", hit: true},
		{op: "inv", ns: "garden"},
		{op: "get", ns: "garden", key: "a"},
		{op: "set", ns: "garden", key: "a", value: "2", ttl: time.Minute},
		{op: "get", ns: "garden", key: "a", value: "2", hit: true},
	})
	if got := counterValue(t, reg, "cache_fallback_total"); got != 7 {
		t.Errorf("cache_fallback_total = %v, want 7", got)
	}
	if got := counterValue(t, reg, "cache_fallback_active"); got != 1 {
		t.Errorf("cache_fallback_active = %v, want 1", got)
	}
	if n := logs.count("level=WARN"); n != 1 {
		t.Errorf("%d warnings logged for one outage, want 1:\n%s", n, logs.buf.String())
	}
	if n := hook.calls.Load(); n != 1 {
		t.Errorf("Redis tried %d times within one second, want 1", n)
	}

	// After a second, exactly one probe; still down, so still memory.
	clk.Add(time.Second)
	for range 5 {
		if v, ok := mustGet(t, c, "garden", "a"); !ok || v != "2" {
			t.Fatalf("Get after probe = %q, %v; want 2 from memory", v, ok)
		}
	}
	if n := hook.calls.Load(); n != 2 {
		t.Errorf("Redis tried %d times after one retry interval, want 2", n)
	}
	if n := logs.count("level=WARN"); n != 1 {
		t.Errorf("%d warnings logged, want still 1", n)
	}
}

func TestRedisRecovers(t *testing.T) {
	base, prefix := redistest.Client(t)
	client := redistest.Another(t, base)
	hook := &countingHook{}
	client.AddHook(hook)
	clk := newClock()
	logs := &logBuffer{}
	m, reg := newMetrics(t)
	c := NewRedis(client, NewMemory(clk.Now, 100), slog.New(slog.NewTextHandler(logs, nil)), m, WithKeyPrefix(prefix))
	other := NewRedis(redistest.Another(t, base), NewMemory(clk.Now, 100), nil, nil, WithKeyPrefix(prefix))

	mustSet(t, c, "garden", "a", "before-outage", time.Minute)

	hook.down.Store(true)
	if _, ok := mustGet(t, c, "garden", "a"); ok {
		t.Error("fallback served an entry it never had")
	}
	mustSet(t, c, "garden", "b", "in-memory", time.Minute)
	mustInvalidate(t, c, "garden") // a write during the outage
	mustSet(t, c, "garden", "c", "in-memory", time.Minute)
	if v, ok := mustGet(t, c, "garden", "c"); !ok || v != "in-memory" {
		t.Errorf("Get during outage = %q, %v", v, ok)
	}
	if got := counterValue(t, reg, "cache_fallback_total"); got != 5 {
		t.Errorf("cache_fallback_total = %v, want 5", got)
	}

	hook.down.Store(false)
	// Within the retry interval memory is still used.
	if _, ok := mustGet(t, c, "garden", "c"); !ok {
		t.Error("memory not used within the retry interval")
	}
	clk.Add(time.Second)
	// Back on Redis: the invalidation made during the outage was replayed,
	// so the pre-outage entry is gone on every replica, and memory is empty.
	// (The replay happens on the recovered replica's next call, so it goes
	// first.)
	for _, r := range []struct {
		name string
		c    *Redis
	}{{"recovered", c}, {"other", other}} {
		if v, ok := mustGet(t, r.c, "garden", "a"); ok {
			t.Errorf("%s replica serves %q invalidated during the outage", r.name, v)
		}
	}
	if _, ok := mustGet(t, c, "garden", "c"); ok {
		t.Error("memory-only entry served after switching back to Redis")
	}
	if c.fallback.Len() != 0 {
		t.Errorf("fallback not emptied on recovery: %d entries", c.fallback.Len())
	}
	mustSet(t, c, "garden", "d", "on-redis", time.Minute)
	if v, ok := mustGet(t, other, "garden", "d"); !ok || v != "on-redis" {
		t.Errorf("other replica Get = %q, %v; want on-redis", v, ok)
	}
	if got := counterValue(t, reg, "cache_fallback_active"); got != 0 {
		t.Errorf("cache_fallback_active = %v after recovery, want 0", got)
	}
	if n := logs.count("level=WARN"); n != 1 {
		t.Errorf("%d warnings, want 1", n)
	}
	if n := logs.count("reachable again"); n != 1 {
		t.Errorf("%d recovery messages, want 1", n)
	}
}

func TestRedisCallerCancel(t *testing.T) {
	base, prefix := redistest.Client(t)
	clk := newClock()
	m, reg := newMetrics(t)
	c := NewRedis(base, NewMemory(clk.Now, 100), nil, m, WithKeyPrefix(prefix))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := c.Get(ctx, "garden", "a"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get with cancelled context: err = %v, want context.Canceled", err)
	}
	if got := counterValue(t, reg, "cache_fallback_active"); got != 0 {
		t.Errorf("a cancelled request switched to fallback")
	}
}

func TestMissBookkeeping(t *testing.T) {
	type op struct {
		miss string        // record a miss at this generation
		set  bool          // take for a Set
		want string        // expected generation for a Set
		wait time.Duration // advance the clock first
	}
	tests := []struct {
		name string
		ops  []op
	}{
		{"set without a miss uses the current generation", []op{{set: true, want: ""}}},
		{"set after its miss", []op{{miss: "1"}, {set: true, want: "1"}, {set: true, want: ""}}},
		{"two in flight across an invalidation, both pinned to the old one", []op{
			{miss: "1"}, {miss: "2"}, {set: true, want: "1"}, {set: true, want: "1"}, {set: true, want: ""},
		}},
		{"same generation counted", []op{
			{miss: "3"}, {miss: "3"}, {set: true, want: "3"}, {set: true, want: "3"}, {set: true, want: ""},
		}},
		{"orphan expires after the window", []op{
			{miss: "1"}, {wait: missWindow}, {miss: "2"}, {set: true, want: "2"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			r := NewRedis(nil, NewMemory(clk.Now, 10), nil, nil)
			for i, o := range tt.ops {
				clk.Add(o.wait)
				switch {
				case o.miss != "":
					r.recordMiss("garden", "k", o.miss)
				case o.set:
					if got := r.takeMiss("garden", "k"); got != o.want {
						t.Fatalf("op %d: takeMiss = %q, want %q", i, got, o.want)
					}
				}
			}
		})
	}
}
