// Package tui is `greenhouse dashboard`: the owner's live analytics in the
// terminal, read from a running server through pkg/api (docs/dashboard.md).
package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// Ranges are the date ranges the keys 1-4 select.
var Ranges = []string{"24h", "7d", "30d", "90d"}

// Options configure the dashboard.
type Options struct {
	Source         Source
	Server         string             // shown in the header
	Range          string             // initial range (default 7d)
	Now            func() time.Time   // default time.Now
	Location       *time.Location     // where times are shown (default Local)
	Renderer       *lipgloss.Renderer // colour profile and background (default stdout's)
	RealtimeEvery  time.Duration      // default 2s
	DashboardEvery time.Duration      // default 60s
	MaxBackoff     time.Duration      // longest wait between failed polls (default 30s)
	Stream         api.StreamOptions  // socket options (backoff)
}

// ErrUnauthorized is the error of a dashboard that ended because the
// server rejected the token.
var ErrUnauthorized = errors.New("the server rejected the token")

// Model is the dashboard's root component.
type Model struct {
	opts   Options
	ctx    context.Context
	cancel context.CancelFunc
	env    *env
	keys   KeyMap
	help   help.Model

	panels []panel
	focus  int
	width  int
	height int

	dateRange string
	dashSeq   int
	rtSeq     int
	dash      feed
	rt        feed
	weather   feed

	stream      <-chan api.StreamMessage
	sock        feed
	sockState   api.StreamState
	sockRetryIn time.Duration
	lastEventID int64

	err      error // fatal: the dashboard ended
	quitting bool
}

// New builds the dashboard. Its loads and its socket stop when ctx ends or
// the user quits.
func New(ctx context.Context, opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Renderer == nil {
		opts.Renderer = lipgloss.DefaultRenderer()
	}
	if opts.RealtimeEvery <= 0 {
		opts.RealtimeEvery = 2 * time.Second
	}
	if opts.DashboardEvery <= 0 {
		opts.DashboardEvery = 60 * time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 30 * time.Second
	}
	if opts.Range == "" {
		opts.Range = "7d"
	}
	ctx, cancel := context.WithCancel(ctx)
	e := &env{styles: NewStyles(opts.Renderer), now: opts.Now, loc: opts.Location}
	h := help.New()
	h.Styles.ShortKey = e.styles.Accent
	h.Styles.FullKey = e.styles.Accent
	h.Styles.ShortDesc = e.styles.Muted
	h.Styles.FullDesc = e.styles.Muted
	h.Styles.ShortSeparator = e.styles.Muted
	h.Styles.FullSeparator = e.styles.Muted
	m := Model{opts: opts, ctx: ctx, cancel: cancel, env: e, keys: DefaultKeyMap(), help: h,
		dateRange: opts.Range, sockState: -1,
		panels: []panel{newVisitorsPanel(e), newTrafficPanel(e), newProjectsPanel(e), newHeatmapPanel(e),
			newFeedPanel(e), newWeatherPanel(e), newAudiencePanel(e), newEntriesPanel(e)}}
	return m
}

// Loaded says whether the first complete screen is up: the range's
// dashboard, the realtime figures and the weather have each answered once.
func (m Model) Loaded() bool {
	return !m.dash.ok.IsZero() && !m.rt.ok.IsZero() && !m.weather.ok.IsZero()
}

// Err is why the dashboard ended, nil when the user quit.
func (m Model) Err() error { return m.err }

// streamStartedMsg carries the socket's channel into the model.
type streamStartedMsg struct{ ch <-chan api.StreamMessage }

// Init loads everything and opens the socket.
func (m Model) Init() tea.Cmd {
	ctx, src, opts := m.ctx, m.opts.Source, m.opts.Stream
	cmds := []tea.Cmd{
		loadDashboard(ctx, src, m.dashSeq, m.dateRange),
		loadWeather(ctx, src, m.dashSeq),
		loadRealtime(ctx, src, m.rtSeq),
		func() tea.Msg { return streamStartedMsg{src.Events(ctx, opts)} },
	}
	for _, p := range m.panels {
		cmds = append(cmds, p.Init())
	}
	return tea.Batch(cmds...)
}

