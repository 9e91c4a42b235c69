package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/NimbleMarkets/ntcharts/sparkline"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// history keeps a figure's samples of the last hour and gives one value per
// minute (the largest), for a sparkline.
type history struct {
	samples []sample
}

type sample struct {
	at time.Time
	v  float64
}

func (h *history) add(at time.Time, v float64) {
	h.samples = append(h.samples, sample{at, v})
	cut := 0
	for cut < len(h.samples) && at.Sub(h.samples[cut].at) > time.Hour {
		cut++
	}
	h.samples = h.samples[cut:]
}

// perMinute is the last n minutes up to now, oldest first; a minute without
// samples (the server was away) is 0.
func (h *history) perMinute(now time.Time, n int) []float64 {
	out := make([]float64, n)
	end := now.Truncate(time.Minute)
	for _, s := range h.samples {
		i := n - 1 - int(end.Sub(s.at.Truncate(time.Minute))/time.Minute)
		if i >= 0 && i < n && s.v > out[i] {
			out[i] = s.v
		}
	}
	return out
}

// spark draws a sparkline of the last hour's minutes over w×h cells.
func spark(style lipgloss.Style, data []float64, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	data = data[max(len(data)-w, 0):]
	sl := sparkline.New(w, h, sparkline.WithStyle(style))
	sl.PushAll(data)
	sl.Draw()
	return sl.View()
}

// visitorsPanel shows the active visitors, large, with the last hour.
type visitorsPanel struct {
	base
	active int
	loaded bool
	hist   history
	dash   *api.AnalyticsDashboard
}

func newVisitorsPanel(e *env) *visitorsPanel { return &visitorsPanel{base: base{env: e}} }

func (p *visitorsPanel) Title() string         { return "Live visitors" }
func (p *visitorsPanel) Sources() []sourceKind { return []sourceKind{fromRealtime} }

func (p *visitorsPanel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case realtimeMsg:
		p.active, p.loaded = msg.data.ActiveVisitors, true
		p.hist.add(p.env.now(), float64(msg.data.ActiveVisitors))
	case dashboardMsg:
		p.dash = msg.data
	}
	return nil
}

func (p *visitorsPanel) View() string {
	s := p.env.styles
	if !p.loaded {
		return s.Muted.Render("waiting for the server…")
	}
	big := bigNumber(p.active, max(p.w/3, 3))
	if big == "" || p.h < 3 {
		big = fmt.Sprint(p.active)
	}
	rightW := max(p.w-lipgloss.Width(big)-2, 0)
	var facts []string
	if d := p.dash; d != nil {
		v := d.Visitors
		facts = append(facts, fmt.Sprintf("%s: %s sessions %s · %s unique", d.DateRange, human(v.Sessions),
			deltaStyled(s, float64(v.Sessions), float64(d.PreviousVisitors.Sessions), false), human(v.UniqueVisitors)))
		facts = append(facts, fmt.Sprintf("bounce %.0f%% · visit %s · %.1f projects", v.BounceRate*100,
			duration(v.AvgVisitSeconds), v.ProjectsPerSession))
	}
	sparkH := min(max(p.h-1-len(facts), 1), maxSparkHeight)
	facts = facts[:min(len(facts), max(p.h-1-sparkH, 0))]
	right := []string{s.Muted.Render("active now · last hour")}
	right = append(right, spark(s.Spark, p.hist.perMinute(p.env.now(), 60), rightW, sparkH))
	right = append(right, facts...)
	return lipgloss.JoinHorizontal(lipgloss.Top, s.Big.Render(big), "  ", fit(strings.Join(right, "\n"), rightW, p.h))
}

// maxSparkHeight keeps the sparklines low, leaving room for figures.
const maxSparkHeight = 5

// duration writes seconds as 45s, 3m05s or 1h02m.
func duration(sec float64) string {
	d := time.Duration(sec) * time.Second
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// trafficPanel shows the request rate, p95 latency and errors.
type trafficPanel struct {
	base
	rt   *api.RealtimeMetrics
	rpm  history
	dash *api.AnalyticsDashboard
}

func newTrafficPanel(e *env) *trafficPanel { return &trafficPanel{base: base{env: e}} }

func (p *trafficPanel) Title() string         { return "Requests" }
func (p *trafficPanel) Sources() []sourceKind { return []sourceKind{fromRealtime} }

func (p *trafficPanel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case realtimeMsg:
		p.rt = msg.data
		p.rpm.add(p.env.now(), msg.data.RequestsPerMinute)
	case dashboardMsg:
		p.dash = msg.data
	}
	return nil
}

func (p *trafficPanel) View() string {
	s := p.env.styles
	if p.rt == nil {
		return s.Muted.Render("waiting for the server…")
	}
	errStyle := s.Good
	if p.rt.ErrorRate >= 0.01 {
		errStyle = s.Bad
	}
	lines := []string{
		fmt.Sprintf("%s req/min   p95 %s   errors %s", s.Accent.Render(fmt.Sprintf("%.1f", p.rt.RequestsPerMinute)),
			s.Accent.Render(millis(p.rt.P95Millis)), errStyle.Render(fmt.Sprintf("%.1f%%", p.rt.ErrorRate*100))),
	}
	second := fmt.Sprintf("sockets %d", p.rt.OpenSockets)
	if d := p.dash; d != nil {
		c := d.Performance.Current
		second += fmt.Sprintf(" · %s p95 %s %s", d.DateRange, millis(c.P95Millis),
			deltaStyled(s, c.P95Millis, c.PreviousP95Millis, true))
	}
	lines = append(lines, second)
	if p.h > 2 {
		lines = append(lines, spark(s.Spark, p.rpm.perMinute(p.env.now(), 60), p.w, min(p.h-2, maxSparkHeight)))
	}
	if p.dash != nil {
		for _, r := range p.dash.Performance.Routes[:min(len(p.dash.Performance.Routes), max(p.h-2-maxSparkHeight, 0))] {
			lines = append(lines, fmt.Sprintf("%s %s  %.1f/min  p95 %s", r.Method, r.Route, r.RequestsPerMinute, millis(r.P95Millis)))
		}
	}
	return strings.Join(lines, "\n")
}
