package wakatime_test

import (
	"context"
	"encoding/base64"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/fixtures"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/wakatime"
)

const apiKey = "waka_0000-test-key"

func TestToday(t *testing.T) {
	body := fixtures.Read(t, "wakatime", "users.current.status_bar.today.json")
	type reply struct {
		status  int
		headers map[string]string
		body    []byte
	}
	ok := reply{status: 200, body: body}
	tests := []struct {
		name     string
		replies  []reply // served in order, the last one repeated
		wantHits int32
		check    func(t *testing.T, got *wakatime.Today, err error)
	}{
		{
			name: "recorded day", replies: []reply{ok}, wantHits: 1,
			check: func(t *testing.T, got *wakatime.Today, err error) {
				if err != nil {
					t.Fatal(err)
				}
				secs := 8256.598234 // grand_total.total_seconds
				want := wakatime.Today{
					TotalSeconds: secs, Hours: secs / 3600, Text: "2 hrs 17 mins",
					Date: "2023-01-29", Timezone: "America/Sao_Paulo",
					Start: time.Date(2023, 1, 29, 3, 0, 0, 0, time.UTC), End: time.Date(2023, 1, 30, 2, 59, 59, 0, time.UTC),
					Languages:  []wakatime.Stat{{"Go", 7009.317188, 86.15}, {"Other", 971.489169, 13.85}},
					Projects:   []wakatime.Stat{{"wakatime-cli", 7424.621273, 97.53}, {"Terminal", 182.934009, 2.46}},
					Editors:    []wakatime.Stat{{"VS Code", 7447.112447, 90.2}, {"Zsh-Wakatime-Sobolevn", 809.485787, 9.8}},
					Categories: []wakatime.Stat{{"Coding", 8256.598234, 99.02}, {"Debugging", 7.100772, 0.08}},
				}
				if !reflect.DeepEqual(*got, want) {
					t.Errorf("got\n %+v\nwant\n %+v", *got, want)
				}
				if math.Abs(got.Hours-2.2935) > 0.0001 {
					t.Errorf("Hours = %v", got.Hours)
				}
			},
		},
		{
			name: "202 still computing", replies: []reply{{status: 202, body: []byte(`{"data":{}}`)}}, wantHits: 1,
			check: func(t *testing.T, got *wakatime.Today, err error) {
				if !errors.Is(err, wakatime.ErrPending) || got != nil {
					t.Fatalf("Today = %v, %v; want ErrPending", got, err)
				}
			},
		},
		{
			name: "429 is a rate limit, not retried", replies: []reply{{status: 429, headers: map[string]string{"Retry-After": "60"}}, ok}, wantHits: 1,
			check: func(t *testing.T, got *wakatime.Today, err error) {
				var rl *wakatime.RateLimitError
				if !errors.As(err, &rl) || rl.RetryAfter != time.Minute {
					t.Fatalf("err = %v, want RateLimitError{1m}", err)
				}
			},
		},
		{
			name: "401 is reported, not retried", replies: []reply{{status: 401, body: []byte(`{"error":"Unauthorized"}`)}, ok}, wantHits: 1,
			check: func(t *testing.T, got *wakatime.Today, err error) {
				var se *httpx.StatusError
				if !errors.As(err, &se) || se.Status != 401 {
					t.Fatalf("err = %v", err)
				}
			},
		},
		{
			name: "502 then 200 is retried", replies: []reply{{status: 502}, ok}, wantHits: 2,
			check: func(t *testing.T, got *wakatime.Today, err error) {
				if err != nil || got.Date != "2023-01-29" {
					t.Fatalf("Today = %+v, %v", got, err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := int(hits.Add(1))
				if r.URL.Path != "/api/v1/users/current/status_bar/today" {
					t.Errorf("path = %q", r.URL.Path)
				}
				if got, want := r.Header.Get("Authorization"), "Basic "+base64.StdEncoding.EncodeToString([]byte(apiKey)); got != want {
					t.Errorf("Authorization = %q, want %q", got, want)
				}
				rep := tt.replies[min(n, len(tt.replies))-1]
				for k, v := range rep.headers {
					w.Header().Set(k, v)
				}
				w.WriteHeader(rep.status)
				_, _ = w.Write(rep.body)
			}))
			defer srv.Close()
			c := wakatime.New(wakatime.Options{APIKey: apiKey, BaseURL: srv.URL + "/api/v1",
				HTTPClient: httpx.New(httpx.Options{Name: "wakatime", Base: srv.Client(),
					Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})})
			got, err := c.Today(t.Context())
			tt.check(t, got, err)
			if hits.Load() != tt.wantHits {
				t.Errorf("hits = %d, want %d", hits.Load(), tt.wantHits)
			}
		})
	}
}

func TestTodayNotConfigured(t *testing.T) {
	c := wakatime.New(wakatime.Options{})
	if c.Configured() {
		t.Fatal("Configured() without a key")
	}
	if _, err := c.Today(t.Context()); !errors.Is(err, wakatime.ErrNotConfigured) {
		t.Fatalf("err = %v", err)
	}
}

func TestTodayToleratesMissingFields(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"data":{"grand_total":{"total_seconds":5400},"range":{"date":"2026-11-25"},"extra":[1,2]}}`))
	}))
	defer srv.Close()
	c := wakatime.New(wakatime.Options{APIKey: apiKey, BaseURL: srv.URL, HTTPClient: httpx.New(httpx.Options{Base: srv.Client()})})
	got, err := c.Today(t.Context())
	if err != nil || got.Hours != 1.5 || got.Date != "2026-11-25" || len(got.Languages) != 0 || !got.Start.IsZero() {
		t.Fatalf("Today = %+v, %v", got, err)
	}
}
