// Package weather reads the real sky at the garden's place: Open-Meteo by
// default (no key), OpenWeatherMap when an API key is configured. Both are
// reduced to one small vocabulary for weather_states.actual_weather, plus
// the temperature and the day's sunrise and sunset.
package weather

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
)

// The actual_weather vocabulary.
const (
	Clear  = "clear"
	Clouds = "clouds"
	Rain   = "rain"
	Snow   = "snow"
	Storm  = "storm"
	Fog    = "fog"
)

// Vocabulary lists every ActualWeather value, in a stable order.
func Vocabulary() []string { return []string{Clear, Clouds, Rain, Snow, Storm, Fog} }

// Provider sources.
const (
	SourceOpenMeteo      = "open-meteo"
	SourceOpenWeatherMap = "openweathermap"
)

// Default endpoints and budget.
const (
	DefaultOpenMeteoURL      = "https://api.open-meteo.com/v1/"
	DefaultOpenWeatherMapURL = "https://api.openweathermap.org/data/2.5/"
	DefaultTimeout           = 10 * time.Second
)

// Conditions is the weather now at the configured place.
type Conditions struct {
	// ActualWeather is one of Clear, Clouds, Rain, Snow, Storm, Fog.
	ActualWeather string
	// Code is the provider's own code: a WMO weather code (Open-Meteo) or
	// an OpenWeatherMap condition id.
	Code         int
	Description  string // OpenWeatherMap's description, or the WMO code's meaning
	TemperatureC float64
	// Sunrise and Sunset are today's, in UTC (zero when the provider did
	// not send them).
	Sunrise, Sunset time.Time
	ObservedAt      time.Time // UTC
	Place           string    // OpenWeatherMap's place name; the time zone for Open-Meteo
	Source          string    // SourceOpenMeteo or SourceOpenWeatherMap
}

// Provider gives the current conditions.
type Provider interface {
	Current(ctx context.Context) (*Conditions, error)
}

// Config chooses and configures a provider.
type Config struct {
	// APIKey switches to OpenWeatherMap; empty means Open-Meteo. Sent as
	// the appid query parameter, it is redacted from logs and errors.
	APIKey              string
	Latitude, Longitude float64
	OpenMeteoURL        string // DefaultOpenMeteoURL when empty
	OpenWeatherMapURL   string // DefaultOpenWeatherMapURL when empty
	// Timeout is the budget of one Current call, retries included.
	// DefaultTimeout when zero.
	Timeout time.Duration
	// HTTPClient carries the retry policy; nil means
	// httpx.New(httpx.Options{Name: "weather", Timeout: Timeout, Logger: Logger}).
	HTTPClient *httpx.Client
	Logger     *slog.Logger
}

// New returns the provider cfg asks for.
func New(cfg Config) Provider {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = httpx.New(httpx.Options{Name: "weather", Timeout: cfg.Timeout, Logger: cfg.Logger})
	}
	cfg.OpenMeteoURL = withSlash(cfg.OpenMeteoURL, DefaultOpenMeteoURL)
	cfg.OpenWeatherMapURL = withSlash(cfg.OpenWeatherMapURL, DefaultOpenWeatherMapURL)
	if cfg.APIKey != "" {
		return &openWeatherMap{cfg: cfg}
	}
	return &openMeteo{cfg: cfg}
}

// FromWMO maps a WMO weather interpretation code (Open-Meteo's
// weather_code) to the vocabulary:
//
//	0, 1            clear   (clear sky, mainly clear)
//	2, 3            clouds  (partly cloudy, overcast)
//	45, 48          fog     (fog, depositing rime fog)
//	51–57           rain    (drizzle, freezing drizzle)
//	61–67, 80–82    rain    (rain, freezing rain, rain showers)
//	71–77, 85, 86   snow    (snow fall, snow grains, snow showers)
//	95, 96, 99      storm   (thunderstorm, with hail)
//
// Any other code gives clouds, the neutral sky.
func FromWMO(code int) string {
	switch {
	case code == 0 || code == 1:
		return Clear
	case code == 2 || code == 3:
		return Clouds
	case code == 45 || code == 48:
		return Fog
	case code >= 51 && code <= 67, code >= 80 && code <= 82:
		return Rain
	case code >= 71 && code <= 77, code == 85 || code == 86:
		return Snow
	case code == 95 || code == 96 || code == 99:
		return Storm
	}
	return Clouds
}

// FromOWM maps an OpenWeatherMap condition id to the vocabulary:
//
//	2xx            storm   (thunderstorm)
//	3xx, 5xx       rain    (drizzle, rain, freezing rain)
//	6xx            snow    (snow, sleet, rain and snow)
//	771, 781       storm   (squalls, tornado)
//	other 7xx      fog     (mist, smoke, haze, dust, fog, sand, ash)
//	800            clear
//	801–804        clouds
//
// Any other id gives clouds.
func FromOWM(id int) string {
	switch {
	case id >= 200 && id < 300:
		return Storm
	case id >= 300 && id < 400, id >= 500 && id < 600:
		return Rain
	case id >= 600 && id < 700:
		return Snow
	case id == 771 || id == 781:
		return Storm
	case id >= 700 && id < 800:
		return Fog
	case id == 800:
		return Clear
	}
	return Clouds
}

// wmoDescription names a WMO code in a few words.
func wmoDescription(code int) string {
	switch code {
	case 0:
		return "clear sky"
	case 1:
		return "mainly clear"
	case 2:
		return "partly cloudy"
	case 3:
		return "overcast"
	case 45, 48:
		return "fog"
	case 51, 53, 55:
		return "drizzle"
	case 56, 57:
		return "freezing drizzle"
	case 61, 63, 65:
		return "rain"
	case 66, 67:
		return "freezing rain"
	case 71, 73, 75:
		return "snow fall"
	case 77:
		return "snow grains"
	case 80, 81, 82:
		return "rain showers"
	case 85, 86:
		return "snow showers"
	case 95:
		return "thunderstorm"
	case 96, 99:
		return "thunderstorm with hail"
	}
	return fmt.Sprintf("WMO code %d", code)
}

func withSlash(u, def string) string {
	if u == "" {
		u = def
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}
