package weather_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/fixtures"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/weather"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	return fixtures.Read(t, "weather", name)
}

func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func TestCurrent(t *testing.T) {
	tests := []struct {
		name      string
		apiKey    string
		lat, lon  float64
		path      string // where the client must ask
		file      string
		wantQuery map[string]string
		want      weather.Conditions
	}{
		{
			// Legacy block, unix times: Munich, WMO 2 (partly cloudy).
			name: "open-meteo current_weather", lat: 48.14, lon: 11.58, path: "/v1/forecast",
			file: "open-meteo.forecast.current_weather.json",
			wantQuery: map[string]string{"latitude": "48.14", "longitude": "11.58", "timeformat": "unixtime",
				"daily": "sunrise,sunset", "current": "temperature_2m,weather_code,is_day"},
			want: weather.Conditions{ActualWeather: weather.Clouds, Code: 2, Description: "partly cloudy", TemperatureC: 8.5,
				Sunrise:    time.Unix(1770445978, 0).UTC(), // 2026-02-07 07:32:58 CET
				Sunset:     time.Unix(1770481348, 0).UTC(),
				ObservedAt: time.Unix(1770477300, 0).UTC(), Place: "Europe/Berlin", Source: weather.SourceOpenMeteo},
		},
		{
			// Newer block, ISO local times without zone: New York, WMO 3 (overcast).
			name: "open-meteo current", lat: 40.78858, lon: -73.9661, path: "/v1/forecast",
			file:      "open-meteo.forecast.current.json",
			wantQuery: map[string]string{"latitude": "40.78858", "longitude": "-73.9661"},
			want: weather.Conditions{ActualWeather: weather.Clouds, Code: 3, Description: "overcast", TemperatureC: -1.4,
				Sunrise:    time.Date(2026, 2, 6, 12, 0, 0, 0, time.UTC), // 07:00 at UTC-5
				Sunset:     time.Date(2026, 2, 6, 22, 19, 0, 0, time.UTC),
				ObservedAt: time.Date(2026, 2, 6, 21, 30, 0, 0, time.UTC), Place: "America/New_York", Source: weather.SourceOpenMeteo},
		},
		{
			// weather[0] is 615 "light rain and snow": snow wins over the 500 after it.
			name: "openweathermap", apiKey: "owm-test-key", lat: 48.14, lon: 11.58, path: "/data/2.5/weather",
			file:      "openweathermap.weather.current.json",
			wantQuery: map[string]string{"lat": "48.14", "lon": "11.58", "units": "metric", "appid": "owm-test-key"},
			want: weather.Conditions{ActualWeather: weather.Snow, Code: 615, Description: "light rain and snow", TemperatureC: 1.49,
				Sunrise: time.Unix(1547362817, 0).UTC(), Sunset: time.Unix(1547394301, 0).UTC(),
				ObservedAt: time.Unix(1547387400, 0).UTC(), Place: "Munich", Source: weather.SourceOpenWeatherMap},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := readFixture(t, tt.file)
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if r.URL.Path != tt.path {
					t.Errorf("path = %q, want %q", r.URL.Path, tt.path)
					http.NotFound(w, r)
					return
				}
				for k, v := range tt.wantQuery {
					if got := r.URL.Query().Get(k); got != v {
						t.Errorf("query %s = %q, want %q", k, got, v)
					}
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(body)
			}))
			defer srv.Close()
			p := weather.New(weather.Config{
				APIKey: tt.apiKey, Latitude: tt.lat, Longitude: tt.lon,
				OpenMeteoURL: srv.URL + "/v1/", OpenWeatherMapURL: srv.URL + "/data/2.5",
				HTTPClient: httpx.New(httpx.Options{Name: "weather", Base: srv.Client(), Sleep: noSleep}),
			})
			got, err := p.Current(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got\n %+v\nwant\n %+v", *got, tt.want)
			}
			if hits.Load() != 1 {
				t.Errorf("hits = %d", hits.Load())
			}
		})
	}
}

