package tui

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func hasQuit(msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

func TestRangeKeys(t *testing.T) {
	src := newFakeSource()
	m := loaded(t, src, 80, 24)
	for _, tc := range []struct{ key, want string }{{"1", "24h"}, {"3", "30d"}, {"4", "90d"}, {"2", "7d"}} {
		seq := m.dashSeq
		m, _ = apply(t, m, keyMsg(tc.key))
		if m.dateRange != tc.want || m.dashSeq != seq+1 {
			t.Fatalf("key %s: range %s seq %d", tc.key, m.dateRange, m.dashSeq)
		}
		if got := src.ranges[len(src.ranges)-1]; got != tc.want {
			t.Fatalf("key %s loaded %s", tc.key, got)
		}
		if p := m.panels[pProjects].(*projectsPanel); p.dash.DateRange != tc.want {
			t.Fatalf("key %s: panel shows %s", tc.key, p.dash.DateRange)
		}
	}
	// The same range again loads nothing.
	n := len(src.ranges)
	m, _ = apply(t, m, keyMsg("2"))
	if len(src.ranges) != n {
		t.Fatal("reloaded the current range")
	}
	// An answer for an older range is dropped.
	m, _ = apply(t, m, dashboardMsg{seq: m.dashSeq - 1, dateRange: "90d", data: cannedDashboard("90d")})
	if p := m.panels[pProjects].(*projectsPanel); p.dash.DateRange != "7d" {
		t.Fatalf("stale answer applied: %s", p.dash.DateRange)
	}
}

func TestFocusHelpRefreshQuit(t *testing.T) {
	src := newFakeSource()
	m := loaded(t, src, 80, 24)
	for i := 1; i <= len(m.panels); i++ {
		m, _ = apply(t, m, keyMsg("tab"))
		if m.focus != i%len(m.panels) {
			t.Fatalf("tab %d: focus %d", i, m.focus)
		}
	}
	m, _ = apply(t, m, keyMsg("shift+tab"))
	if m.focus != len(m.panels)-1 {
		t.Fatalf("shift+tab: focus %d", m.focus)
	}
	// The focused panel has the thick border.
	m.focus = pFeed
	if v := m.View(); !strings.Contains(v, "┏━ Live feed") || strings.Contains(v, "┏━ Live visitors") {
		t.Fatalf("focus not highlighted:\n%s", v)
	}

	m, _ = apply(t, m, keyMsg("?"))
	v := m.View()
	if !m.help.ShowAll || !hasAll(v, "30d", "90d", "previous panel", "pause feed") {
		t.Fatalf("full help not shown:\n%s", v)
	}
	if lipgloss.Height(v) != 24 {
		t.Fatalf("help view is %d lines", lipgloss.Height(v))
	}
	m, _ = apply(t, m, keyMsg("?"))
	if m.help.ShowAll {
		t.Fatal("? did not close the help")
	}

	before := map[string]int{}
	for k, v := range src.calls {
		before[k] = v
	}
	refreshes := src.refreshes
	m, _ = apply(t, m, keyMsg("r"))
	for _, k := range []string{"dashboard", "realtime", "weather"} {
		if src.calls[k] != before[k]+1 {
			t.Fatalf("r: %s loaded %d times, want %d", k, src.calls[k], before[k]+1)
		}
	}
	// The owner's refresh asks for figures the server computes afresh,
	// not its cached dashboard.
	if src.refreshes != refreshes+1 {
		t.Fatalf("r: %d fresh dashboard loads, want %d", src.refreshes-refreshes, 1)
	}

	for _, q := range []string{"q", "ctrl+c"} {
		mq, msgs := apply(t, m, keyMsg(q))
		if !hasQuit(msgs) || mq.Err() != nil || mq.ctx.Err() == nil {
			t.Fatalf("%s: quit %v err %v", q, hasQuit(msgs), mq.Err())
		}
	}
}

func TestFeedDatesOldItems(t *testing.T) {
	m := loaded(t, newFakeSource(), 80, 24)
	old := api.Event{ID: 9, EventType: "project_growth", Timestamp: testNow.AddDate(0, -1, -2),
		Data: []byte(`{"project_id":"p-moss","previous_stage":"seed","new_stage":"sprout"}`)}
	m, _ = apply(t, m, streamMsg{api.StreamMessage{State: api.StreamEvent, Event: old}})
	if v := m.panels[pFeed].View(); !strings.Contains(v, "Feb 12   ↑ moss-wall seed → sprout") {
		t.Fatalf("old item:\n%s", v)
	}
}

func TestKeysReadTogether(t *testing.T) {
	m := loaded(t, newFakeSource(), 80, 24)
	m, _ = apply(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("3?")})
	if m.dateRange != "30d" || !m.help.ShowAll {
		t.Fatalf("\"3?\" gave range %s, help %v", m.dateRange, m.help.ShowAll)
	}
}

