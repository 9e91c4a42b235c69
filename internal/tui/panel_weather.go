package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// weatherPanel shows the garden's weather and what drives it.
type weatherPanel struct {
	base
	w *api.WeatherState
}

func newWeatherPanel(e *env) *weatherPanel { return &weatherPanel{base: base{env: e}} }

func (p *weatherPanel) Title() string         { return "Weather" }
func (p *weatherPanel) Sources() []sourceKind { return []sourceKind{fromWeather} }

func (p *weatherPanel) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(weatherMsg); ok {
		p.w = m.data
	}
	return nil
}

func (p *weatherPanel) View() string {
	s := p.env.styles
	w := p.w
	if w == nil {
		return s.Muted.Render("loading…")
	}
	head := fmt.Sprintf("%s %s  intensity %.2f  (%s)", s.Accent.Render(weatherMark(w.WeatherType)),
		s.Title.Render(w.WeatherType), w.Intensity, w.Source)
	lines := []string{
		head,
		fmt.Sprintf("%s · %s · commits today %d · coding %.1f h", w.TimeOfDay, w.Season, w.GithubCommitsToday, w.CodingHoursToday),
		fmt.Sprintf("productivity %s · creativity %s · stress %s", score(w.ProductivityScore), score(w.CreativityIndex), score(w.StressLevel)),
	}
	var extra []string
	if w.MusicMood != "" {
		extra = append(extra, "music "+w.MusicMood)
	}
	if w.ActualWeather != "" {
		extra = append(extra, "outside "+w.ActualWeather)
	}
	if w.OverrideUntil != nil {
		extra = append(extra, "held until "+p.clock(*w.OverrideUntil))
	}
	if len(extra) > 0 {
		lines = append(lines, strings.Join(extra, " · "))
	}
	return strings.Join(lines, "\n")
}

func score(f *float64) string {
	if f == nil {
		return "–"
	}
	return fmt.Sprintf("%.2f", *f)
}

func weatherMark(t string) string {
	switch t {
	case "sunny":
		return "☼"
	case "cloudy":
		return "≈"
	case "stormy":
		return "ϟ"
	case "aurora":
		return "≋"
	case "starry":
		return "✦"
	}
	return "·"
}
