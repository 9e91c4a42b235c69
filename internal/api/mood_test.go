package api_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// TestMoodUpdateInfersWeather: POST /weather/mood-update takes a mood alone
// and draws the sky with the weather model's rule; an override keeps the
// current time of day and season, in the state and in its weather_change.
func TestMoodUpdateInfersWeather(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// The worker's last computed state: a winter night (21 June at noon
		// UTC is night and winter in Wellington).
		night := e.clock.Now()
		computed, _, err := e.svc.UpdateWeather(ctx(), domain.WeatherSignals{Now: night, Latitude: -41.29, Longitude: 174.78})
		if err != nil || computed.TimeOfDay != "night" || computed.Season != "winter" {
			t.Fatalf("computed weather: %+v %v", computed, err)
		}
		tests := []struct {
			name, body, wantType string
			wantIntensity        float64
		}{
			{"stress alone is a storm, as in the model", `{"stress_level":0.65,"music_mood":"calm"}`, "stormy", 0.7},
			{"a productive night is an aurora", `{"productivity_score":0.7}`, "aurora", 0.7},
			{"a quiet night is starry", `{"music_mood":"calm"}`, "starry", 1},
			{"an explicit type takes the rule's intensity", `{"weather_type":"sunny","productivity_score":0.5}`, "sunny", 0.7},
			{"an explicit intensity wins", `{"weather_type":"cloudy","intensity":0.2}`, "cloudy", 0.2},
		}
		for _, tc := range tests {
			e.clock.Add(time.Minute)
			res, body := e.do(http.MethodPost, "/api/v1/weather/mood-update", tc.body, e.adminHeader())
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", tc.name, res.StatusCode, body)
			}
			var u wireapi.WeatherUpdate
			if err := json.Unmarshal(body, &u); err != nil {
				t.Fatal(err)
			}
			w := u.Weather
			if w.WeatherType != tc.wantType || w.Intensity != tc.wantIntensity || w.Source != "manual" {
				t.Errorf("%s: %s at %v (%s), want %s at %v", tc.name, w.WeatherType, w.Intensity, w.Source, tc.wantType, tc.wantIntensity)
			}
			if w.TimeOfDay != "night" || w.Season != "winter" {
				t.Errorf("%s: time of day %q, season %q; want the current night and winter kept", tc.name, w.TimeOfDay, w.Season)
			}
		}
		events, err := e.svc.EventsSince(ctx(), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range events {
			if ev.Type != domain.EventWeatherChange {
				continue
			}
			var data struct {
				TimeOfDay string `json:"time_of_day"`
				Season    string `json:"season"`
			}
			if err := json.Unmarshal(ev.Data, &data); err != nil || data.TimeOfDay != "night" || data.Season != "winter" {
				t.Errorf("weather_change %s: time of day and season lost: %v", ev.Data, err)
			}
		}
	})
}
