package ratelimit

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/greenhouse-garden/greenhouse/internal/redistest"
	"github.com/greenhouse-garden/greenhouse/internal/testclock"
	"github.com/ulule/limiter/v3"
)

func TestRules(t *testing.T) {
	want := map[string]struct {
		limit  int64
		period time.Duration
	}{
		"garden":     {100, time.Minute},
		"interact":   {30, time.Minute},
		"plant_seed": {5, time.Minute},
		"dashboard":  {10, time.Minute},
		"auth_token": {5, time.Minute},
	}
	got := Rules()
	if len(got) != len(want) {
		t.Errorf("Rules() has %d rules, want %d", len(got), len(want))
	}
	for name, w := range want {
		r, ok := got[name]
		if !ok || r.Name != name || r.Limit != w.limit || r.Period != w.period {
			t.Errorf("Rules()[%q] = %+v, want %d per %s", name, r, w.limit, w.period)
		}
		if err := r.validate(); err != nil {
			t.Errorf("rule %s invalid: %v", name, err)
		}
	}
	got["garden"] = Rule{}
	if Rules()["garden"].Limit != 100 {
		t.Error("Rules() shares its map between calls")
	}
}

func TestHeaders(t *testing.T) {
	reset := time.Unix(1_800_000_000, 0)
	tests := []struct {
		name string
		in   Result
		want map[string]string
	}{
		{"allowed", Result{Allowed: true, Limit: 5, Remaining: 3, Reset: reset}, map[string]string{
			"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "3", "X-RateLimit-Reset": "1800000000",
		}},
		{"refused", Result{Limit: 5, Reset: reset, RetryAfter: 42 * time.Second}, map[string]string{
			"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1800000000", "Retry-After": "42",
		}},
		{"refused, fraction rounds up", Result{Limit: 5, Reset: reset, RetryAfter: 1500 * time.Millisecond}, map[string]string{
			"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1800000000", "Retry-After": "2",
		}},
		{"refused, never below one", Result{Limit: 5, Reset: reset}, map[string]string{
			"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1800000000", "Retry-After": "1",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Headers(tt.in)
			if len(got) != len(tt.want) {
				t.Errorf("Headers = %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("Headers[%s] = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestResult(t *testing.T) {
	now := time.Unix(1_800_000_000, 400_000_000) // .4s into a second
	tests := []struct {
		name      string
		in        limiter.Context
		wantReset int64
		wantRetry time.Duration
	}{
		{"allowed has no retry", limiter.Context{Limit: 5, Remaining: 2, Reset: 1_800_000_030}, 1_800_000_031, 0},
		{"refused rounds up to the end of the second", limiter.Context{Limit: 5, Reset: 1_800_000_030, Reached: true}, 1_800_000_031, 31 * time.Second},
		{"refused at the very end is still one second", limiter.Context{Limit: 5, Reset: 1_800_000_000, Reached: true}, 1_800_000_001, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := result(tt.in, now)
			if got.Allowed == tt.in.Reached || got.Reset.Unix() != tt.wantReset || got.RetryAfter != tt.wantRetry {
				t.Errorf("result = %+v, want allowed=%v reset=%d retry=%s", got, !tt.in.Reached, tt.wantReset, tt.wantRetry)
			}
		})
	}
}

func TestInvalidRule(t *testing.T) {
	lim := NewMemory()
	for _, r := range []Rule{{}, {Name: "a:b", Limit: 1, Period: time.Second}, {Name: "x", Period: time.Second}, {Name: "x", Limit: 1}} {
		if _, err := lim.Allow(context.Background(), r, "k"); err == nil {
			t.Errorf("Allow with rule %+v: want error", r)
		}
	}
}

// checkSixth runs six plant_seed requests for key and checks that the first
// five pass, with decreasing Remaining, and the sixth is refused.
func checkSixth(t *testing.T, lims []Limiter, key string) {
	t.Helper()
	rule := Rules()["plant_seed"]
	ctx := context.Background()
	for i := range 6 {
		res, err := lims[i%len(lims)].Allow(ctx, rule, key)
		if err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		if i < 5 {
			if !res.Allowed || res.Remaining != int64(4-i) || res.Limit != 5 {
				t.Fatalf("request %d = %+v, want allowed with %d remaining", i+1, res, 4-i)
			}
			continue
		}
		if res.Allowed || res.Remaining != 0 {
			t.Fatalf("6th request = %+v, want refused", res)
		}
		if res.RetryAfter < time.Second || res.RetryAfter > 61*time.Second || res.RetryAfter%time.Second != 0 {
			t.Errorf("RetryAfter = %s, want whole seconds in [1s, 61s]", res.RetryAfter)
		}
		if until := time.Until(res.Reset); until <= 0 || until > 61*time.Second {
			t.Errorf("Reset in %s, want within the minute", until)
		}
		h := Headers(res)
		if n, err := strconv.Atoi(h["Retry-After"]); err != nil || n < 1 {
			t.Errorf("Retry-After header = %q, want >= 1", h["Retry-After"])
		}
	}
}

func TestMemory(t *testing.T) {
	t.Run("sixth plant_seed refused", func(t *testing.T) {
		checkSixth(t, []Limiter{NewMemory()}, "203.0.113.7")
	})
	t.Run("keys and rules are independent", func(t *testing.T) {
		checkIndependent(t, NewMemory())
	})
	t.Run("instances do not share counts", func(t *testing.T) {
		a, b := NewMemory(), NewMemory()
		rule := Rule{Name: "one", Limit: 1, Period: time.Minute}
		for _, l := range []Limiter{a, b} {
			if res, err := l.Allow(context.Background(), rule, "k"); err != nil || !res.Allowed {
				t.Errorf("Allow = %+v, %v; want allowed", res, err)
			}
		}
	})
	t.Run("window resets", func(t *testing.T) {
		lim := NewMemory()
		rule := Rule{Name: "short", Limit: 1, Period: 100 * time.Millisecond}
		ctx := context.Background()
		if res, _ := lim.Allow(ctx, rule, "k"); !res.Allowed {
			t.Fatal("first request refused")
		}
		if res, _ := lim.Allow(ctx, rule, "k"); res.Allowed {
			t.Fatal("second request allowed")
		}
		time.Sleep(150 * time.Millisecond)
		if res, _ := lim.Allow(ctx, rule, "k"); !res.Allowed {
			t.Error("request after the window refused")
		}
	})
	t.Run("concurrent requests count exactly", func(t *testing.T) {
		lim := NewMemory()
		rule := Rule{Name: "burst", Limit: 50, Period: time.Minute}
		var allowed atomic.Int64
		var wg sync.WaitGroup
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 10 {
					if res, err := lim.Allow(context.Background(), rule, "k"); err == nil && res.Allowed {
						allowed.Add(1)
					}
				}
			}()
		}
		wg.Wait()
		if allowed.Load() != 50 {
			t.Errorf("%d of 100 allowed, want 50", allowed.Load())
		}
	})
}

func checkIndependent(t *testing.T, lim Limiter) {
	t.Helper()
	ctx := context.Background()
	rules := Rules()
	for range 6 {
		if _, err := lim.Allow(ctx, rules["plant_seed"], "203.0.113.7"); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		rule Rule
		key  string
		want bool
	}{
		{"exhausted key", rules["plant_seed"], "203.0.113.7", false},
		{"other key, same rule", rules["plant_seed"], "203.0.113.8", true},
		{"same key, other rule with the same limit", rules["auth_token"], "203.0.113.7", true},
		{"same key, other rule", rules["garden"], "203.0.113.7", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := lim.Allow(ctx, tt.rule, tt.key)
			if err != nil {
				t.Fatal(err)
			}
			if res.Allowed != tt.want {
				t.Errorf("Allowed = %v, want %v (%+v)", res.Allowed, tt.want, res)
			}
		})
	}
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

func metricValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
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

func TestRedis(t *testing.T) {
	base, prefix := redistest.Client(t)
	m, reg := newMetrics(t)
	a := NewRedis(redistest.Another(t, base), nil, nil, m, WithKeyPrefix(prefix))
	b := NewRedis(redistest.Another(t, base), nil, nil, nil, WithKeyPrefix(prefix))

	t.Run("sixth plant_seed refused across two instances", func(t *testing.T) {
		checkSixth(t, []Limiter{a, b}, "203.0.113.7")
		// And the refusal is seen by both.
		for name, l := range map[string]Limiter{"a": a, "b": b} {
			if res, err := l.Allow(context.Background(), Rules()["plant_seed"], "203.0.113.7"); err != nil || res.Allowed {
				t.Errorf("instance %s: %+v, %v; want refused", name, res, err)
			}
		}
	})
	t.Run("keys and rules are independent", func(t *testing.T) {
		checkIndependent(t, a)
	})
	t.Run("keys carry the rule prefix and expire", func(t *testing.T) {
		ttl, err := base.PTTL(context.Background(), prefix+":plant_seed:203.0.113.7").Result()
		if err != nil || ttl <= 0 || ttl > time.Minute {
			t.Errorf("PTTL = %s, %v; want within the minute", ttl, err)
		}
	})
	t.Run("no fallback while up", func(t *testing.T) {
		if got := metricValue(t, reg, "ratelimit_fallback_total"); got != 0 {
			t.Errorf("ratelimit_fallback_total = %v, want 0", got)
		}
	})
}

// faultHook makes a client's commands fail as if Redis were unreachable, and
// counts them.
type faultHook struct {
	calls atomic.Int64
	down  atomic.Bool
}

func (h *faultHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *faultHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
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

func (h *faultHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

func TestRedisFallbackClosedPort(t *testing.T) {
	client := redis.NewClient(&redis.Options{
		Addr:        "127.0.0.1:1",
		DialTimeout: 200 * time.Millisecond, ReadTimeout: 200 * time.Millisecond, WriteTimeout: 200 * time.Millisecond,
		MaxRetries: -1, DialerRetries: 1,
	})
	t.Cleanup(func() { client.Close() })
	hook := &faultHook{}
	client.AddHook(hook)
	logs := &logBuffer{}
	m, reg := newMetrics(t)
	clk := testclock.New(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	lim := NewRedis(client, NewMemory(), slog.New(slog.NewTextHandler(logs, nil)), m, WithClock(clk.Now))

	checkSixth(t, []Limiter{lim}, "203.0.113.7")
	if got := metricValue(t, reg, "ratelimit_fallback_total"); got != 6 {
		t.Errorf("ratelimit_fallback_total = %v, want 6", got)
	}
	if got := metricValue(t, reg, "ratelimit_fallback_active"); got != 1 {
		t.Errorf("ratelimit_fallback_active = %v, want 1", got)
	}
	if n := logs.count("level=WARN"); n != 1 {
		t.Errorf("%d warnings for one outage, want 1:\n%s", n, logs.buf.String())
	}
	if n := hook.calls.Load(); n != 1 {
		t.Errorf("Redis tried %d times within a second, want 1", n)
	}
	clk.Add(time.Second)
	for range 3 {
		if _, err := lim.Allow(context.Background(), Rules()["garden"], "k"); err != nil {
			t.Fatal(err)
		}
	}
	if n := hook.calls.Load(); n != 2 {
		t.Errorf("Redis tried %d times after the retry interval, want 2", n)
	}
	if n := logs.count("level=WARN"); n != 1 {
		t.Errorf("%d warnings, want still 1", n)
	}
}

func TestRedisRecovers(t *testing.T) {
	base, prefix := redistest.Client(t)
	client := redistest.Another(t, base)
	hook := &faultHook{}
	client.AddHook(hook)
	logs := &logBuffer{}
	m, reg := newMetrics(t)
	clk := testclock.New(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	lim := NewRedis(client, NewMemory(), slog.New(slog.NewTextHandler(logs, nil)), m, WithClock(clk.Now), WithKeyPrefix(prefix))
	other := NewRedis(redistest.Another(t, base), nil, nil, nil, WithKeyPrefix(prefix))
	rule := Rule{Name: "pair", Limit: 2, Period: time.Minute}
	ctx := context.Background()

	// Down from the start: even the store's script loading fails.
	hook.down.Store(true)
	for i := range 3 {
		res, err := lim.Allow(ctx, rule, "k")
		if err != nil || res.Allowed != (i < 2) {
			t.Fatalf("request %d during outage = %+v, %v", i+1, res, err)
		}
	}
	if got := metricValue(t, reg, "ratelimit_fallback_total"); got != 3 {
		t.Errorf("ratelimit_fallback_total = %v, want 3", got)
	}

	hook.down.Store(false)
	clk.Add(time.Second)
	// Back on Redis, where nothing was counted yet; shared with other.
	for i, l := range []Limiter{lim, other, lim} {
		res, err := l.Allow(ctx, rule, "k")
		if err != nil || res.Allowed != (i < 2) {
			t.Fatalf("request %d after recovery = %+v, %v", i+1, res, err)
		}
	}
	if got := metricValue(t, reg, "ratelimit_fallback_total"); got != 3 {
		t.Errorf("ratelimit_fallback_total = %v after recovery, want still 3", got)
	}
	if got := metricValue(t, reg, "ratelimit_fallback_active"); got != 0 {
		t.Errorf("ratelimit_fallback_active = %v after recovery, want 0", got)
	}
	if n, m := logs.count("level=WARN"), logs.count("reachable again"); n != 1 || m != 1 {
		t.Errorf("%d warnings and %d recovery messages, want 1 and 1:\n%s", n, m, logs.buf.String())
	}
}

func TestRedisCallerCancel(t *testing.T) {
	base, prefix := redistest.Client(t)
	m, reg := newMetrics(t)
	lim := NewRedis(base, nil, nil, m, WithKeyPrefix(prefix))
	// Create the rule's store first, so the cancelled call reaches Redis.
	if _, err := lim.Allow(context.Background(), Rules()["garden"], "k"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lim.Allow(ctx, Rules()["garden"], "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("Allow with a cancelled context: err = %v, want context.Canceled", err)
	}
	if got := metricValue(t, reg, "ratelimit_fallback_active"); got != 0 {
		t.Error("a cancelled request switched to fallback")
	}
}