// Update handles keys, sizes and the answers of the loads; it never waits.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.KeyMsg:
		return m.key(msg)
	case dashboardMsg:
		return m.dashboardLoaded(msg)
	case weatherMsg:
		if msg.err != nil {
			if unauthorized(msg.err) {
				return m.fatal(msg.err)
			}
			m.weather.fail(msg.err)
			return m, nil
		}
		m.weather.succeed(m.opts.Now())
		return m, m.forward(msg)
	case realtimeMsg:
		return m.realtimeLoaded(msg)
	case dashboardTickMsg:
		if msg.seq != m.dashSeq {
			return m, nil
		}
		return m, tea.Batch(loadDashboard(m.ctx, m.opts.Source, m.dashSeq, m.dateRange),
			loadWeather(m.ctx, m.opts.Source, m.dashSeq))
	case realtimeTickMsg:
		if msg.seq != m.rtSeq {
			return m, nil
		}
		return m, loadRealtime(m.ctx, m.opts.Source, m.rtSeq)
	case streamStartedMsg:
		m.stream = msg.ch
		return m, waitStream(msg.ch)
	case streamMsg:
		return m.streamed(msg)
	case streamEndMsg:
		return m, nil
	}
	return m, nil
}

func (m Model) key(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
		// Keys typed faster than they are read come as one message: "2?".
		var cmds []tea.Cmd
		var next tea.Model = m
		for _, r := range msg.Runes {
			var cmd tea.Cmd
			next, cmd = next.(Model).key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			cmds = append(cmds, cmd)
		}
		return next, tea.Batch(cmds...)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		m.quitting = true
		m.cancel()
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return m, nil
	case key.Matches(msg, k.Next):
		m.focus = (m.focus + 1) % len(m.panels)
		m.layout()
		return m, nil
	case key.Matches(msg, k.Prev):
		m.focus = (m.focus + len(m.panels) - 1) % len(m.panels)
		m.layout()
		return m, nil
	case key.Matches(msg, k.Refresh):
		return m, m.refresh()
	}
	for _, r := range k.ranges() {
		if key.Matches(msg, r.b) {
			if r.r == m.dateRange {
				return m, nil
			}
			m.dateRange = r.r
			m.dashSeq++
			return m, loadDashboard(m.ctx, m.opts.Source, m.dashSeq, m.dateRange)
		}
	}
	// A panel's own key works whichever panel has the focus, as the full
	// help (which lists every panel's keys) promises.
	for _, p := range m.panels {
		for _, b := range p.Keys() {
			if key.Matches(msg, b) {
				return m, p.Update(msg)
			}
		}
	}
	return m, nil
}

// refresh reloads everything now; answers and ticks of the older
// generations are ignored from then on.
func (m *Model) refresh() tea.Cmd {
	m.dashSeq++
	m.rtSeq++
	return tea.Batch(reloadDashboard(m.ctx, m.opts.Source, m.dashSeq, m.dateRange),
		loadWeather(m.ctx, m.opts.Source, m.dashSeq), loadRealtime(m.ctx, m.opts.Source, m.rtSeq))
}

func (m Model) dashboardLoaded(msg dashboardMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.dashSeq {
		return m, nil // an older range or refresh
	}
	if msg.err != nil {
		if unauthorized(msg.err) {
			return m.fatal(msg.err)
		}
		m.dash.fail(msg.err)
		return m, tickAfter(retryDelay(m.opts.DashboardEvery/8, m.opts.MaxBackoff, m.dash.failures), dashboardTickMsg{m.dashSeq})
	}
	m.dash.succeed(m.opts.Now())
	return m, tea.Batch(m.forward(msg), tickAfter(m.opts.DashboardEvery, dashboardTickMsg{m.dashSeq}))
}

func (m Model) realtimeLoaded(msg realtimeMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.rtSeq {
		return m, nil
	}
	if msg.err != nil {
		if unauthorized(msg.err) {
			return m.fatal(msg.err)
		}
		m.rt.fail(msg.err)
		return m, tickAfter(retryDelay(m.opts.RealtimeEvery, m.opts.MaxBackoff, m.rt.failures), realtimeTickMsg{m.rtSeq})
	}
	m.rt.succeed(m.opts.Now())
	return m, tea.Batch(m.forward(msg), tickAfter(m.opts.RealtimeEvery, realtimeTickMsg{m.rtSeq}))
}

func (m Model) streamed(msg streamMsg) (tea.Model, tea.Cmd) {
	sm := msg.m
	next := waitStream(m.stream)
	switch sm.State {
	case api.StreamConnected:
		m.sockState = sm.State
		m.sock.succeed(m.opts.Now())
		return m, next
	case api.StreamReconnecting:
		m.sockState, m.sockRetryIn = sm.State, sm.RetryIn
		m.sock.fail(sm.Err)
		return m, next
	case api.StreamClosed:
		m.sockState = sm.State
		if sm.Err != nil {
			if unauthorized(sm.Err) {
				return m.fatal(sm.Err)
			}
			m.sock.fail(sm.Err)
		}
		return m, nil
	}
	m.sock.succeed(m.opts.Now())
	m.lastEventID = sm.Event.ID
	cmds := []tea.Cmd{next, m.forward(msg)}
	switch sm.Event.EventType {
	case api.EventResync:
		cmds = append(cmds, m.refresh()) // the missed events are gone: reload the figures
	case "weather_change":
		cmds = append(cmds, loadWeather(m.ctx, m.opts.Source, m.dashSeq))
	}
	return m, tea.Batch(cmds...)
}

