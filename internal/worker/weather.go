package worker

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/wakatime"
)

// lastKnown holds the latest successful reading of each provider, so a
// provider that fails or times out leaves the garden as it was rather than
// resetting it.
type lastKnown struct {
	mu          sync.Mutex
	codingDay   string // the local day codingHours belongs to
	codingHours float64
	haveCoding  bool
	mood        string
	haveMood    bool
	actual      string
	sunrise     time.Time
	sunset      time.Time
	haveSky     bool
}

// readSignals asks each provider once and records what it learnt.
func (w *Worker) readSignals(ctx context.Context) {
	day := w.localMidnight().Format(time.DateOnly)
	if w.waka.Configured() {
		today, err := w.waka.Today(ctx)
		switch {
		case err == nil:
			w.quiet.ok("wakatime")
			w.last.mu.Lock()
			w.last.codingDay, w.last.codingHours, w.last.haveCoding = day, today.Hours, true
			w.last.mu.Unlock()
		case errors.Is(err, wakatime.ErrPending):
			w.log.Info("wakatime: today's stats are being computed; keeping the last reading")
		default:
			w.quiet.failed("wakatime", "wakatime.api_key", "wakatime: keeping the last reading", err)
		}
	}
	if mood, err := w.spotify.Mood(ctx); err != nil {
		w.quiet.failed("spotify", "spotify.client_id, spotify.client_secret, spotify.refresh_token",
			"spotify: keeping the last mood", err)
	} else {
		w.quiet.ok("spotify")
		w.last.mu.Lock()
		w.last.mood, w.last.haveMood = mood, true
		w.last.mu.Unlock()
	}
	if cond, err := w.sky.Current(ctx); err != nil {
		w.quiet.failed("weather provider", "weather.open_meteo_url (or weather.api_key for OpenWeatherMap)",
			"weather provider: keeping the last sky", err)
	} else {
		w.quiet.ok("weather provider")
		w.last.mu.Lock()
		w.last.actual, w.last.sunrise, w.last.sunset, w.last.haveSky = cond.ActualWeather, cond.Sunrise, cond.Sunset, true
		w.last.mu.Unlock()
	}
}

// localMidnight is the start of today in analytics.timezone.
func (w *Worker) localMidnight() time.Time { return LocalMidnight(w.cfg.Analytics.Timezone, w.now()) }

// LocalMidnight is the start of now's day in the time zone tz (UTC when
// empty or unknown): "today" for github_commits_today.
func LocalMidnight(tz string, now time.Time) time.Time {
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "" {
		loc = time.UTC
	}
	now = now.In(loc)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
}

// UpdateWeather is the update_weather_conditions job: it reads the
// providers, falls back on the last known readings (in memory, else those of
// the current computed weather state), computes the weather and records it.
// A change is counted in weather_changes_total.
func (w *Worker) UpdateWeather(ctx context.Context) (*domain.WeatherState, bool, error) {
	w.readSignals(ctx)
	midnight := w.localMidnight()
	commits, projects, err := w.svc.CommitActivitySince(ctx, midnight)
	if err != nil {
		return nil, false, err
	}
	sig := domain.WeatherSignals{Now: w.now(), Latitude: w.cfg.Weather.Latitude, Longitude: w.cfg.Weather.Longitude,
		CommitsToday: commits, ProjectsToday: projects}
	w.last.mu.Lock()
	haveCoding, haveMood, haveSky := w.last.haveCoding && w.last.codingDay == midnight.Format(time.DateOnly), w.last.haveMood, w.last.haveSky
	if haveCoding {
		sig.CodingHours = w.last.codingHours
	}
	sig.MusicMood, sig.ActualWeather, sig.Sunrise, sig.Sunset = w.last.mood, w.last.actual, w.last.sunrise, w.last.sunset
	w.last.mu.Unlock()
	if !haveCoding || !haveMood || !haveSky {
		// Nothing read since this process started: the current state holds
		// the last readings another run stored.
		cur, err := w.svc.CurrentWeather(ctx)
		if err != nil {
			return nil, false, err
		}
		if cur.Source != "default" {
			if !haveCoding && w.waka.Configured() && !cur.StartedAt.Before(midnight) {
				sig.CodingHours = cur.CodingHoursToday
			}
			if !haveMood {
				sig.MusicMood = cur.MusicMood
			}
			if !haveSky {
				sig.ActualWeather = cur.ActualWeather
			}
		}
	}
	state, changed, err := w.svc.UpdateWeather(ctx, sig)
	if err != nil {
		return nil, false, err
	}
	if changed {
		w.metrics.weather.WithLabelValues(state.WeatherType).Inc()
	}
	return state, changed, nil
}
