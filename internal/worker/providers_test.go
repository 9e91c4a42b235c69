package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/weather"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

func withSpotify(cfg *config.Config, _ *Deps) {
	cfg.Spotify.ClientID, cfg.Spotify.ClientSecret, cfg.Spotify.RefreshToken = "client-id", "client-secret", "refresh-token"
}

// fakeSpotifyAuth issues access-1, access-2, ... and refuses the tokens in refused.
type fakeSpotifyAuth struct {
	mu      sync.Mutex
	issued  int
	refused map[string]bool
}

func (e *env) spotifyAuth(refused ...string) *fakeSpotifyAuth {
	a := &fakeSpotifyAuth{refused: map[string]bool{}}
	for _, r := range refused {
		a.refused[r] = true
	}
	e.world.handle("/spotify/accounts/api/token", func(w http.ResponseWriter, _ *http.Request) {
		a.mu.Lock()
		a.issued++
		tok := "access-" + string(rune('0'+a.issued))
		a.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600})
	})
	return a
}

func (a *fakeSpotifyAuth) guard(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		refused := a.refused[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		a.mu.Unlock()
		if refused {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":{"status":401,"message":"The access token expired"}}`))
			return
		}
		next(w, r)
	}
}

func TestSpotifyState(t *testing.T) {
	ctx := context.Background()
	t.Run("not configured", func(t *testing.T) {
		e := newEnv(t, storetest.Open(t, store.SQLite))
		st, err := e.w.Spotify().Current(ctx)
		if err != nil || st.Configured || st.IsPlaying {
			t.Fatalf("%+v %v", st, err)
		}
	})
	t.Run("401 then refresh, cached five minutes", func(t *testing.T) {
		e := newEnv(t, storetest.Open(t, store.SQLite), withSpotify)
		auth := e.spotifyAuth("access-1")
		// The recorded track is paused; this variant, derived in memory,
		// is playing.
		track := bytes.Replace(readFixture(t, "spotify", "me.player.currently-playing.track.json"),
			[]byte(`"is_playing": false`), []byte(`"is_playing": true`), 1)
		e.world.handle("/spotify/v1/me/player/currently-playing", auth.guard(serveBody(200, track)))
		e.world.handle("/spotify/v1/artists/0LcJLqbBmaGUft1e9Mm8HV",
			auth.guard(serveBody(200, readFixture(t, "spotify", "artists.get.json"))))
		st, err := e.w.Spotify().Current(ctx)
		if err != nil || !st.Configured || !st.IsPlaying || st.Track == nil || *st.Track != "Dancing Queen" ||
			len(st.Artists) != 1 || st.Artists[0] != "ABBA" || st.Mood != "calm" || len(st.Genres) != 2 {
			t.Fatalf("state: %+v %v", st, err)
		}
		if auth.issued != 2 {
			t.Errorf("%d tokens issued, want 2 (one refused, one refreshed)", auth.issued)
		}
		calls := e.world.count("/spotify/v1/me/player/currently-playing")
		e.clock.Add(4 * time.Minute)
		if _, err := e.w.Spotify().Current(ctx); err != nil || e.world.count("/spotify/v1/me/player/currently-playing") != calls {
			t.Fatalf("not served from the cache: %v", err)
		}
		// Past the TTL Spotify fails: the last known state is served.
		e.clock.Add(2 * time.Minute)
		e.world.handle("/spotify/v1/me/player/currently-playing", serveBody(503, []byte(`{}`)))
		again, err := e.w.Spotify().Current(ctx)
		if err != nil || again.Track == nil || *again.Track != "Dancing Queen" || !again.FetchedAt.Equal(*st.FetchedAt) {
			t.Fatalf("stale state: %+v %v", again, err)
		}
	})
	t.Run("204 nothing playing", func(t *testing.T) {
		e := newEnv(t, storetest.Open(t, store.SQLite), withSpotify)
		auth := e.spotifyAuth()
		e.world.handle("/spotify/v1/me/player/currently-playing", auth.guard(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusNoContent)
		}))
		st, err := e.w.Spotify().Current(ctx)
		if err != nil || !st.Configured || st.IsPlaying || st.Track != nil || st.Mood != "silent" {
			t.Fatalf("%+v %v", st, err)
		}
	})
}

func TestWeatherKeepsLastKnownReadings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var hang bool
		var mu sync.Mutex
		e := newEnv(t, db, func(cfg *config.Config, d *Deps) {
			cfg.WakaTime.APIKey = "waka-key"
			cfg.Weather.Latitude, cfg.Weather.Longitude = 40.78858, -73.9661
		})
		// A provider with a short budget, so the timeout is quick.
		e.w.sky = weather.New(weather.Config{Latitude: 40.78858, Longitude: -73.9661, OpenMeteoURL: e.cfg.Weather.OpenMeteoURL,
			Timeout: 300 * time.Millisecond, HTTPClient: httpx.New(httpx.Options{Base: e.srv.Client(), Sleep: noSleep,
				Timeout: 100 * time.Millisecond, MaxAttempts: 2})})
		meteo := readFixture(t, "weather", "open-meteo.forecast.current.json")
		e.world.handle("/meteo/v1/forecast", func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			h := hang
			mu.Unlock()
			if h {
				select {
				case <-r.Context().Done():
				case <-time.After(2 * time.Second):
				}
				return
			}
			_, _ = w.Write(meteo)
		})
		waka := readFixture(t, "wakatime", "users.current.status_bar.today.json")
		e.world.handle("/waka/users/current/status_bar/today", serveBody(200, waka))
		ctx := context.Background()

		first, changed, err := e.w.UpdateWeather(ctx)
		if err != nil || !changed {
			t.Fatalf("first update: %+v %v %v", first, changed, err)
		}
		// The fixture's weather_code 3 is overcast; WakaTime says 2 h 17 min.
		if first.ActualWeather != "clouds" || first.CodingHoursToday != 2.29 || first.TimeOfDay != "day" {
			t.Fatalf("first state: %+v", first)
		}
		if n := e.counter(e.w.metrics.weather, first.WeatherType); n != 1 {
			t.Errorf("weather_changes_total{%s} = %v", first.WeatherType, n)
		}

		// WakaTime is still computing (202) or limits us (429), and the
		// weather provider times out: the garden keeps what it knew.
		mu.Lock()
		hang = true
		mu.Unlock()
		for _, status := range []int{http.StatusAccepted, http.StatusTooManyRequests} {
			e.world.handle("/waka/users/current/status_bar/today", serveBody(status, []byte(`{}`)))
			e.clock.Add(15 * time.Minute)
			got, changed, err := e.w.UpdateWeather(ctx)
			if err != nil || changed || got.ID != first.ID || got.ActualWeather != "clouds" || got.CodingHoursToday != 2.29 {
				t.Fatalf("after %d and a timeout: changed=%v %+v %v", status, changed, got, err)
			}
		}
		// A fresh process knows nothing in memory: it falls back on the state.
		e.w.last = &lastKnown{}
		got, changed, err := e.w.UpdateWeather(ctx)
		if err != nil || changed || got.ActualWeather != "clouds" {
			t.Fatalf("fresh process: changed=%v %+v %v", changed, got, err)
		}
	})
}
