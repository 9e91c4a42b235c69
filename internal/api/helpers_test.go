package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/cache"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/privacy"
	"github.com/greenhouse-garden/greenhouse/internal/ratelimit"
	"github.com/greenhouse-garden/greenhouse/internal/redistest"
	"github.com/greenhouse-garden/greenhouse/internal/reqstats"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/greenhouse-garden/greenhouse/internal/testclock"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
	"github.com/prometheus/client_golang/prometheus"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	os.Exit(m.Run())
}

const (
	browserUA     = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	adminPassword = "correct horse battery staple"
)

// sequentialIDs makes ids 00000000-0000-7000-8000-000000000001, ...
func sequentialIDs() func() uuid.UUID {
	var mu sync.Mutex
	n := 0
	return func() uuid.UUID {
		mu.Lock()
		defer mu.Unlock()
		n++
		var id uuid.UUID
		id[6], id[8] = 0x70, 0x80
		id[14], id[15] = byte(n>>8), byte(n)
		return id
	}
}

type env struct {
	t      *testing.T
	db     *store.DB
	svc    *domain.Service
	an     *analytics.Service
	cfg    *config.Config
	clock  *testclock.Clock
	server *api.Server
	ts     *httptest.Server
	secret []byte
	reg    *prometheus.Registry
}

func newEnv(t *testing.T, db *store.DB, tweak ...func(*config.Config)) *env {
	t.Helper()
	return newEnvWith(t, db, nil, tweak...)
}

// newEnvWith is newEnv with a hook on the server's dependencies.
func newEnvWith(t *testing.T, db *store.DB, deps func(*api.Deps), tweak ...func(*config.Config)) *env {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Security.AdminPassword = adminPassword
	cfg.Security.SecretKey = "test-secret-key-test-secret-key-0123456789"
	cfg.Server.CORSOrigins = []string{"https://garden.example"}
	for _, f := range tweak {
		f(cfg)
	}
	clk := testclock.New(time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC))
	svc := domain.NewService(db, domain.WithClock(clk.Now), domain.WithIDs(sequentialIDs()))
	an := analytics.NewService(db.Analytics(), svc, analytics.WithClock(clk.Now))
	secret, err := api.LoadSecret(cfg)
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	limiter := &clockLimiter{now: clk.Now, windows: map[string]*window{}}
	d := api.Deps{
		Service: svc, Analytics: an, Config: cfg, Limiter: limiter,
		Hasher: privacy.NewHasher(svc, clk.Now), Secret: secret, Registry: reg, Now: clk.Now,
		Recorder: reqstats.NewRecorder(an, clk.Now),
	}
	if c := redisCache(t, db, clk.Now); c != nil {
		d.Cache = c
	}
	if deps != nil {
		deps(&d)
	}
	srv := api.New(d)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{t: t, db: db, svc: svc, an: an, cfg: cfg, clock: clk, server: srv, ts: ts, secret: secret, reg: reg}
}

// visitor returns a browser-like client with its own session (after its
// first GET /garden).
func (e *env) visitor() *wireapi.Client {
	return wireapi.NewClient(e.ts.URL, wireapi.WithUserAgent(browserUA))
}

// admin returns a client holding a valid admin token.
func (e *env) admin() *wireapi.Client {
	tok, err := api.IssueToken(e.secret, e.clock.Now(), time.Hour)
	if err != nil {
		e.t.Fatal(err)
	}
	return wireapi.NewClient(e.ts.URL, wireapi.WithUserAgent(browserUA), wireapi.WithToken(tok))
}

// do sends a raw request and returns the response and its body.
func (e *env) do(method, path, body string, header map[string]string) (*http.Response, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.ts.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("User-Agent", browserUA)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res, raw
}

func (e *env) adminHeader() map[string]string {
	tok, err := api.IssueToken(e.secret, e.clock.Now(), time.Hour)
	if err != nil {
		e.t.Fatal(err)
	}
	return map[string]string{"Authorization": "Bearer " + tok}
}

// problem asserts err is a *Problem with status and returns it.
func problem(t *testing.T, err error, status int) *wireapi.Problem {
	t.Helper()
	var p *wireapi.Problem
	if !errors.As(err, &p) {
		t.Fatalf("want a %d problem, got %v", status, err)
	}
	if p.Status != status {
		t.Fatalf("want status %d, got %v", status, p)
	}
	return p
}

func ctx() context.Context { return context.Background() }

var scrubPatterns = []*regexp.Regexp{
	regexp.MustCompile(`"access_token":"[^"]+"`),
}

// golden compares body (indented JSON) with testdata/name.golden.
func golden(t *testing.T, name string, body []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s: not JSON: %v\n%s", name, err, body)
	}
	got, _ := json.MarshalIndent(v, "", "  ")
	for _, re := range scrubPatterns {
		got = re.ReplaceAll(got, []byte(`"<scrubbed>"`))
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

func each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		fn(t, db)
	})
}

// storetestOpen opens another fresh database on db's engine.
func storetestOpen(t *testing.T, db *store.DB) *store.DB {
	return storetest.Open(t, db.Engine())
}

// clockLimiter is a fixed-window limiter on the test clock (ratelimit's own
// memory limiter follows the wall clock).
type clockLimiter struct {
	now     func() time.Time
	mu      sync.Mutex
	windows map[string]*window
}

type window struct {
	start time.Time
	count int64
}

func (l *clockLimiter) Allow(_ context.Context, rule ratelimit.Rule, key string) (ratelimit.Result, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	k := rule.Name + ":" + key
	w := l.windows[k]
	if w == nil || now.Sub(w.start) >= rule.Period {
		w = &window{start: now}
		l.windows[k] = w
	}
	reset := w.start.Add(rule.Period)
	if w.count >= rule.Limit {
		return ratelimit.Result{Limit: rule.Limit, Reset: reset, RetryAfter: reset.Sub(now)}, nil
	}
	w.count++
	return ratelimit.Result{Allowed: true, Limit: rule.Limit, Remaining: rule.Limit - w.count, Reset: reset}, nil
}

// redisCache returns a Redis-backed cache for the PostgreSQL runs when
// GREENHOUSE_TEST_REDIS_URL is set (the production pairing), with keys of
// its own; nil otherwise (the API then caches in process).
func redisCache(t *testing.T, db *store.DB, now func() time.Time) cache.Cache {
	t.Helper()
	if !redistest.Configured() || db.Engine() != store.Postgres {
		return nil
	}
	client, prefix := redistest.Client(t)
	return cache.NewRedis(client, cache.NewMemory(now, 1024), nil, nil, cache.WithKeyPrefix(prefix))
}
