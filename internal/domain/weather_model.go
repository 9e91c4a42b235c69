package domain

import (
	"context"
	"math"
	"time"
)

// WeatherSignals are what the weather model reads (docs/weather-model.md).
type WeatherSignals struct {
	Now                 time.Time
	Latitude, Longitude float64 // the configured place; the sign of Latitude picks the hemisphere
	CommitsToday        int     // commits recorded in the growth log since local midnight
	ProjectsToday       int     // projects those commits went to
	CodingHours         float64 // WakaTime's coding time today
	MusicMood           string  // spotify mood ("" when unknown)
	ActualWeather       string  // clear, clouds, rain, snow, storm, fog ("" when unknown)
	// Sunrise and Sunset are today's from the weather provider; zero values
	// are computed from the place (SunTimes).
	Sunrise, Sunset time.Time
}

// Weather model constants: the "busy day" references each score saturates at.
const (
	fullCodingHours = 6.0  // a full day of coding
	fullCommits     = 10.0 // a busy day of commits
	fullProjects    = 3.0  // commits spread over three projects
	overworkHours   = 10.0 // stress is maximal at ten hours of coding
	twilight        = 45 * time.Minute
)

// moodCreativity is how much each music mood suggests creative work.
var moodCreativity = map[string]float64{
	"happy": 0.8, "energetic": 0.7, "melancholic": 0.6, "intense": 0.6, "calm": 0.5, "focused": 0.4, "silent": 0.3,
}

func clamp01(f float64) float64 { return math.Min(math.Max(f, 0), 1) }
func round2(f float64) float64  { return math.Round(f*100) / 100 }

// ComputeWeather derives the garden's weather from the signals. It is pure
// and deterministic; each inference is written down in docs/weather-model.md.
func ComputeWeather(sig WeatherSignals) WeatherInput {
	hours := math.Min(math.Max(sig.CodingHours, 0), 24)
	commits := max(sig.CommitsToday, 0)
	tod := timeOfDayAt(sig)

	productivity := round2(clamp01(0.6*math.Min(hours/fullCodingHours, 1) + 0.4*math.Min(float64(commits)/fullCommits, 1)))
	mood, ok := moodCreativity[sig.MusicMood]
	if !ok {
		mood = 0.3
	}
	creativity := round2(clamp01(0.4*mood + 0.3*math.Min(float64(commits)/fullCommits, 1) +
		0.3*math.Min(float64(max(sig.ProjectsToday, 0))/fullProjects, 1)))
	stress := 0.6 * clamp01((hours-fullCodingHours)/(overworkHours-fullCodingHours))
	if tod == "night" && (hours > 0 || commits > 0) {
		stress += 0.2 // working at night
	}
	if sig.MusicMood == "intense" {
		stress += 0.2
	}
	stress = round2(clamp01(stress))

	in := WeatherInput{
		GithubCommitsToday: commits, CodingHoursToday: round2(hours), MusicMood: truncate(sig.MusicMood, 50),
		ActualWeather: truncate(sig.ActualWeather, 50), ProductivityScore: &productivity,
		CreativityIndex: &creativity, StressLevel: &stress, TimeOfDay: tod,
		Season: SeasonAt(sig.Now, sig.Latitude >= 0),
	}
	in.WeatherType, in.Intensity = WeatherFor(Scores{Productivity: productivity, Creativity: creativity, Stress: stress},
		tod, sig.ActualWeather)
	return in
}

// Scores are what the weather type follows, each in [0, 1].
type Scores struct{ Productivity, Creativity, Stress float64 }

// WeatherFor is the one rule from scores, the time of day and the sky
// outside ("" when unknown) to a weather type and its intensity: the
// weather model and the owner's mood (SetMood) both use it. The first rule
// that matches wins (docs/weather-model.md).
func WeatherFor(sc Scores, timeOfDay, actual string) (string, float64) {
	var kind string
	switch {
	case sc.Stress >= 0.6 || actual == "storm":
		kind = "stormy"
	case timeOfDay == "night" && math.Max(sc.Creativity, sc.Productivity) >= 0.6:
		kind = "aurora"
	case timeOfDay == "night":
		kind = "starry"
	case sc.Productivity >= 0.4 || (actual == "clear" && sc.Productivity >= 0.1):
		kind = "sunny"
	default:
		kind = "cloudy"
	}
	return kind, IntensityFor(kind, sc)
}

