package httpx_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
)

// recorder is an injected SleepFunc that records the waits and returns at once.
type recorder struct {
	mu     sync.Mutex
	sleeps []time.Duration
}

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sleeps = append(r.sleeps, d)
	return ctx.Err()
}

func (r *recorder) waits() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.sleeps...)
}

// sequence serves the given statuses in order, repeating the last one.
func sequence(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(hits.Add(1))
		st := statuses[min(n, len(statuses))-1]
		if st == http.StatusTooManyRequests || st == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "7")
		}
		w.WriteHeader(st)
		_, _ = io.WriteString(w, `{"status":`+http.StatusText(st)+`}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func get(t *testing.T, rawURL string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestRetryPolicy(t *testing.T) {
	tests := []struct {
		name        string
		statuses    []int
		maxAttempts int
		wantHits    int32
		wantStatus  int // 0: success expected
		wantRetryAf time.Duration
	}{
		{name: "500 twice then 200 is retried", statuses: []int{500, 500, 200}, wantHits: 3},
		{name: "502 then 200", statuses: []int{502, 200}, wantHits: 2},
		{name: "5xx until attempts run out", statuses: []int{500}, wantHits: 3, wantStatus: 500},
		{name: "404 is never retried", statuses: []int{404, 200}, wantHits: 1, wantStatus: 404},
		{name: "400 is never retried", statuses: []int{400, 200}, wantHits: 1, wantStatus: 400},
		{name: "429 is not retried here and keeps Retry-After", statuses: []int{429, 200}, wantHits: 1, wantStatus: 429, wantRetryAf: 7 * time.Second},
		{name: "one attempt means no retry", statuses: []int{503, 200}, maxAttempts: 1, wantHits: 1, wantStatus: 503, wantRetryAf: 7 * time.Second},
		{name: "first try succeeds", statuses: []int{200}, wantHits: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := sequence(t, tt.statuses...)
			rec := &recorder{}
			c := httpx.New(httpx.Options{Name: "test", Base: srv.Client(), MaxAttempts: tt.maxAttempts, Sleep: rec.sleep})
			_, body, err := c.Fetch(get(t, srv.URL+"/x"))
			if got := hits.Load(); got != tt.wantHits {
				t.Errorf("hits = %d, want %d", got, tt.wantHits)
			}
			if got := len(rec.waits()); got != int(tt.wantHits)-1 {
				t.Errorf("sleeps = %d, want %d", got, tt.wantHits-1)
			}
			if tt.wantStatus == 0 {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if !bytes.Contains(body, []byte("OK")) {
					t.Errorf("body = %q", body)
				}
				return
			}
			var se *httpx.StatusError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *StatusError", err)
			}
			if se.Status != tt.wantStatus || se.RetryAfter != tt.wantRetryAf {
				t.Errorf("status %d retry-after %s, want %d %s", se.Status, se.RetryAfter, tt.wantStatus, tt.wantRetryAf)
			}
			if !strings.Contains(se.Body, http.StatusText(tt.wantStatus)) {
				t.Errorf("body snippet = %q", se.Body)
			}
		})
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	tests := []struct {
		name   string
		jitter func(time.Duration) time.Duration
		want   []time.Duration
	}{
		// Equal jitter: half of the exponential step is fixed, half random.
		{name: "no jitter", jitter: func(time.Duration) time.Duration { return 0 },
			want: []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond, 200 * time.Millisecond}},
		{name: "full jitter", jitter: func(n time.Duration) time.Duration { return n },
			want: []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 400 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := sequence(t, 500)
			rec := &recorder{}
			c := httpx.New(httpx.Options{Base: srv.Client(), MaxAttempts: 5, BaseDelay: 100 * time.Millisecond,
				MaxDelay: 400 * time.Millisecond, Sleep: rec.sleep, Jitter: tt.jitter})
			resp, err := c.Do(get(t, srv.URL))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := rec.waits()
			if len(got) != len(tt.want) {
				t.Fatalf("waits = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("wait %d = %s, want %s", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestRetryAfterOn503IsHonouredUpToMaxDelay(t *testing.T) {
	srv, hits := sequence(t, 503, 200)
	rec := &recorder{}
	c := httpx.New(httpx.Options{Base: srv.Client(), MaxDelay: 3 * time.Second, Sleep: rec.sleep})
	if _, _, err := c.Fetch(get(t, srv.URL)); err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 2 {
		t.Fatalf("hits = %d", hits.Load())
	}
	// Retry-After says 7s; MaxDelay caps it at 3s.
	if w := rec.waits(); len(w) != 1 || w[0] != 3*time.Second {
		t.Errorf("waits = %v, want [3s]", w)
	}
}

func TestConnectionErrorsAreRetried(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			// Drop the connection without a response.
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		_, _ = io.WriteString(w, "fine")
	}))
	defer srv.Close()
	rec := &recorder{}
	c := httpx.New(httpx.Options{Base: srv.Client(), Sleep: rec.sleep})
	_, body, err := c.Fetch(get(t, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != "fine" || hits.Load() != 2 || len(rec.waits()) != 1 {
		t.Errorf("body %q hits %d waits %v", body, hits.Load(), rec.waits())
	}
}

func TestRefusedConnectionGivesUpAfterMaxAttempts(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more
	rec := &recorder{}
	c := httpx.New(httpx.Options{Name: "weather", MaxAttempts: 4, Sleep: rec.sleep})
	_, _, err = c.Fetch(get(t, "http://"+addr+"/data?appid=s3cr3t&q=munich"))
	if err == nil {
		t.Fatal("want an error")
	}
	if len(rec.waits()) != 3 {
		t.Errorf("waits = %v, want 3", rec.waits())
	}
	if strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error leaks the key: %v", err)
	}
	t.Logf("error: %v", err)
	if !strings.Contains(err.Error(), "appid=[redacted]") || !strings.Contains(err.Error(), "connection refused (after 4 attempts)") {
		t.Errorf("error = %v", err)
	}
}

func TestAttemptTimeoutIsRetriedThenReported(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	rec := &recorder{}
	c := httpx.New(httpx.Options{Base: srv.Client(), Timeout: 50 * time.Millisecond, MaxAttempts: 2, Sleep: rec.sleep})
	start := time.Now()
	_, _, err := c.Fetch(get(t, srv.URL))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	if hits.Load() != 2 {
		t.Errorf("hits = %d, want 2", hits.Load())
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %s", took)
	}
}

func TestCallerContextStopsRetries(t *testing.T) {
	srv, hits := sequence(t, 500)
	ctx, cancel := context.WithCancel(t.Context())
	c := httpx.New(httpx.Options{Base: srv.Client(), MaxAttempts: 10, BaseDelay: time.Hour, MaxDelay: time.Hour,
		Sleep: func(ctx context.Context, d time.Duration) error {
			cancel() // the caller gives up while we wait
			return httpx.SleepContext(ctx, d)
		}})
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	_, err := c.Do(req)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if hits.Load() != 1 {
		t.Errorf("hits = %d, want 1", hits.Load())
	}
}

func TestNoRetryPastTheCallerDeadline(t *testing.T) {
	srv, hits := sequence(t, 500)
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	rec := &recorder{}
	c := httpx.New(httpx.Options{Base: srv.Client(), BaseDelay: time.Minute, MaxDelay: time.Minute, Sleep: rec.sleep})
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	_, err := c.Do(req)
	if err == nil || !strings.Contains(err.Error(), "last status 500") {
		t.Fatalf("err = %v", err)
	}
	if hits.Load() != 1 || len(rec.waits()) != 0 {
		t.Errorf("hits %d waits %v", hits.Load(), rec.waits())
	}
}

func TestPostBodyIsResentOnRetry(t *testing.T) {
	var (
		mu     sync.Mutex
		bodies []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		n := len(bodies)
		mu.Unlock()
		if n == 1 {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer srv.Close()
	c := httpx.New(httpx.Options{Base: srv.Client(), Sleep: (&recorder{}).sleep})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL, strings.NewReader("grant_type=refresh_token"))
	if _, _, err := c.Fetch(req); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 2 || bodies[0] != bodies[1] || bodies[1] != "grant_type=refresh_token" {
		t.Errorf("bodies = %q", bodies)
	}
}

func TestSecretsNeverReachTheLog(t *testing.T) {
	srv, _ := sequence(t, 500, 200)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := httpx.New(httpx.Options{Name: "spotify", Base: srv.Client(), Logger: logger, Sleep: (&recorder{}).sleep})
	req := get(t, srv.URL+"/v1/me?access_token=tok-s3cr3t&market=DE")
	req.Header.Set("Authorization", "Bearer tok-s3cr3t")
	req.Header.Set("X-Api-Key", "key-s3cr3t")
	req.Header.Set("Accept", "application/json")
	if _, _, err := c.Fetch(req); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if strings.Contains(out, "s3cr3t") {
		t.Fatalf("a secret reached the log:\n%s", out)
	}
	for _, want := range []string{"http retry", "provider=spotify", "Authorization:[redacted]", "access_token=[redacted]", "market=DE", "Accept:application/json"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://api.openweathermap.org/data/2.5/weather?lat=1&lon=2&appid=abc&units=metric",
			"https://api.openweathermap.org/data/2.5/weather?lat=1&lon=2&appid=[redacted]&units=metric"},
		{"https://user:pw@example.com/x", "https://user:redacted@example.com/x"},
		{"https://example.com/x?API_KEY=1&Token=2&client_secret=3", "https://example.com/x?API_KEY=[redacted]&Token=[redacted]&client_secret=[redacted]"},
		{"https://api.open-meteo.com/v1/forecast?latitude=52.52&current=weather_code", "https://api.open-meteo.com/v1/forecast?latitude=52.52&current=weather_code"},
		{"https://example.com/plain", "https://example.com/plain"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := httpx.RedactURL(u); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := httpx.RedactURLString("%zz://bad?appid=x"); got != httpx.Redacted {
		t.Errorf("unparsable URL = %q", got)
	}
}

func TestRedactHeader(t *testing.T) {
	h := http.Header{}
	h.Set("Authorization", "Basic Zm9vOmJhcg==")
	h.Set("X-Hub-Signature-256", "sha256=00")
	h.Set("Cookie", "session=1")
	h.Set("If-None-Match", `"abc"`)
	got := httpx.RedactHeader(h)
	want := map[string]string{
		"Authorization": httpx.Redacted, "X-Hub-Signature-256": httpx.Redacted,
		"Cookie": httpx.Redacted, "If-None-Match": `"abc"`,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if h.Get("Authorization") != "Basic Zm9vOmJhcg==" {
		t.Error("RedactHeader modified its input")
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", 0},
		{"120", 2 * time.Minute},
		{"0", 0},
		{"-3", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.value != "" {
			h.Set("Retry-After", tt.value)
		}
		if got := httpx.ParseRetryAfter(h, now); got != tt.want {
			t.Errorf("ParseRetryAfter(%q) = %s, want %s", tt.value, got, tt.want)
		}
	}
}

func TestStatusErrorMessage(t *testing.T) {
	e := &httpx.StatusError{Status: 429, RetryAfter: 30 * time.Second, Body: `{"error":"slow down"}`, URL: "https://x/y"}
	want := `unexpected status 429 Too Many Requests from https://x/y (retry after 30s): {"error":"slow down"}`
	if e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
	tests := []struct {
		e    httpx.StatusError
		want bool
	}{
		{httpx.StatusError{Status: 503}, true},
		{httpx.StatusError{Status: 429}, true},
		{httpx.StatusError{Status: 403, RetryAfter: time.Second}, true},
		{httpx.StatusError{Status: 404}, false},
	}
	for _, tt := range tests {
		if got := tt.e.Temporary(); got != tt.want {
			t.Errorf("Temporary(%d) = %v, want %v", tt.e.Status, got, tt.want)
		}
	}
}
