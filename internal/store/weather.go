package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

func (t *tx) InsertWeather(ctx context.Context, w *domain.WeatherState) error {
	_, err := t.exec(ctx, `/* Store.InsertWeather */
INSERT INTO weather_states (id, weather_type, intensity, github_commits_today, coding_hours_today,
  music_mood, actual_weather, productivity_score, creativity_index, stress_level, time_of_day,
  season, source, override_until, started_at, ended_at, created_at)
VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
		w.ID, w.WeatherType, w.Intensity, w.GithubCommitsToday, w.CodingHoursToday,
		nullStr(w.MusicMood), nullStr(w.ActualWeather), nullF(w.ProductivityScore),
		nullF(w.CreativityIndex), nullF(w.StressLevel), nullStr(w.TimeOfDay), nullStr(w.Season),
		w.Source, nullT(w.OverrideUntil), w.StartedAt.UTC(), nullT(w.EndedAt), w.CreatedAt.UTC())
	return err
}

func (t *tx) EndWeather(ctx context.Context, id uuid.UUID, at time.Time) error {
	res, err := t.exec(ctx, `/* Store.EndWeather */
UPDATE weather_states SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`, id, at.UTC())
	if err != nil {
		return err
	}
	return mustAffect(res, "weather state", id.String())
}

// CurrentWeather returns the open state (no ended_at) that started last.
func (t *tx) CurrentWeather(ctx context.Context) (*domain.WeatherState, error) {
	var (
		w                         domain.WeatherState
		mood, actual, tod, season sql.NullString
		prod, creat, stress       sql.NullFloat64
		override, ended           sql.NullTime
	)
	err := t.queryRow(ctx, `/* Store.CurrentWeather */
SELECT id, weather_type, intensity, github_commits_today, coding_hours_today, music_mood,
  actual_weather, productivity_score, creativity_index, stress_level, time_of_day, season,
  source, override_until, started_at, ended_at, created_at
FROM weather_states WHERE ended_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1`).Scan(
		&w.ID, &w.WeatherType, &w.Intensity, &w.GithubCommitsToday, &w.CodingHoursToday, &mood,
		&actual, &prod, &creat, &stress, &tod, &season, &w.Source, &override, &w.StartedAt, &ended,
		&w.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &domain.NotFoundError{Kind: "weather state", Key: "current"}
	}
	if err != nil {
		return nil, translate(err)
	}
	w.MusicMood, w.ActualWeather, w.TimeOfDay, w.Season = mood.String, actual.String, tod.String, season.String
	w.ProductivityScore, w.CreativityIndex, w.StressLevel = fPtr(prod), fPtr(creat), fPtr(stress)
	w.OverrideUntil, w.EndedAt = tPtr(override), tPtr(ended)
	w.StartedAt, w.CreatedAt = w.StartedAt.UTC(), w.CreatedAt.UTC()
	return &w, nil
}