func TestProviderTimeoutReturnsWithinTheTimeout(t *testing.T) {
	const timeout = 200 * time.Millisecond
	tests := []struct {
		name   string
		apiKey string
		custom bool // an injected HTTP client whose own attempt timeout is far longer
	}{
		{name: "open-meteo"},
		{name: "openweathermap", apiKey: "owm-secret-key"},
		{name: "open-meteo, lenient client", custom: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select { // far longer than the timeout
				case <-r.Context().Done():
				case <-release:
				case <-time.After(10 * time.Second):
				}
			}))
			defer srv.Close()
			defer close(release)
			cfg := weather.Config{APIKey: tt.apiKey, Latitude: 1, Longitude: 2, Timeout: timeout,
				OpenMeteoURL: srv.URL, OpenWeatherMapURL: srv.URL}
			if tt.custom {
				cfg.HTTPClient = httpx.New(httpx.Options{Base: srv.Client(), Timeout: time.Minute, Sleep: noSleep})
			}
			start := time.Now()
			got, err := weather.New(cfg).Current(t.Context())
			took := time.Since(start)
			t.Logf("after %s: %v", took, err)
			if err == nil || got != nil {
				t.Fatalf("Current = %+v, %v; want an error", got, err)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want it to wrap context.DeadlineExceeded", err)
			}
			if took > timeout+300*time.Millisecond {
				t.Errorf("returned after %s, timeout %s", took, timeout)
			}
			if strings.Contains(err.Error(), "owm-secret-key") {
				t.Errorf("error leaks the key: %v", err)
			}
		})
	}
}

func TestOpenWeatherMapErrorDoesNotLeakTheKey(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"cod":401, "message": "Invalid API key. Please see https://openweathermap.org/faq#error401 for more info."}`))
	}))
	defer srv.Close()
	_, err := weather.New(weather.Config{APIKey: "owm-secret-key", OpenWeatherMapURL: srv.URL,
		HTTPClient: httpx.New(httpx.Options{Base: srv.Client(), Sleep: noSleep})}).Current(t.Context())
	var se *httpx.StatusError
	if !errors.As(err, &se) || se.Status != 401 || !strings.Contains(se.Body, "Invalid API key") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "owm-secret-key") || !strings.Contains(err.Error(), "appid=[redacted]") {
		t.Errorf("error = %v", err)
	}
}

func TestIncompleteResponses(t *testing.T) {
	tests := []struct {
		name, apiKey, body, want string
	}{
		{"open-meteo without current", "", `{"latitude":1,"daily":{"sunrise":[0],"sunset":[0]}}`, "neither current nor current_weather"},
		{"open-meteo without code", "", `{"current":{"temperature_2m":3}}`, "lacks the temperature or the weather code"},
		{"open-meteo not JSON", "", `<html>`, "decode"},
		{"openweathermap without weather", "k", `{"main":{"temp":3},"weather":[]}`, "lacks weather[] or main.temp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			_, err := weather.New(weather.Config{APIKey: tt.apiKey, OpenMeteoURL: srv.URL, OpenWeatherMapURL: srv.URL,
				HTTPClient: httpx.New(httpx.Options{Base: srv.Client()})}).Current(t.Context())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestFromWMO(t *testing.T) {
	tests := map[string][]int{
		weather.Clear:  {0, 1},
		weather.Clouds: {2, 3, 4, 100, -1},
		weather.Fog:    {45, 48},
		weather.Rain:   {51, 53, 55, 56, 57, 61, 63, 65, 66, 67, 80, 81, 82},
		weather.Snow:   {71, 73, 75, 77, 85, 86},
		weather.Storm:  {95, 96, 99},
	}
	for want, codes := range tests {
		for _, code := range codes {
			if got := weather.FromWMO(code); got != want {
				t.Errorf("FromWMO(%d) = %q, want %q", code, got, want)
			}
		}
	}
}

func TestFromOWM(t *testing.T) {
	tests := map[string][]int{
		weather.Storm:  {200, 211, 232, 771, 781},
		weather.Rain:   {300, 321, 500, 511, 531},
		weather.Snow:   {600, 611, 615, 622},
		weather.Fog:    {701, 711, 721, 731, 741, 751, 761, 762},
		weather.Clear:  {800},
		weather.Clouds: {801, 802, 803, 804, 0, 900},
	}
	for want, ids := range tests {
		for _, id := range ids {
			if got := weather.FromOWM(id); got != want {
				t.Errorf("FromOWM(%d) = %q, want %q", id, got, want)
			}
		}
	}
	if got := weather.Vocabulary(); !reflect.DeepEqual(got, []string{"clear", "clouds", "rain", "snow", "storm", "fog"}) {
		t.Errorf("Vocabulary = %v", got)
	}
}
