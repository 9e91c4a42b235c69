package weather

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// openMeteo asks Open-Meteo's forecast endpoint for the current weather and
// today's sunrise and sunset.
type openMeteo struct{ cfg Config }

// openMeteoJSON accepts both the newer current= block and the legacy
// current_weather=true block, with times as unix seconds or as ISO-8601
// local times (no zone; utc_offset_seconds gives it).
type openMeteoJSON struct {
	Timezone         string `json:"timezone"`
	UTCOffsetSeconds int    `json:"utc_offset_seconds"`
	Current          *struct {
		Time          json.RawMessage `json:"time"`
		Temperature2m *float64        `json:"temperature_2m"`
		WeatherCode   *int            `json:"weather_code"`
	} `json:"current"`
	CurrentWeather *struct {
		Time        json.RawMessage `json:"time"`
		Temperature *float64        `json:"temperature"`
		WeatherCode *int            `json:"weathercode"`
	} `json:"current_weather"`
	Daily *struct {
		Time    []json.RawMessage `json:"time"`
		Sunrise []json.RawMessage `json:"sunrise"`
		Sunset  []json.RawMessage `json:"sunset"`
	} `json:"daily"`
}

func (p *openMeteo) Current(ctx context.Context) (*Conditions, error) {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
	defer cancel()
	q := url.Values{
		"latitude":      {formatCoord(p.cfg.Latitude)},
		"longitude":     {formatCoord(p.cfg.Longitude)},
		"current":       {"temperature_2m,weather_code,is_day"},
		"daily":         {"sunrise,sunset"},
		"timezone":      {"auto"},
		"timeformat":    {"unixtime"},
		"forecast_days": {"1"},
	}
	body, err := fetch(ctx, p.cfg, p.cfg.OpenMeteoURL+"forecast?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("weather: open-meteo: %w", err)
	}
	var raw openMeteoJSON
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("weather: open-meteo: decode: %w", err)
	}
	loc := time.FixedZone(raw.Timezone, raw.UTCOffsetSeconds)
	c := &Conditions{Source: SourceOpenMeteo, Place: raw.Timezone}
	var (
		temp *float64
		code *int
	)
	switch {
	case raw.Current != nil:
		temp, code = raw.Current.Temperature2m, raw.Current.WeatherCode
		c.ObservedAt, _ = parseTime(raw.Current.Time, loc)
	case raw.CurrentWeather != nil:
		temp, code = raw.CurrentWeather.Temperature, raw.CurrentWeather.WeatherCode
		c.ObservedAt, _ = parseTime(raw.CurrentWeather.Time, loc)
	default:
		return nil, errors.New("weather: open-meteo: the response has neither current nor current_weather")
	}
	if temp == nil || code == nil {
		return nil, errors.New("weather: open-meteo: the response lacks the temperature or the weather code")
	}
	c.TemperatureC, c.Code = *temp, *code
	c.ActualWeather, c.Description = FromWMO(*code), wmoDescription(*code)
	if d := raw.Daily; d != nil {
		i := todayIndex(d.Time, c.ObservedAt, loc)
		if i < len(d.Sunrise) {
			c.Sunrise, _ = parseTime(d.Sunrise[i], loc)
		}
		if i < len(d.Sunset) {
			c.Sunset, _ = parseTime(d.Sunset[i], loc)
		}
	}
	return c, nil
}

// todayIndex picks the daily entry of the observation's local date, or the
// first one.
func todayIndex(days []json.RawMessage, observed time.Time, loc *time.Location) int {
	if observed.IsZero() {
		return 0
	}
	want := observed.In(loc).Format(time.DateOnly)
	for i, d := range days {
		if t, ok := parseTime(d, loc); ok && t.In(loc).Format(time.DateOnly) == want {
			return i
		}
	}
	return 0
}

// parseTime reads unix seconds or an ISO-8601 local time ("2006-01-02T15:04"
// or a date) in loc, and returns it in UTC.
func parseTime(raw json.RawMessage, loc *time.Location) (time.Time, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return time.Time{}, false
	}
	if raw[0] != '"' {
		secs, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.Unix(int64(secs), 0).UTC(), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// openWeatherMap asks OpenWeatherMap's current weather endpoint.
type openWeatherMap struct{ cfg Config }

type owmJSON struct {
	Weather []struct {
		ID          int    `json:"id"`
		Main        string `json:"main"`
		Description string `json:"description"`
	} `json:"weather"`
	Main *struct {
		Temp *float64 `json:"temp"`
	} `json:"main"`
	Dt  int64 `json:"dt"`
	Sys struct {
		Sunrise int64 `json:"sunrise"`
		Sunset  int64 `json:"sunset"`
	} `json:"sys"`
	Name string `json:"name"`
}

func (p *openWeatherMap) Current(ctx context.Context) (*Conditions, error) {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
	defer cancel()
	q := url.Values{
		"lat":   {formatCoord(p.cfg.Latitude)},
		"lon":   {formatCoord(p.cfg.Longitude)},
		"units": {"metric"},
		"appid": {p.cfg.APIKey},
	}
	body, err := fetch(ctx, p.cfg, p.cfg.OpenWeatherMapURL+"weather?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("weather: openweathermap: %w", err)
	}
	var raw owmJSON
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("weather: openweathermap: decode: %w", err)
	}
	if len(raw.Weather) == 0 || raw.Main == nil || raw.Main.Temp == nil {
		return nil, errors.New("weather: openweathermap: the response lacks weather[] or main.temp")
	}
	// weather[0] is OpenWeatherMap's primary condition.
	w := raw.Weather[0]
	c := &Conditions{
		ActualWeather: FromOWM(w.ID),
		Code:          w.ID,
		Description:   w.Description,
		TemperatureC:  *raw.Main.Temp,
		Place:         raw.Name,
		Source:        SourceOpenWeatherMap,
	}
	if raw.Dt > 0 {
		c.ObservedAt = time.Unix(raw.Dt, 0).UTC()
	}
	if raw.Sys.Sunrise > 0 {
		c.Sunrise = time.Unix(raw.Sys.Sunrise, 0).UTC()
	}
	if raw.Sys.Sunset > 0 {
		c.Sunset = time.Unix(raw.Sys.Sunset, 0).UTC()
	}
	return c, nil
}

func fetch(ctx context.Context, cfg Config, rawURL string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, errors.New("build request: invalid URL") // the URL may hold the key: not echoed
	}
	req.Header.Set("Accept", "application/json")
	_, body, err := cfg.HTTPClient.Fetch(req)
	if err != nil {
		return nil, err
	}
	return body, nil
}

func formatCoord(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