// IntensityFor is the intensity of a weather type under the scores.
// Intensity moves in steps of 0.1, so small drifts of the scores do not open
// a new weather state every quarter of an hour.
func IntensityFor(kind string, sc Scores) float64 {
	var i float64
	switch kind {
	case "stormy":
		i = math.Max(sc.Stress, 0.5)
	case "aurora":
		i = math.Max(sc.Creativity, sc.Productivity)
	case "starry":
		i = 1 - 0.5*sc.Productivity // a quiet night is the clearest
	case "sunny":
		i = 0.4 + 0.6*sc.Productivity
	default:
		i = 0.3 + 0.5*(1-sc.Productivity)
	}
	return math.Round(clamp01(i)*10) / 10
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func timeOfDayAt(sig WeatherSignals) string {
	rise, set := sig.Sunrise, sig.Sunset
	// The provider's times are used when they are today's; stale or missing
	// ones (a cached reading, a provider without them) are computed.
	if rise.IsZero() || set.IsZero() || !set.After(rise) || absDur(sig.Now.Sub(rise)) > 24*time.Hour {
		var polar int
		rise, set, polar = SunTimes(sig.Now, sig.Latitude, sig.Longitude)
		switch polar {
		case 1:
			return "day"
		case -1:
			return "night"
		}
	}
	return TimeOfDay(sig.Now, rise, set)
}

// TimeOfDay is dawn within 45 minutes of sunrise, dusk within 45 minutes of
// sunset, day between them and night otherwise.
func TimeOfDay(now, sunrise, sunset time.Time) string {
	switch {
	case absDur(now.Sub(sunrise)) < twilight:
		return "dawn"
	case absDur(now.Sub(sunset)) < twilight:
		return "dusk"
	case now.After(sunrise) && now.Before(sunset):
		return "day"
	}
	return "night"
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// SunTimes computes sunrise and sunset (UTC) on the UTC day of t at a place,
// with the sunrise equation (NOAA's simplified form, about a minute off).
// polar is 1 when the sun never sets that day, -1 when it never rises, and
// then the times are zero.
func SunTimes(t time.Time, lat, lon float64) (sunrise, sunset time.Time, polar int) {
	const j2000, unixEpochJD = 2451545.0, 2440587.5
	rad := math.Pi / 180
	day := time.Date(t.UTC().Year(), t.UTC().Month(), t.UTC().Day(), 12, 0, 0, 0, time.UTC)
	n := math.Round(float64(day.Unix())/86400 + unixEpochJD - j2000)
	jStar := n - lon/360
	m := math.Mod(357.5291+0.98560028*jStar, 360)
	c := 1.9148*math.Sin(m*rad) + 0.02*math.Sin(2*m*rad) + 0.0003*math.Sin(3*m*rad)
	lambda := math.Mod(m+c+180+102.9372, 360)
	transit := j2000 + jStar + 0.0053*math.Sin(m*rad) - 0.0069*math.Sin(2*lambda*rad)
	sinDecl := math.Sin(lambda*rad) * math.Sin(23.4397*rad)
	cosDecl := math.Cos(math.Asin(sinDecl))
	cosOmega := (math.Sin(-0.833*rad) - math.Sin(lat*rad)*sinDecl) / (math.Cos(lat*rad) * cosDecl)
	switch {
	case cosOmega < -1:
		return time.Time{}, time.Time{}, 1
	case cosOmega > 1:
		return time.Time{}, time.Time{}, -1
	}
	omega := math.Acos(cosOmega) / rad
	toTime := func(jd float64) time.Time {
		return time.Unix(0, int64((jd-unixEpochJD)*86400*1e9)).UTC().Truncate(time.Second)
	}
	return toTime(transit - omega/360), toTime(transit + omega/360), 0
}

// UpdateWeather computes the weather from the signals and records it
// through SetWeather: a new state only when something a visitor would notice
// changed, never over a manual override that still holds.
func (s *Service) UpdateWeather(ctx context.Context, sig WeatherSignals) (*WeatherState, bool, error) {
	if sig.Now.IsZero() {
		sig.Now = s.Now()
	}
	return s.SetWeather(ctx, ComputeWeather(sig))
}
