package worker

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/fixtures"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/github"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/spotify"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/wakatime"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/weather"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/testclock"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

const testSecret = "test-only-webhook-secret"

func readFixture(t testing.TB, provider, name string) []byte {
	t.Helper()
	return fixtures.Read(t, provider, name)
}

// fakeWorld serves GitHub, Spotify, WakaTime and Open-Meteo from one test
// server: each provider under its own prefix, routes by exact path.
type fakeWorld struct {
	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	hits   map[string]int
}

func (f *fakeWorld) handle(path string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[path] = h
}

func (f *fakeWorld) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func (f *fakeWorld) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits[r.URL.Path]++
	h := f.routes[r.URL.Path]
	f.mu.Unlock()
	if h == nil {
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"message":"Not Found"}`))
		return
	}
	h(w, r)
}

func serveBody(status int, body []byte, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
}

// env is one test's worker over a fresh database and a fake world.
type env struct {
	t     *testing.T
	db    *store.DB
	svc   *domain.Service
	cfg   *config.Config
	clock *testclock.Clock
	world *fakeWorld
	srv   *httptest.Server
	reg   *prometheus.Registry
	w     *Worker
}

var t0 = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// newEnv builds a worker (not started) with every provider pointed at the
// fake world; tune changes the config before the worker is built.
func newEnv(t *testing.T, db *store.DB, tune ...func(*config.Config, *Deps)) *env {
	t.Helper()
	e := &env{t: t, db: db, clock: testclock.New(t0), world: &fakeWorld{routes: map[string]http.HandlerFunc{}, hits: map[string]int{}},
		reg: prometheus.NewRegistry()}
	e.srv = httptest.NewServer(e.world)
	t.Cleanup(e.srv.Close)
	e.svc = domain.NewService(db, domain.WithClock(e.clock.Now))
	cfg := config.Default()
	cfg.GitHub.WebhookSecret = testSecret
	cfg.GitHub.APIURL = e.srv.URL + "/gh/"
	cfg.Spotify.APIURL, cfg.Spotify.AccountsURL = e.srv.URL+"/spotify/v1/", e.srv.URL+"/spotify/accounts/"
	cfg.WakaTime.APIURL = e.srv.URL + "/waka/"
	cfg.Weather.OpenMeteoURL = e.srv.URL + "/meteo/v1/"
	e.cfg = cfg
	deps := Deps{Service: e.svc, DB: db, Config: cfg, Registry: e.reg, Now: e.clock.Now, NoSchedule: true,
		PollInterval: 20 * time.Millisecond, Sleep: noSleep, Logger: testLogger(t)}
	for _, f := range tune {
		f(cfg, &deps)
	}
	hc := func(name string) *httpx.Client {
		return httpx.New(httpx.Options{Name: name, Base: e.srv.Client(), Sleep: noSleep, MaxAttempts: 2,
			Timeout: 2 * time.Second})
	}
	if deps.GitHub == nil {
		gh, err := github.New(github.Options{Token: cfg.GitHub.Token, BaseURL: cfg.GitHub.APIURL, HTTPClient: hc("github"), Now: e.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		deps.GitHub = gh
	}
	if deps.Spotify == nil {
		deps.Spotify = NewSpotify(spotify.New(spotify.Options{ClientID: cfg.Spotify.ClientID,
			ClientSecret: cfg.Spotify.ClientSecret, RefreshToken: cfg.Spotify.RefreshToken, APIURL: cfg.Spotify.APIURL,
			AccountsURL: cfg.Spotify.AccountsURL, HTTPClient: hc("spotify"), Now: e.clock.Now}), 5*time.Minute, e.clock.Now)
	}
	if deps.WakaTime == nil {
		deps.WakaTime = wakatime.New(wakatime.Options{APIKey: cfg.WakaTime.APIKey, BaseURL: cfg.WakaTime.APIURL, HTTPClient: hc("wakatime")})
	}
	if deps.Weather == nil {
		deps.Weather = weather.New(weather.Config{Latitude: cfg.Weather.Latitude, Longitude: cfg.Weather.Longitude,
			OpenMeteoURL: cfg.Weather.OpenMeteoURL, HTTPClient: hc("weather"), Timeout: 2 * time.Second})
	}
	w, err := New(deps)
	if err != nil {
		t.Fatal(err)
	}
	e.w = w
	return e
}

// start runs the queue until the test ends.
func (e *env) start() {
	e.t.Helper()
	if err := e.w.Start(context.Background()); err != nil {
		e.t.Fatalf("start worker: %v", err)
	}
	e.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := e.w.Stop(ctx); err != nil {
			e.t.Errorf("stop worker: %v", err)
		}
	})
}

// waitJob waits until job id finishes and returns its final state.
func (e *env) waitJob(id int64) *JobState {
	e.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		js, err := e.w.Job(context.Background(), id)
		if err != nil {
			e.t.Fatalf("job %d: %v", id, err)
		}
		switch js.State {
		case "completed", "discarded", "cancelled":
			return js
		case "retryable":
			e.t.Fatalf("job %d (%s) failed: %v", id, js.Kind, js.Errors)
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatalf("job %d did not finish", id)
	return nil
}

func (e *env) plant(name, repo string) *domain.Project {
	e.t.Helper()
	p, err := e.svc.PlantProject(context.Background(), domain.PlantInput{Name: name, GithubRepo: repo})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) history(id interface{ String() string }) []*domain.GrowthLogEntry {
	e.t.Helper()
	p, err := e.svc.ResolveProject(context.Background(), id.String())
	if err != nil {
		e.t.Fatal(err)
	}
	h, err := e.svc.GrowthHistory(context.Background(), p.ID, 500)
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

func (e *env) events() []*domain.Event {
	e.t.Helper()
	evs, err := e.svc.EventsSince(context.Background(), 0, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	return evs
}

func (e *env) counter(c *prometheus.CounterVec, labels ...string) float64 {
	e.t.Helper()
	var m dto.Metric
	if err := c.WithLabelValues(labels...).Write(&m); err != nil {
		e.t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}

func sign(body []byte) string { return github.Sign([]byte(testSecret), body) }

func newDeliveryID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	h := hex.EncodeToString(b)
	return strings.Join([]string{h[:8], h[8:12], h[12:16], h[16:20], h[20:]}, "-")
}

// testLogger sends log lines to the test's log, shown on failure.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
