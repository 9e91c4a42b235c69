package tui

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// feedLimit bounds the items kept.
const feedLimit = 200

// feedItem is one line; the project's name is looked up when it is drawn,
// so an event that came before the names shows them too.
type feedItem struct {
	at             time.Time
	kind           string // event type
	pid, pname     string // the project, if any
	prefix, suffix string // around the project's name
	mark           string // overrides the event type's glyph (feedMarks)
}

// feedPanel lists the live interactions and growth changes from the socket,
// newest first, seeded with the realtime view's latest ones.
type feedPanel struct {
	base
	items    []feedItem // oldest first
	names    map[string]string
	seeded   bool
	paused   bool
	pausedAt int // items shown while paused
	pause    key.Binding
}

func newFeedPanel(e *env) *feedPanel {
	return &feedPanel{base: base{env: e}, names: map[string]string{},
		pause: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause feed"))}
}

func (p *feedPanel) Title() string {
	if p.paused {
		return fmt.Sprintf("Live feed (paused, %d new)", len(p.items)-p.pausedAt)
	}
	return "Live feed"
}

func (p *feedPanel) Sources() []sourceKind { return []sourceKind{fromStream} }
func (p *feedPanel) Keys() []key.Binding   { return []key.Binding{p.pause} }

func (p *feedPanel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if key.Matches(msg, p.pause) {
			p.paused = !p.paused
			p.pausedAt = len(p.items)
		}
	case dashboardMsg:
		for _, g := range msg.data.Growth.Projects {
			if g.Name != "" {
				p.names[g.ProjectID] = g.Name
			}
		}
	case realtimeMsg:
		p.seed(msg.data)
	case streamMsg:
		if msg.m.State == api.StreamEvent {
			p.add(p.describe(msg.m.Event))
		}
	}
	return nil
}

// seed fills an empty feed once from the realtime view's latest items.
func (p *feedPanel) seed(rt *api.RealtimeMetrics) {
	for _, ri := range rt.RecentInteractions {
		if ri.ProjectName != "" {
			p.names[ri.ProjectID] = ri.ProjectName
		}
	}
	if p.seeded {
		return
	}
	p.seeded = true
	var items []feedItem
	for _, ri := range rt.RecentInteractions {
		items = append(items, feedItem{at: ri.OccurredAt, kind: "visitor_interaction", pid: ri.ProjectID,
			pname: ri.ProjectName, suffix: interactionText(ri.Type, ri.DeviceType)})
	}
	for _, c := range rt.GrowthChanges {
		items = append(items, feedItem{at: c.At, kind: "project_growth", pid: c.ProjectID, pname: c.ProjectName,
			suffix: fmt.Sprintf(" %s → %s", c.PreviousStage, c.NewStage), mark: growthMark(c.PreviousStage, c.NewStage)})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].at.Before(items[j].at) })
	p.items = append(items, p.items...)
	p.trim()
}

func (p *feedPanel) add(it feedItem) {
	p.items = append(p.items, it)
	p.trim()
}

func (p *feedPanel) trim() {
	if n := len(p.items) - feedLimit; n > 0 {
		p.items = p.items[n:]
		p.pausedAt = max(p.pausedAt-n, 0)
	}
}

func (p *feedPanel) name(id, name string) string {
	switch {
	case name != "":
		return name
	case p.names[id] != "":
		return p.names[id]
	}
	return shortID(id)
}

func interactionText(typ, device string) string {
	s := " " + typ
	if device != "" {
		s += " · " + device
	}
	return s
}

// describe turns an event into a feed line (docs/realtime.md payloads).
func (p *feedPanel) describe(e api.Event) feedItem {
	var d struct {
		ProjectID        string  `json:"project_id"`
		Name             string  `json:"name"`
		InteractionType  string  `json:"interaction_type"`
		DeviceType       string  `json:"device_type"`
		PreviousStage    string  `json:"previous_stage"`
		NewStage         string  `json:"new_stage"`
		WeatherType      string  `json:"weather_type"`
		Intensity        float64 `json:"intensity"`
		ProficiencyLevel int     `json:"proficiency_level"`
		Reason           string  `json:"reason"`
		Message          string  `json:"message"`
		Visible          *bool   `json:"visible"`
	}
	_ = json.Unmarshal(e.Data, &d)
	if d.Name != "" && d.ProjectID != "" {
		p.names[d.ProjectID] = d.Name
	}
	it := feedItem{at: e.Timestamp, kind: e.EventType}
	project := func() { it.pid, it.pname = d.ProjectID, d.Name }
	switch e.EventType {
	case "visitor_interaction":
		project()
		it.suffix = interactionText(d.InteractionType, d.DeviceType)
	case "project_growth":
		project()
		it.suffix = fmt.Sprintf(" %s → %s", d.PreviousStage, d.NewStage)
		it.mark = growthMark(d.PreviousStage, d.NewStage)
	case "seed_planted":
		project()
		it.prefix = "seed planted: "
		if d.Visible != nil && !*d.Visible {
			it.suffix = " (awaiting approval)"
		}
	case "weather_change":
		it.prefix = fmt.Sprintf("weather → %s %.2f", d.WeatherType, d.Intensity)
	case "skill_unlock":
		it.prefix = fmt.Sprintf("skill %s → level %d", d.Name, d.ProficiencyLevel)
		if d.Reason == "first_use" {
			it.prefix = fmt.Sprintf("skill %s first used (level %d)", d.Name, d.ProficiencyLevel)
		}
	case "system_update":
		it.prefix = "announce: " + d.Message
	case api.EventResync:
		it.prefix = "missed events were pruned: figures reloaded"
	default:
		it.prefix = e.EventType
	}
	return it
}

// text is an item's line without its time.
func (p *feedPanel) text(it feedItem) string {
	if it.pid == "" && it.pname == "" {
		return it.prefix + it.suffix
	}
	return it.prefix + p.name(it.pid, it.pname) + it.suffix
}

// growthOrder is the API's growth stages in order (the enum of
// api.Project.GrowthStage; a test keeps them in step).
var growthOrder = []string{"seed", "sprout", "growing", "blooming", "mature"}

// growthMark is ↑ for a stage change forward and ↓ for one back (an owner's
// correction): a downgrade drawn as growth would read as good news.
func growthMark(previous, next string) string {
	if slices.Index(growthOrder, next) < slices.Index(growthOrder, previous) {
		return "↓"
	}
	return "↑"
}

// feedMarks are the glyphs of the event types.
var feedMarks = map[string]string{
	"visitor_interaction": "•", "project_growth": "↑", "seed_planted": "+",
	"weather_change": "~", "skill_unlock": "*", "system_update": "!", api.EventResync: "⟳",
}

func (p *feedPanel) View() string {
	s := p.env.styles
	items := p.items
	if p.paused {
		items = items[:min(p.pausedAt, len(items))]
	}
	if len(items) == 0 {
		return s.Muted.Render("waiting for interactions…")
	}
	var lines []string
	for i := len(items) - 1; i >= 0 && len(lines) < p.h; i-- {
		it := items[i]
		mark := it.mark
		if mark == "" {
			mark = feedMarks[it.kind]
		}
		if mark == "" {
			mark = "·"
		}
		lines = append(lines, s.Muted.Render(p.clock(it.at))+" "+s.Accent.Render(mark)+" "+p.text(it))
	}
	return strings.Join(lines, "\n")
}