// fatal ends the dashboard with an error the command reports.
func (m Model) fatal(err error) (tea.Model, tea.Cmd) {
	m.err = fmt.Errorf("%w (%v): pass a valid admin token with --token or GREENHOUSE_DASHBOARD_TOKEN, "+
		"e.g. from `greenhouse token issue` on the server", ErrUnauthorized, err)
	m.quitting = true
	m.cancel()
	return m, tea.Quit
}

// forward gives a message to every panel.
func (m Model) forward(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, p := range m.panels {
		cmds = append(cmds, p.Update(msg))
	}
	return tea.Batch(cmds...)
}

func (m Model) feedOf(k sourceKind) feed {
	switch k {
	case fromDashboard:
		return m.dash
	case fromRealtime:
		return m.rt
	case fromWeather:
		return m.weather
	}
	return m.sock
}

// View draws the header, the panels and the key help, exactly the
// terminal's size.
func (m Model) View() string {
	if m.quitting {
		if m.err != nil {
			return m.env.styles.Error.Render("greenhouse dashboard: "+m.err.Error()) + "\n"
		}
		return ""
	}
	if m.width == 0 || m.height == 0 {
		return "loading…"
	}
	header := m.header()
	footer := m.footer()
	bodyH := max(m.height-lipgloss.Height(header)-lipgloss.Height(footer), 0)
	body := m.body(bodyH)
	return lipgloss.JoinVertical(lipgloss.Left, header, body, footer)
}

func (m Model) header() string {
	s := m.env.styles
	left := s.Header.Render("greenhouse") + " " + s.Muted.Render(m.opts.Server) + "  range " + s.Accent.Render(m.dateRange)
	var right string
	switch {
	case m.sockState == api.StreamConnected:
		right = s.Good.Render("● live")
		if m.lastEventID > 0 {
			right += s.Muted.Render(fmt.Sprintf(" #%d", m.lastEventID))
		}
	case m.sockState == api.StreamReconnecting:
		right = s.Stale.Render(fmt.Sprintf("○ reconnecting (%d) in %s", m.sock.failures, m.sockRetryIn.Round(100*time.Millisecond)))
	case m.sockState == api.StreamClosed:
		right = s.Bad.Render("○ socket closed")
	default:
		right = s.Muted.Render("○ connecting")
	}
	withClock := right + "  " + s.Muted.Render(m.opts.Now().In(m.opts.Location).Format("15:04:05"))
	for _, r := range []string{withClock, right} { // the clock goes first when room is short
		if gap := m.width - lipgloss.Width(left) - lipgloss.Width(r); gap >= 1 {
			return left + strings.Repeat(" ", gap) + r
		}
	}
	return pad(right+"  "+left, m.width)
}

// panelKeys are every panel's own keys, whichever has the focus: `p`
// pauses the feed from anywhere, so the full help lists it everywhere.
func (m Model) panelKeys() []key.Binding {
	var keys []key.Binding
	for _, p := range m.panels {
		keys = append(keys, p.Keys()...)
	}
	return keys
}

func (m Model) footer() string {
	s := m.env.styles
	m.help.Width = m.width
	line := m.help.View(helpMap{keys: m.keys, panel: m.panelKeys()})
	if err := m.firstError(); err != nil && !m.help.ShowAll {
		// The error takes the room of all keys but ? and q.
		line = m.help.ShortHelpView([]key.Binding{m.keys.Help, m.keys.Quit})
		msg := s.Stale.Render("! " + shortError(err))
		line = pad(msg, max(m.width-lipgloss.Width(line)-2, 0)) + "  " + line
	}
	lines := strings.Split(line, "\n")
	for i, l := range lines {
		lines[i] = pad(l, m.width)
	}
	return strings.Join(lines, "\n")
}

// firstError is the error of the first stale source, for the footer.
func (m Model) firstError() error {
	for _, f := range []feed{m.rt, m.dash, m.weather, m.sock} {
		if f.err != nil {
			return f.err
		}
	}
	return nil
}

