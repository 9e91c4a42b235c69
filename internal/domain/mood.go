package domain

import (
	"context"
	"time"
)

// Mood is the owner's own account of the moment (`set mood`, POST
// /weather/mood-update): a manual override of the weather. Unset fields
// are inferred with the weather model's rule (WeatherFor), so the sky the
// owner asks for by mood is the one the model would draw from those scores.
type Mood struct {
	MusicMood    string
	Productivity *float64
	Creativity   *float64
	Stress       *float64
	// WeatherType "" is inferred from the scores; Intensity nil is the
	// rule's intensity for the weather type.
	WeatherType string
	Intensity   *float64
	// TimeOfDay and Season "" keep the current state's: the owner's mood
	// does not move the sun.
	TimeOfDay, Season string
	For               time.Duration // how long the override holds; 0 means 2h
}

// Scores returns the mood's scores: productivity as given (else 0); stress
// as given (else 0.2 for intense music, as in the model); creativity as
// given (else the music mood's creativity, 0.3 when unknown).
func (m Mood) Scores() Scores {
	sc := Scores{Creativity: 0.3}
	if c, ok := moodCreativity[m.MusicMood]; ok {
		sc.Creativity = c
	}
	if m.MusicMood == "intense" {
		sc.Stress = 0.2
	}
	for _, f := range []struct {
		from *float64
		to   *float64
	}{{m.Productivity, &sc.Productivity}, {m.Creativity, &sc.Creativity}, {m.Stress, &sc.Stress}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	return sc
}

// Input turns the mood into the manual weather input, inferring what is
// unset; timeOfDay and season are the current state's.
func (m Mood) Input(timeOfDay, season string) WeatherInput {
	if m.TimeOfDay != "" {
		timeOfDay = m.TimeOfDay
	}
	if m.Season != "" {
		season = m.Season
	}
	sc := m.Scores()
	in := WeatherInput{WeatherType: m.WeatherType, MusicMood: m.MusicMood, ProductivityScore: m.Productivity,
		CreativityIndex: m.Creativity, StressLevel: m.Stress, TimeOfDay: timeOfDay, Season: season,
		Manual: true, For: m.For}
	if in.WeatherType == "" {
		in.WeatherType, in.Intensity = WeatherFor(sc, timeOfDay, "")
	} else {
		in.Intensity = IntensityFor(in.WeatherType, sc)
	}
	if m.Intensity != nil {
		in.Intensity = *m.Intensity
	}
	return in
}

// SetMood overrides the weather with the owner's mood (see Mood) and
// records it through SetWeather.
func (s *Service) SetMood(ctx context.Context, m Mood) (*WeatherState, bool, error) {
	cur, err := s.CurrentWeather(ctx)
	if err != nil {
		return nil, false, err
	}
	return s.SetWeather(ctx, m.Input(cur.TimeOfDay, cur.Season))
}
