package domain

import (
	"context"
	"errors"
	"time"
)

// WeatherInput describes a new weather state, from the weather model or a
// manual override by the owner.
type WeatherInput struct {
	WeatherType        string
	Intensity          float64
	GithubCommitsToday int
	CodingHoursToday   float64
	MusicMood          string
	ActualWeather      string
	ProductivityScore  *float64
	CreativityIndex    *float64
	StressLevel        *float64
	TimeOfDay          string
	Season             string
	Manual             bool          // an override by the owner
	For                time.Duration // how long a manual override holds; 0 means 2h
}

func validateWeather(in WeatherInput) error {
	var v Validator
	v.OneOf("weather_type", in.WeatherType, WeatherTypes)
	v.RangeF("intensity", in.Intensity, 0, 1)
	for _, c := range []struct {
		field string
		value *float64
	}{{"productivity_score", in.ProductivityScore}, {"creativity_index", in.CreativityIndex}, {"stress_level", in.StressLevel}} {
		if c.value != nil {
			v.RangeF(c.field, *c.value, 0, 1)
		}
	}
	if in.TimeOfDay != "" {
		v.OneOf("time_of_day", in.TimeOfDay, TimesOfDay)
	}
	if in.Season != "" {
		v.OneOf("season", in.Season, Seasons)
	}
	if in.GithubCommitsToday < 0 {
		v.Add("github_commits_today", "must not be negative")
	}
	if in.CodingHoursToday < 0 || in.CodingHoursToday > 24 {
		v.Add("coding_hours_today", "must be between 0 and 24")
	}
	v.Length("music_mood", in.MusicMood, 0, 50)
	if in.Manual && (in.For < 0 || in.For > 7*24*time.Hour) {
		v.Add("for", "must be between 0 and 168h")
	}
	return v.Err()
}

// sameWeather reports whether nothing a visitor would notice has changed.
func sameWeather(cur *WeatherState, in WeatherInput) bool {
	return cur.WeatherType == in.WeatherType && cur.Intensity == in.Intensity &&
		cur.TimeOfDay == in.TimeOfDay && cur.Season == in.Season &&
		cur.MusicMood == in.MusicMood && cur.ActualWeather == in.ActualWeather
}

// SetWeather records a new weather state. The previous state is closed only
// when something changed; a change emits weather_change. A computed state
// does not replace a manual override that still holds. It returns the current
// state and whether it changed.
func (s *Service) SetWeather(ctx context.Context, in WeatherInput) (*WeatherState, bool, error) {
	if err := validateWeather(in); err != nil {
		return nil, false, err
	}
	var (
		state   *WeatherState
		changed bool
	)
	err := s.store.Update(ctx, func(tx Tx) error {
		now := s.Now()
		cur, err := tx.CurrentWeather(ctx)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if cur != nil && !in.Manual && cur.OverrideUntil != nil && now.Before(*cur.OverrideUntil) {
			state = cur // the owner's override still holds
			return nil
		}
		if cur != nil && !in.Manual && cur.Source == "computed" && sameWeather(cur, in) {
			state = cur
			return nil
		}
		if cur != nil {
			if err := tx.EndWeather(ctx, cur.ID, now); err != nil {
				return err
			}
		}
		state = newWeatherState(s, in, now)
		if err := tx.InsertWeather(ctx, state); err != nil {
			return err
		}
		changed = true
		return s.emit(ctx, tx, EventWeatherChange, nil, map[string]any{
			"weather_type": state.WeatherType, "intensity": state.Intensity,
			"time_of_day": state.TimeOfDay, "season": state.Season, "source": state.Source,
			"music_mood": state.MusicMood,
		})
	})
	return state, changed, err
}

func newWeatherState(s *Service, in WeatherInput, now time.Time) *WeatherState {
	w := &WeatherState{
		ID: s.newID(), WeatherType: in.WeatherType, Intensity: in.Intensity,
		GithubCommitsToday: in.GithubCommitsToday, CodingHoursToday: in.CodingHoursToday,
		MusicMood: in.MusicMood, ActualWeather: in.ActualWeather,
		ProductivityScore: in.ProductivityScore, CreativityIndex: in.CreativityIndex,
		StressLevel: in.StressLevel, TimeOfDay: in.TimeOfDay, Season: in.Season,
		Source: "computed", StartedAt: now, CreatedAt: now,
	}
	if in.Manual {
		hold := in.For
		if hold == 0 {
			hold = 2 * time.Hour
		}
		until := now.Add(hold)
		w.Source, w.OverrideUntil = "manual", &until
	}
	return w
}

// CurrentWeather returns the current weather, or a calm default sky when
// none has been recorded yet (a fresh garden still has weather).
func (s *Service) CurrentWeather(ctx context.Context) (*WeatherState, error) {
	var w *WeatherState
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		w, err = tx.CurrentWeather(ctx)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		now := s.Now()
		return &WeatherState{WeatherType: "sunny", Intensity: 0.5, Source: "default",
			TimeOfDay: "day", Season: SeasonAt(now, true), StartedAt: now, CreatedAt: now}, nil
	}
	return w, err
}

// SeasonAt returns the meteorological season at t, flipped for the southern
// hemisphere.
func SeasonAt(t time.Time, northern bool) string {
	idx := (int(t.Month()) % 12) / 3 // Dec-Feb 0, Mar-May 1, Jun-Aug 2, Sep-Nov 3
	if !northern {
		idx = (idx + 2) % 4
	}
	return []string{"winter", "spring", "summer", "autumn"}[idx]
}
