package tui

import (
	"context"
	"errors"
	"net/http"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// Source is what the dashboard reads; *api.Client is one.
type Source interface {
	AnalyticsDashboard(ctx context.Context, dateRange string) (*api.AnalyticsDashboard, error)
	RefreshAnalyticsDashboard(ctx context.Context, dateRange string) (*api.AnalyticsDashboard, error)
	RealtimeMetrics(ctx context.Context) (*api.RealtimeMetrics, error)
	Weather(ctx context.Context) (*api.WeatherState, error)
	Events(ctx context.Context, opts api.StreamOptions) <-chan api.StreamMessage
}

// dashboardMsg answers a dashboard (and weather) load of one generation.
type dashboardMsg struct {
	seq       int
	dateRange string
	data      *api.AnalyticsDashboard
	err       error
}

type weatherMsg struct {
	seq  int
	data *api.WeatherState
	err  error
}

type realtimeMsg struct {
	seq  int
	data *api.RealtimeMetrics
	err  error
}

// dashboardTickMsg and realtimeTickMsg start the next poll of a generation.
type dashboardTickMsg struct{ seq int }
type realtimeTickMsg struct{ seq int }

// streamMsg is one message of the event stream; streamEndMsg its end.
type streamMsg struct{ m api.StreamMessage }
type streamEndMsg struct{}

// requestTimeout bounds each API call.
const requestTimeout = 10 * time.Second

// The load commands get their inputs as values when they are built, so
// nothing they read changes under them.

func loadDashboard(ctx context.Context, src Source, seq int, dateRange string) tea.Cmd {
	return fetchDashboard(ctx, seq, dateRange, src.AnalyticsDashboard)
}

// reloadDashboard is loadDashboard with figures the server computes afresh
// rather than serves from its cache: what the owner's refresh key asks for.
func reloadDashboard(ctx context.Context, src Source, seq int, dateRange string) tea.Cmd {
	return fetchDashboard(ctx, seq, dateRange, src.RefreshAnalyticsDashboard)
}

func fetchDashboard(ctx context.Context, seq int, dateRange string,
	get func(context.Context, string) (*api.AnalyticsDashboard, error)) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		d, err := get(ctx, dateRange)
		return dashboardMsg{seq: seq, dateRange: dateRange, data: d, err: err}
	}
}

func loadWeather(ctx context.Context, src Source, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		w, err := src.Weather(ctx)
		return weatherMsg{seq: seq, data: w, err: err}
	}
}

func loadRealtime(ctx context.Context, src Source, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		r, err := src.RealtimeMetrics(ctx)
		return realtimeMsg{seq: seq, data: r, err: err}
	}
}

// waitStream reads the next message of the stream.
func waitStream(ch <-chan api.StreamMessage) tea.Cmd {
	return func() tea.Msg {
		m, ok := <-ch
		if !ok {
			return streamEndMsg{}
		}
		return streamMsg{m}
	}
}

func tickAfter(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// unauthorized says the server rejected the token.
func unauthorized(err error) bool {
	var p *api.Problem
	if errors.As(err, &p) && (p.Status == http.StatusUnauthorized || p.Status == http.StatusForbidden) {
		return true
	}
	var se *api.StreamError
	return errors.As(err, &se) && (se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden)
}

// retryDelay is every after a success, then doubles per failure up to max.
func retryDelay(every, maxDelay time.Duration, failures int) time.Duration {
	d := every
	for i := 0; i < failures && d < maxDelay; i++ {
		d *= 2
	}
	return min(d, maxDelay)
}

// feed is how a source stands: when it last answered and the error since.
type feed struct {
	ok       time.Time // last success
	err      error     // last failure, nil after a success
	failures int
}

func (f *feed) succeed(now time.Time) { f.ok, f.err, f.failures = now, nil, 0 }
func (f *feed) fail(err error)        { f.err = err; f.failures++ }
func (f feed) stale() bool            { return f.err != nil }
