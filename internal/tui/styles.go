package tui

import "github.com/charmbracelet/lipgloss"

// Styles are the dashboard's colours and frames. Colours are adaptive
// (light and dark backgrounds); under NO_COLOR the renderer's Ascii profile
// drops them and the focused panel still stands out by its thick border.
type Styles struct {
	Header     lipgloss.Style
	Title      lipgloss.Style
	Stale      lipgloss.Style
	Muted      lipgloss.Style
	Good       lipgloss.Style
	Bad        lipgloss.Style
	Accent     lipgloss.Style
	Big        lipgloss.Style
	Bar        lipgloss.Style
	Spark      lipgloss.Style
	Frame      lipgloss.Style // border of a panel (rounded)
	Focused    lipgloss.Style // border of the focused panel (thick)
	Error      lipgloss.Style
	HeatLevels []lipgloss.Style
}

// Palette: foreground colours for light / dark terminals.
var (
	colorAccent = lipgloss.AdaptiveColor{Light: "#2E7D32", Dark: "#81C784"}
	colorMuted  = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"}
	colorBorder = lipgloss.AdaptiveColor{Light: "#BDBDBD", Dark: "#4A4A4A"}
	colorStale  = lipgloss.AdaptiveColor{Light: "#B26A00", Dark: "#FFB74D"}
	colorBad    = lipgloss.AdaptiveColor{Light: "#C62828", Dark: "#EF5350"}
	colorGood   = lipgloss.AdaptiveColor{Light: "#2E7D32", Dark: "#66BB6A"}
	colorBar    = lipgloss.AdaptiveColor{Light: "#388E3C", Dark: "#A5D6A7"}
	colorHeat   = []lipgloss.AdaptiveColor{
		{Light: "#C8E6C9", Dark: "#1B3A1F"},
		{Light: "#81C784", Dark: "#2E7D32"},
		{Light: "#43A047", Dark: "#43A047"},
		{Light: "#1B5E20", Dark: "#A5D6A7"},
	}
)

// NewStyles builds the styles for a renderer, whose colour profile (NO_COLOR,
// terminal capabilities) and background they follow.
func NewStyles(r *lipgloss.Renderer) Styles {
	s := Styles{
		Header:  r.NewStyle().Bold(true).Foreground(colorAccent),
		Title:   r.NewStyle().Bold(true),
		Stale:   r.NewStyle().Foreground(colorStale),
		Muted:   r.NewStyle().Foreground(colorMuted),
		Good:    r.NewStyle().Foreground(colorGood),
		Bad:     r.NewStyle().Foreground(colorBad),
		Accent:  r.NewStyle().Foreground(colorAccent),
		Big:     r.NewStyle().Bold(true).Foreground(colorAccent),
		Bar:     r.NewStyle().Foreground(colorBar),
		Spark:   r.NewStyle().Foreground(colorAccent),
		Frame:   r.NewStyle().Foreground(colorBorder),
		Focused: r.NewStyle().Bold(true).Foreground(colorAccent),
		Error:   r.NewStyle().Bold(true).Foreground(colorBad),
	}
	for _, c := range colorHeat {
		s.HeatLevels = append(s.HeatLevels, r.NewStyle().Foreground(c))
	}
	return s
}