// shortError is an error in a few words: the cause of a failed request,
// the status of an answer.
func shortError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		msg := ue.Err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return "server unreachable: " + msg
	}
	return err.Error()
}

// staleLabel marks a panel whose sources failed: since when its figures
// are old, or that it never had any.
func (m Model) staleLabel(p panel) string {
	for _, k := range p.Sources() {
		f := m.feedOf(k)
		if !f.stale() {
			continue
		}
		if f.ok.IsZero() && k == fromStream {
			return "offline"
		}
		if f.ok.IsZero() {
			return "no data"
		}
		return "stale " + f.ok.In(m.opts.Location).Format("15:04:05")
	}
	return ""
}

// body lays the panels out in bodyH rows.
func (m Model) body(bodyH int) string {
	s := m.env.styles
	rows := m.grid()
	rowHs := split(bodyH, len(rows), func(i int) int { return rows[i].weight })
	var out []string
	for i, r := range rows {
		widths := split(m.width, len(r.cells), func(j int) int { return r.cells[j].weight })
		var cells []string
		for j, c := range r.cells {
			p := m.panels[c.panel]
			border, edge := lipgloss.RoundedBorder(), s.Frame
			if c.panel == m.focus {
				border, edge = lipgloss.ThickBorder(), s.Focused
			}
			cells = append(cells, frame(border, edge, p.Title(), m.staleLabel(p), s.Stale, p.View(), widths[j], rowHs[i]))
		}
		if rowHs[i] > 0 {
			out = append(out, lipgloss.JoinHorizontal(lipgloss.Top, cells...))
		}
	}
	return fit(strings.Join(out, "\n"), m.width, bodyH)
}

type gridRow struct {
	weight int
	cells  []gridCell
}

type gridCell struct{ panel, weight int }

// Panel indices, in tab order.
const (
	pVisitors = iota
	pTraffic
	pProjects
	pHeatmap
	pFeed
	pWeather
	pAudience
	pEntries
)

// Layout thresholds: below compactMin only the focused panel shows; from
// wideMin on, the grid has three columns.
const (
	compactMinW, compactMinH = 60, 16
	wideMinW, wideMinH       = 120, 36
)

func (m Model) grid() []gridRow {
	switch {
	case m.width < compactMinW || m.height < compactMinH:
		return []gridRow{{1, []gridCell{{m.focus, 1}}}}
	case m.width >= wideMinW && m.height >= wideMinH:
		return []gridRow{
			{4, []gridCell{{pVisitors, 1}, {pTraffic, 1}, {pWeather, 1}}},
			{5, []gridCell{{pProjects, 2}, {pHeatmap, 3}}},
			{5, []gridCell{{pFeed, 3}, {pAudience, 2}, {pEntries, 2}}},
		}
	}
	return []gridRow{
		{1, []gridCell{{pVisitors, 1}, {pTraffic, 1}}},
		{1, []gridCell{{pProjects, 1}, {pHeatmap, 1}}},
		{1, []gridCell{{pFeed, 1}, {pWeather, 1}}},
		{1, []gridCell{{pAudience, 1}, {pEntries, 1}}},
	}
}

// layout gives each shown panel its content size (inside its frame).
func (m *Model) layout() {
	m.help.Width = m.width
	bodyH := max(m.height-1-lipgloss.Height(m.footer()), 0)
	rows := m.grid()
	rowHs := split(bodyH, len(rows), func(i int) int { return rows[i].weight })
	for i, r := range rows {
		widths := split(m.width, len(r.cells), func(j int) int { return r.cells[j].weight })
		for j, c := range r.cells {
			m.panels[c.panel].SetSize(widths[j]-2, rowHs[i]-2)
		}
	}
}

// split cuts total into n parts in proportion to their weights; the
// remainder goes to the first parts.
func split(total, n int, weight func(int) int) []int {
	out := make([]int, n)
	sum := 0
	for i := range n {
		sum += weight(i)
	}
	if sum == 0 || total <= 0 {
		return out
	}
	used := 0
	for i := range n {
		out[i] = total * weight(i) / sum
		used += out[i]
	}
	for i := 0; used < total; i = (i + 1) % n {
		out[i]++
		used++
	}
	return out
}

// Run shows the dashboard on in/out until the user quits; it returns
// ErrUnauthorized (wrapped) when the server rejects the token.
func Run(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	m := New(ctx, opts)
	final, err := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithAltScreen()).Run()
	if fm, ok := final.(Model); ok {
		fm.cancel()
		if fm.err != nil {
			return fm.err
		}
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // interrupted from outside
	}
	return err
}
