package tui

import (
	"fmt"
	"sort"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// rangePanel is a panel drawn from the dashboard of the selected range.
type rangePanel struct {
	base
	dash *api.AnalyticsDashboard
}

func (p *rangePanel) Sources() []sourceKind { return []sourceKind{fromDashboard} }

func (p *rangePanel) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(dashboardMsg); ok {
		p.dash = m.data
	}
	return nil
}

// projectsPanel ranks the projects by interactions, with bars.
type projectsPanel struct{ rangePanel }

func newProjectsPanel(e *env) *projectsPanel {
	return &projectsPanel{rangePanel{base: base{env: e}}}
}

func (p *projectsPanel) Title() string { return "Top projects" }

func (p *projectsPanel) View() string {
	if p.dash == nil {
		return p.env.styles.Muted.Render("loading…")
	}
	var items []rankItem
	for _, g := range p.dash.Growth.Projects {
		if g.Interactions == 0 {
			continue
		}
		name := g.Name
		if name == "" {
			name = shortID(g.ProjectID)
		}
		items = append(items, rankItem{key: name, n: float64(g.Interactions),
			value: fmt.Sprintf("%5s %4s", human(g.Interactions), delta(float64(g.Interactions), float64(g.PreviousInteractions)))})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].n > items[j].n })
	return rankList(p.env.styles, items, p.w, p.h)
}

// heatmapPanel shows each top project's interactions by hour of the day.
type heatmapPanel struct{ rangePanel }

func newHeatmapPanel(e *env) *heatmapPanel {
	return &heatmapPanel{rangePanel{base: base{env: e}}}
}

func (p *heatmapPanel) Title() string {
	if p.dash != nil && p.dash.TimeZone != "" {
		return "Project × hour (" + p.dash.TimeZone + ")"
	}
	return "Project × hour"
}

// heatGlyphs are the levels of a cell, from none to the busiest.
var heatGlyphs = []string{"░", "▒", "▓", "█"}

func (p *heatmapPanel) View() string {
	s := p.env.styles
	if p.dash == nil {
		return s.Muted.Render("loading…")
	}
	type row struct {
		name  string
		hours [24]int64
		total int64
	}
	var maxV int64
	rows := make([]*row, 0, len(p.dash.Heatmap))
	for _, hr := range p.dash.Heatmap {
		name := hr.ProjectName
		if name == "" {
			name = shortID(hr.ProjectID)
		}
		r := &row{name: name}
		for i, n := range hr.Interactions {
			r.hours[i%24] += n
			r.total += n
		}
		if r.total == 0 {
			continue
		}
		for _, v := range r.hours {
			maxV = max(maxV, v)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return s.Muted.Render("no interactions in " + p.dash.DateRange)
	}
	// The server lists the top projects first and the others last; only
	// the panel's height cuts the list.
	rows = rows[:min(len(rows), max(p.h-1, 0))]
	nameW := 4
	for _, r := range rows {
		nameW = max(nameW, ansi.StringWidth(r.name))
	}
	nameW = min(nameW, 16, max(p.w-25, 3))
	cell := 1
	if p.w-nameW-1 >= 48 {
		cell = 2
	}
	var axis strings.Builder
	for h := 0; h < 24; h += 6 {
		axis.WriteString(pad(fmt.Sprint(h), 6*cell))
	}
	lines := []string{strings.Repeat(" ", nameW+1) + s.Muted.Render(axis.String())}
	for _, r := range rows {
		var b strings.Builder
		for _, v := range r.hours {
			if v == 0 {
				b.WriteString(s.Muted.Render(strings.Repeat("·", cell)))
				continue
			}
			lvl := min(int(float64(v)/float64(maxV)*float64(len(heatGlyphs))), len(heatGlyphs)-1)
			b.WriteString(s.HeatLevels[lvl].Render(strings.Repeat(heatGlyphs[lvl], cell)))
		}
		lines = append(lines, pad(r.name, nameW)+" "+b.String())
	}
	return strings.Join(lines, "\n")
}

// audiencePanel shows devices and countries side by side.
type audiencePanel struct{ rangePanel }

func newAudiencePanel(e *env) *audiencePanel {
	return &audiencePanel{rangePanel{base: base{env: e}}}
}

func (p *audiencePanel) Title() string { return "Devices · Countries" }

func (p *audiencePanel) View() string {
	s := p.env.styles
	if p.dash == nil {
		return s.Muted.Render("loading…")
	}
	colW := (p.w - 3) / 2
	left := fit(rankList(s, shares(p.dash.Devices), colW, p.h), colW, p.h)
	right := fit(rankList(s, shares(p.dash.Countries), p.w-3-colW, p.h), p.w-3-colW, p.h)
	l, r := strings.Split(left, "\n"), strings.Split(right, "\n")
	out := make([]string, len(l))
	sep := s.Muted.Render(" │ ")
	for i := range l {
		out[i] = l[i] + sep + r[i]
	}
	return strings.Join(out, "\n")
}

// shares turns counts into percentages of their total.
func shares(counts []api.BreakdownCount) []rankItem {
	var total int64
	for _, c := range counts {
		total += c.Count
	}
	items := make([]rankItem, 0, len(counts))
	for _, c := range counts {
		key := c.Key
		if key == "" {
			key = "unknown"
		}
		pct := 0.0
		if total > 0 {
			pct = float64(c.Count) / float64(total) * 100
		}
		items = append(items, rankItem{key: key, n: float64(c.Count), value: fmt.Sprintf("%3.0f%%", pct)})
	}
	return items
}

// entriesPanel ranks the entry points.
type entriesPanel struct{ rangePanel }

func newEntriesPanel(e *env) *entriesPanel {
	return &entriesPanel{rangePanel{base: base{env: e}}}
}

func (p *entriesPanel) Title() string { return "Entry points" }

func (p *entriesPanel) View() string {
	if p.dash == nil {
		return p.env.styles.Muted.Render("loading…")
	}
	items := make([]rankItem, 0, len(p.dash.EntryPoints))
	for _, c := range p.dash.EntryPoints {
		key := c.Key
		if key == "" {
			key = "(direct)"
		}
		items = append(items, rankItem{key: key, n: float64(c.Count),
			value: fmt.Sprintf("%5s %4s", human(c.Count), delta(float64(c.Count), float64(c.Previous)))})
	}
	return rankList(p.env.styles, items, p.w, p.h)
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
