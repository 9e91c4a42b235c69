package domain

import (
	"testing"
	"time"
)

func TestSunTimesAndTimeOfDay(t *testing.T) {
	// Berlin on 1 June 2026: sunrise about 02:50 UTC, sunset about 19:20 UTC.
	rise, set, polar := SunTimes(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), 52.52, 13.405)
	if polar != 0 || rise.Hour() != 2 || set.Hour() != 19 {
		t.Fatalf("Berlin: %v %v %d", rise, set, polar)
	}
	if _, _, polar := SunTimes(time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC), 78.2, 15.6); polar != 1 {
		t.Errorf("Svalbard in June: polar = %d, want midnight sun", polar)
	}
	if _, _, polar := SunTimes(time.Date(2026, 12, 21, 12, 0, 0, 0, time.UTC), 78.2, 15.6); polar != -1 {
		t.Errorf("Svalbard in December: polar = %d, want polar night", polar)
	}
	for _, tt := range []struct {
		at   time.Time
		want string
	}{
		{rise.Add(-2 * time.Hour), "night"}, {rise.Add(-30 * time.Minute), "dawn"}, {rise.Add(30 * time.Minute), "dawn"},
		{rise.Add(3 * time.Hour), "day"}, {set.Add(-10 * time.Minute), "dusk"}, {set.Add(44 * time.Minute), "dusk"},
		{set.Add(2 * time.Hour), "night"},
	} {
		if got := TimeOfDay(tt.at, rise, set); got != tt.want {
			t.Errorf("TimeOfDay(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}
}

func TestComputeWeather(t *testing.T) {
	noon := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	night := time.Date(2026, 6, 1, 23, 0, 0, 0, time.UTC)
	berlin := func(at time.Time) WeatherSignals { return WeatherSignals{Now: at, Latitude: 52.52, Longitude: 13.405} }
	tests := []struct {
		name string
		sig  func() WeatherSignals
		want string
	}{
		{"a quiet overcast day", func() WeatherSignals { s := berlin(noon); s.ActualWeather = "clouds"; return s }, "cloudy"},
		{"a productive day", func() WeatherSignals {
			s := berlin(noon)
			s.CodingHours, s.CommitsToday, s.ProjectsToday = 4, 8, 2
			return s
		}, "sunny"},
		{"overwork", func() WeatherSignals { s := berlin(noon); s.CodingHours = 11; return s }, "stormy"},
		{"a real storm", func() WeatherSignals { s := berlin(noon); s.ActualWeather = "storm"; return s }, "stormy"},
		{"a calm night", func() WeatherSignals { return berlin(night) }, "starry"},
		{"a creative night", func() WeatherSignals {
			s := berlin(night)
			s.CodingHours, s.CommitsToday, s.ProjectsToday, s.MusicMood = 3, 10, 3, "happy"
			return s
		}, "aurora"},
	}
	for _, tt := range tests {
		in := ComputeWeather(tt.sig())
		if in.WeatherType != tt.want {
			t.Errorf("%s: %s (%+v)", tt.name, in.WeatherType, in)
		}
		if err := validateWeather(in); err != nil {
			t.Errorf("%s: invalid input %v", tt.name, err)
		}
		if again := ComputeWeather(tt.sig()); again.Intensity != in.Intensity || again.WeatherType != in.WeatherType {
			t.Errorf("%s: not deterministic", tt.name)
		}
	}
	south := ComputeWeather(WeatherSignals{Now: noon, Latitude: -33.87, Longitude: 151.2})
	if south.Season != "winter" || ComputeWeather(berlin(noon)).Season != "summer" {
		t.Errorf("seasons: south %s", south.Season)
	}
	// Bounded whatever the inputs.
	wild := ComputeWeather(WeatherSignals{Now: noon, CodingHours: 100, CommitsToday: 1 << 30, ProjectsToday: -4, MusicMood: "intense"})
	for _, f := range []*float64{wild.ProductivityScore, wild.CreativityIndex, wild.StressLevel} {
		if *f < 0 || *f > 1 {
			t.Errorf("score out of [0,1]: %v", *f)
		}
	}
	if wild.CodingHoursToday != 24 || wild.Intensity < 0 || wild.Intensity > 1 {
		t.Errorf("wild input: %+v", wild)
	}
}

func TestInsightFormulas(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	year := now.AddDate(-1, 0, 0)
	recent := now.AddDate(0, 0, -10)
	sk := &Skill{ProficiencyLevel: 5, FirstUsedDate: &year, LastUsedDate: &recent}
	if v := LearningVelocity(sk, now); v != 4 {
		t.Errorf("velocity = %v, want 4 levels a year", v)
	}
	if b := Brightness(sk, now); b != 0.73 {
		t.Errorf("brightness = %v, want 0.15+0.275+0.30", b)
	}
	if b := Brightness(&Skill{ProficiencyLevel: 1}, now); b != 0.21 {
		t.Errorf("unused skill brightness = %v", b)
	}
	if s := ConnectionStrength(2, 2, 2); s != 1 {
		t.Errorf("always together: %v", s)
	}
	if s := ConnectionStrength(1, 2, 3); s != 0.4 {
		t.Errorf("jaccard 1/4: %v", s)
	}
	x := 5.0
	skills := []*Skill{{Name: "b", ConstellationGroup: "web"}, {Name: "a", ConstellationGroup: "web"},
		{Name: "c", ConstellationGroup: "data", PositionX: &x, PositionY: &x}}
	placed := LayoutConstellations(skills)
	if len(placed) != 2 || *skills[2].PositionX != 5 {
		t.Fatalf("layout moved an owner-placed star or missed one: %d placed", len(placed))
	}
	again := []*Skill{{Name: "a", ConstellationGroup: "web"}, {Name: "b", ConstellationGroup: "web"},
		{Name: "c", ConstellationGroup: "data", PositionX: &x, PositionY: &x}}
	LayoutConstellations(again)
	if *again[0].PositionX != *skills[1].PositionX || *again[1].PositionY != *skills[0].PositionY {
		t.Error("layout is not deterministic")
	}
}
