package tui

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
	"github.com/muesli/termenv"
)

// testNow is the fixed clock of every test.
var testNow = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii) // for anything built on the default renderer
	os.Exit(m.Run())
}

// asciiRenderer renders without colours, on a dark background.
func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

func testOptions(src Source) Options {
	return Options{
		Source: src, Server: "http://garden.test", Now: func() time.Time { return testNow },
		Location: time.UTC, Renderer: asciiRenderer(),
		RealtimeEvery: time.Hour, DashboardEvery: time.Hour, MaxBackoff: time.Hour,
		Stream: api.StreamOptions{MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, Jitter: func() float64 { return 1 }},
	}
}

func f64(f float64) *float64 { return &f }

func cannedDashboard(rng string) *api.AnalyticsDashboard {
	at := func(h int) time.Time { return testNow.Add(time.Duration(h-24) * time.Hour).Truncate(time.Hour) }
	d := &api.AnalyticsDashboard{
		DateRange: rng, TimeZone: "UTC", GeneratedAt: testNow, SeriesBy: "day",
		Visitors:         api.VisitorStats{Sessions: 1234, UniqueVisitors: 877, Interactions: 5120, BounceRate: 0.31, AvgVisitSeconds: 185, ProjectsPerSession: 2.4},
		PreviousVisitors: api.VisitorStats{Sessions: 1100, UniqueVisitors: 800, Interactions: 4000},
		Series: api.SeriesColumns{Start: []time.Time{at(0), at(1)}, Sessions: []int64{10, 20}, Bounces: []int64{0, 0},
			Interactions: []int64{0, 0}, PreviousSessions: []int64{0, 0}, PreviousInteractions: []int64{0, 0}},
		Growth: api.GrowthFigures{StageChanges: 3, Projects: []api.ProjectGrowth{
			{ProjectID: "p-moss", Name: "moss-wall", Interactions: 420, PreviousInteractions: 300},
			{ProjectID: "p-fern", Name: "fern-cli", Interactions: 260, PreviousInteractions: 260},
			{ProjectID: "p-ivy", Name: "ivy-sync", Interactions: 120, PreviousInteractions: 200},
			{ProjectID: "p-kelp", Name: "kelp", Interactions: 30},
		}},
		Devices:     []api.BreakdownCount{{Key: "desktop", Count: 700}, {Key: "mobile", Count: 480}, {Key: "tablet", Count: 54}},
		Countries:   []api.BreakdownCount{{Key: "FR", Count: 500}, {Key: "US", Count: 400}, {Key: "DE", Count: 200}, {Key: "", Count: 134}},
		EntryPoints: []api.BreakdownCount{{Key: "/", Count: 800, Previous: 700}, {Key: "/projects/moss-wall", Count: 300, Previous: 310}, {Key: "/skills", Count: 134}},
		Performance: api.PerformanceFigures{Current: api.RouteStats{Route: "*", Requests: 90000, RequestsPerMinute: 8.9, P95Millis: 48, PreviousP95Millis: 52},
			Routes: []api.RouteStats{
				{Route: "/api/v1/garden", Method: "GET", RequestsPerMinute: 5.1, P95Millis: 38},
				{Route: "/api/v1/projects/{project_id}/interact", Method: "POST", RequestsPerMinute: 2.4, P95Millis: 61},
			}},
	}
	row := func(id, name string) *api.HeatmapRow {
		d.Heatmap = append(d.Heatmap, api.HeatmapRow{ProjectID: id, ProjectName: name, Projects: 1,
			Interactions: make([]int64, api.HeatmapHours), PreviousInteractions: make([]int64, api.HeatmapHours)})
		return &d.Heatmap[len(d.Heatmap)-1]
	}
	moss := row("p-moss", "moss-wall")
	for h := range 24 {
		moss.Interactions[2*24+h] = int64((h * 7) % 23)
	}
	fern := row("p-fern", "fern-cli")
	for h := 8; h <= 18; h++ {
		fern.Interactions[3*24+h] = int64(h - 7)
	}
	row("p-ivy", "ivy-sync").Interactions[1*24+21] = 12
	return d
}

func cannedRealtime(active int) *api.RealtimeMetrics {
	return &api.RealtimeMetrics{
		GeneratedAt: testNow, ActiveVisitors: active, OpenSockets: 5, RequestsPerMinute: 12.5, P95Millis: 41, ErrorRate: 0.002,
		RecentInteractions: []api.RecentInteraction{
			{ProjectID: "p-moss", ProjectName: "moss-wall", Type: "view", DeviceType: "mobile", OccurredAt: testNow.Add(-3 * time.Minute)},
			{ProjectID: "p-fern", ProjectName: "fern-cli", Type: "like", DeviceType: "desktop", OccurredAt: testNow.Add(-2 * time.Minute)},
		},
		GrowthChanges: []api.StageChange{{ProjectID: "p-ivy", ProjectName: "ivy-sync", PreviousStage: "sprout", NewStage: "growing", At: testNow.Add(-10 * time.Minute)}},
	}
}