func TestFeedPauseKey(t *testing.T) {
	m := loaded(t, newFakeSource(), 80, 24)
	m.focus = pFeed
	m, _ = apply(t, m, keyMsg("p"))
	m, _ = apply(t, m, streamMsg{api.StreamMessage{State: api.StreamEvent, Event: cannedEvents()[1]}})
	f := m.panels[pFeed].(*feedPanel)
	if !f.paused || strings.Contains(f.View(), "blooming") || !strings.Contains(f.Title(), "1 new") {
		t.Fatalf("paused feed: %q\n%s", f.Title(), f.View())
	}
	m, _ = apply(t, m, keyMsg("p"))
	if !strings.Contains(f.View(), "fern-cli growing → blooming") {
		t.Fatalf("resumed feed:\n%s", f.View())
	}
}

func TestResizeFitsTerminal(t *testing.T) {
	m := loaded(t, newFakeSource(), 80, 24)
	for _, sz := range [][2]int{{80, 24}, {160, 48}, {120, 36}, {100, 30}, {59, 20}, {40, 10}, {200, 60}} {
		m, _ = apply(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		v := m.View()
		lines := strings.Split(v, "\n")
		if len(lines) != sz[1] {
			t.Fatalf("%dx%d: %d lines", sz[0], sz[1], len(lines))
		}
		for i, l := range lines {
			if w := lipgloss.Width(l); w != sz[0] {
				t.Fatalf("%dx%d: line %d is %d wide: %q", sz[0], sz[1], i, w, l)
			}
		}
	}
	m, _ = apply(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if p := m.panels[pVisitors].(*visitorsPanel); p.w != 38 || p.h != 4 {
		t.Fatalf("compact visitors panel is %dx%d", p.w, p.h)
	}
	m, _ = apply(t, m, tea.WindowSizeMsg{Width: 160, Height: 48})
	if p := m.panels[pHeatmap].(*heatmapPanel); p.w != 94 || p.h != 14 {
		t.Fatalf("wide heatmap panel is %dx%d", p.w, p.h)
	}
	// Too small for the grid: the focused panel alone.
	m, _ = apply(t, m, tea.WindowSizeMsg{Width: 50, Height: 12}, keyMsg("tab"))
	if v := m.View(); !strings.Contains(v, "Requests") || strings.Contains(v, "Live visitors") {
		t.Fatalf("small view:\n%s", v)
	}
}

func TestIncomingEvents(t *testing.T) {
	src := newFakeSource()
	m := loaded(t, src, 80, 24)
	m, _ = apply(t, m, streamMsg{api.StreamMessage{State: api.StreamConnected}})
	for _, e := range cannedEvents()[:2] {
		m, _ = apply(t, m, streamMsg{api.StreamMessage{State: api.StreamEvent, Event: e}})
	}
	v := m.View()
	if m.lastEventID != 2 || !hasAll(v, "● live #2", "fern-cli growing → blooming", "kelp open_demo · tablet") {
		t.Fatalf("events not shown:\n%s", v)
	}
	// A weather change reloads the weather.
	w := src.calls["weather"]
	m, _ = apply(t, m, streamMsg{api.StreamMessage{State: api.StreamEvent, Event: cannedEvents()[2]}})
	if src.calls["weather"] != w+1 || !strings.Contains(m.View(), "weather → stormy") {
		t.Fatalf("weather_change: weather loads %d → %d", w, src.calls["weather"])
	}
	// A resync reloads every figure.
	d, r := src.calls["dashboard"], src.calls["realtime"]
	m, _ = apply(t, m, streamMsg{api.StreamMessage{State: api.StreamEvent, Event: api.Event{ID: 40, EventType: api.EventResync, Timestamp: testNow}}})
	if src.calls["dashboard"] != d+1 || src.calls["realtime"] != r+1 || m.lastEventID != 40 {
		t.Fatalf("resync: dashboard %d→%d realtime %d→%d", d, src.calls["dashboard"], r, src.calls["realtime"])
	}
	// The socket going away shows in the header.
	m, _ = apply(t, m, streamMsg{api.StreamMessage{State: api.StreamReconnecting, Err: errDown, RetryIn: 2e9, Attempt: 1}})
	if v := m.View(); !hasAll(v, "reconnecting (1) in 2s", "Live feed [stale 15:09:26]") {
		t.Fatalf("reconnecting not shown:\n%s", v)
	}
}

func TestErrorsMarkStale(t *testing.T) {
	src := newFakeSource()
	m := loaded(t, src, 80, 24)
	src.setErr(errDown)
	m, _ = apply(t, m, realtimeTickMsg{m.rtSeq}, dashboardTickMsg{m.dashSeq})
	v := m.View()
	if !hasAll(v, "Live visitors [stale 15:09:26]", "Top projects [stale 15:09:26]",
		"Weather [stale 15:09:26]", "! server unreachable: connection refused") {
		t.Fatalf("stale not marked:\n%s", v)
	}
	// The figures stay on screen.
	if !hasAll(v, "moss-wall", "12.5 req/min") {
		t.Fatalf("figures dropped:\n%s", v)
	}
	if !m.Loaded() { // stale figures are still a complete screen
		t.Fatal("a dashboard that loaded once is not Loaded")
	}
	if m.rt.failures != 1 || m.dash.failures != 1 {
		t.Fatalf("failures %d %d", m.rt.failures, m.dash.failures)
	}
	src.setErr(nil)
	m, _ = apply(t, m, realtimeTickMsg{m.rtSeq}, dashboardTickMsg{m.dashSeq})
	if v := m.View(); strings.Contains(v, "stale") || strings.Contains(v, "! server") {
		t.Fatalf("still stale after recovery:\n%s", v)
	}
	// Never loaded: "no data".
	src.setErr(errDown)
	m2 := loaded(t, src, 80, 24)
	if v := m2.View(); !strings.Contains(v, "Top projects [no data]") || m2.Loaded() {
		t.Fatalf("no data not marked (Loaded %v):\n%s", m2.Loaded(), v)
	}
	if retryDelay(2e9, 30e9, 0) != 2e9 || retryDelay(2e9, 30e9, 3) != 16e9 || retryDelay(2e9, 30e9, 9) != 30e9 {
		t.Fatal("retryDelay")
	}
}

func TestUnauthorizedQuits(t *testing.T) {
	for name, err := range map[string]error{
		"api":    &api.Problem{Status: http.StatusUnauthorized, Title: "Unauthorized", Detail: "invalid or expired token"},
		"socket": &api.StreamError{Status: http.StatusUnauthorized, Code: -1, Err: errors.New("handshake")},
	} {
		t.Run(name, func(t *testing.T) {
			m := loaded(t, newFakeSource(), 80, 24)
			var msg tea.Msg = realtimeMsg{seq: m.rtSeq, err: err}
			if name == "socket" {
				msg = streamMsg{api.StreamMessage{State: api.StreamClosed, Err: err}}
			}
			m, msgs := apply(t, m, msg)
			if !hasQuit(msgs) || !errors.Is(m.Err(), ErrUnauthorized) {
				t.Fatalf("quit %v err %v", hasQuit(msgs), m.Err())
			}
			if v := m.View(); !hasAll(v, "rejected the token", "--token") {
				t.Fatalf("message: %q", v)
			}
		})
	}
}

// TestHelpListsEveryDocumentedKey: each key docs/dashboard.md documents is
// bound, and shown in the full help whichever panel has the focus, and
// works from there (p pauses the feed with another panel focused).
func TestHelpListsEveryDocumentedKey(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "dashboard.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(doc), "## Keys\n")
	section, _, _ = strings.Cut(section, "\n## ")
	var documented []string
	for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(section, -1) {
		documented = append(documented, m[1])
	}
	if len(documented) < 9 {
		t.Fatalf("docs/dashboard.md documents only %v", documented)
	}

	src := newFakeSource()
	m := loaded(t, src, 120, 40)
	m.focus = 0
	if m.focus == pFeed {
		t.Fatal("the test needs another panel than the feed focused")
	}
	m, _ = apply(t, m, keyMsg("?"))
	view := m.View()
	h := helpMap{keys: m.keys, panel: m.panelKeys()}
	for _, k := range documented {
		found := false
		for _, col := range h.FullHelp() {
			for _, b := range col {
				if slices.Contains(b.Keys(), k) {
					found = true
					if !strings.Contains(view, b.Help().Key) || !strings.Contains(view, b.Help().Desc) {
						t.Errorf("key %q (%s %s) is not in the full help:\n%s", k, b.Help().Key, b.Help().Desc, view)
					}
				}
			}
		}
		if !found {
			t.Errorf("docs/dashboard.md documents %q, which the full help does not list", k)
		}
	}

	m, _ = apply(t, m, keyMsg("p"))
	if feed := m.panels[pFeed].(*feedPanel); !feed.paused {
		t.Error("p with another panel focused did not pause the feed")
	}
}

// TestGrowthMark: a downgrade is not drawn as growth, and growthOrder is
// the API's enum of growth stages.
func TestGrowthMark(t *testing.T) {
	for _, tc := range []struct{ from, to, want string }{
		{"seed", "sprout", "↑"}, {"growing", "mature", "↑"}, {"blooming", "sprout", "↓"}, {"sprout", "seed", "↓"},
	} {
		if got := growthMark(tc.from, tc.to); got != tc.want {
			t.Errorf("growthMark(%s, %s) = %s, want %s", tc.from, tc.to, got, tc.want)
		}
	}
	// The API's enum is in its OpenAPI document (derived from the domain's
	// vocabulary when the document is built; docs/openapi.json is kept equal).
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if enum := doc.Components.Schemas["Project"].Properties["growth_stage"].Enum; !slices.Equal(enum, growthOrder) {
		t.Errorf("growthOrder %v, the API's enum %v", growthOrder, enum)
	}
}