func cannedWeather(kind string) *api.WeatherState {
	return &api.WeatherState{WeatherType: kind, Intensity: 0.72, GithubCommitsToday: 12, CodingHoursToday: 3.5,
		MusicMood: "calm", ActualWeather: "drizzle", ProductivityScore: f64(0.8), CreativityIndex: f64(0.6), StressLevel: f64(0.2),
		TimeOfDay: "day", Season: "spring", Source: "computed", StartedAt: testNow.Add(-time.Hour)}
}

func cannedEvents() []api.Event {
	ev := func(id int64, typ string, sec int, data string) api.Event {
		return api.Event{ID: id, EventType: typ, Timestamp: testNow.Add(time.Duration(sec) * time.Second), Data: json.RawMessage(data)}
	}
	return []api.Event{
		ev(1, "visitor_interaction", -50, `{"project_id":"p-kelp","interaction_type":"open_demo","device_type":"tablet"}`),
		ev(2, "project_growth", -40, `{"project_id":"p-fern","name":"fern-cli","previous_stage":"growing","new_stage":"blooming","growth_factor":1.4}`),
		ev(3, "weather_change", -30, `{"weather_type":"stormy","intensity":0.9}`),
	}
}

// fakeSource answers from canned data; err, when set, fails every call.
type fakeSource struct {
	mu        sync.Mutex
	err       error
	ranges    []string
	refreshes int // RefreshAnalyticsDashboard calls: the refresh key asks for fresh figures
	calls     map[string]int
	events    chan api.StreamMessage
}

func newFakeSource() *fakeSource {
	return &fakeSource{calls: map[string]int{}, events: make(chan api.StreamMessage, 16)}
}

func (f *fakeSource) called(what string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[what]++
	return f.err
}

func (f *fakeSource) setErr(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err = err
}

func (f *fakeSource) AnalyticsDashboard(_ context.Context, r string) (*api.AnalyticsDashboard, error) {
	f.mu.Lock()
	f.ranges = append(f.ranges, r)
	f.mu.Unlock()
	if err := f.called("dashboard"); err != nil {
		return nil, err
	}
	return cannedDashboard(r), nil
}

func (f *fakeSource) RefreshAnalyticsDashboard(ctx context.Context, r string) (*api.AnalyticsDashboard, error) {
	f.mu.Lock()
	f.refreshes++
	f.mu.Unlock()
	return f.AnalyticsDashboard(ctx, r)
}

func (f *fakeSource) RealtimeMetrics(context.Context) (*api.RealtimeMetrics, error) {
	if err := f.called("realtime"); err != nil {
		return nil, err
	}
	return cannedRealtime(7), nil
}

func (f *fakeSource) Weather(context.Context) (*api.WeatherState, error) {
	if err := f.called("weather"); err != nil {
		return nil, err
	}
	return cannedWeather("sunny"), nil
}

func (f *fakeSource) Events(context.Context, api.StreamOptions) <-chan api.StreamMessage {
	_ = f.called("events")
	return f.events
}

var errDown error = &url.Error{Op: "Get", URL: "http://garden.test/api/v1/analytics/realtime",
	Err: errors.New("dial tcp 127.0.0.1:8080: connect: connection refused")}

// run executes a command the way Bubble Tea would, collecting the messages
// (batches flattened); ticks are not waited for.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(100 * time.Millisecond):
		return nil // a tick or a stream wait
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, run(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// apply feeds messages to the model, and the messages of the commands they
// produce, until nothing is left.
func apply(t *testing.T, m Model, msgs ...tea.Msg) (Model, []tea.Msg) {
	t.Helper()
	var seen []tea.Msg
	for len(msgs) > 0 && len(seen) < 200 {
		msg := msgs[0]
		msgs = msgs[1:]
		seen = append(seen, msg)
		if _, ok := msg.(tea.QuitMsg); ok {
			continue
		}
		next, cmd := m.Update(msg)
		m = next.(Model)
		msgs = append(msgs, run(cmd)...)
	}
	return m, seen
}

// loaded is a model of size w×h after its first loads.
func loaded(t *testing.T, src *fakeSource, w, h int) Model {
	t.Helper()
	m := New(context.Background(), testOptions(src))
	m, _ = apply(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	m, _ = apply(t, m, run(m.Init())...)
	return m
}

// golden compares got with testdata/name.golden; -update rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("view differs from %s (run with -update to accept):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

func hasAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

var _ = http.StatusOK
