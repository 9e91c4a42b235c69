package tui

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/coder/websocket"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// fakeServer is an API server with canned answers and a /ws/garden that
// sends its events after ?since and then stays open until stop.
type fakeServer struct {
	active  int
	rpm     float64
	weather string
	events  []api.Event
	token   string

	mu     sync.Mutex
	sinces []string
	stop   chan struct{}
}

func newFakeServer(active int, rpm float64, weather string, events []api.Event) *fakeServer {
	return &fakeServer{active: active, rpm: rpm, weather: weather, events: events, token: "good", stop: make(chan struct{})}
}

func (f *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+f.token {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"status":401,"title":"Unauthorized","detail":"invalid or expired token"}`))
		return
	}
	var body any
	switch r.URL.Path {
	case "/api/v1/analytics/dashboard":
		body = cannedDashboard(r.URL.Query().Get("date_range"))
	case "/api/v1/analytics/realtime":
		rt := cannedRealtime(f.active)
		rt.RequestsPerMinute = f.rpm
		body = rt
	case "/api/v1/garden/weather":
		body = cannedWeather(f.weather)
	case "/ws/garden":
		f.socket(w, r)
		return
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

func (f *fakeServer) socket(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.sinces = append(f.sinces, r.URL.Query().Get("since"))
	f.mu.Unlock()
	since, _ := strconv.ParseInt(r.URL.Query().Get("since"), 10, 64)
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer conn.CloseNow()
	ctx := conn.CloseRead(r.Context())
	for _, e := range f.events {
		if e.ID <= since {
			continue
		}
		raw, _ := json.Marshal(e)
		if conn.Write(ctx, websocket.MessageText, raw) != nil {
			return
		}
	}
	select {
	case <-ctx.Done():
	case <-f.stop:
		conn.Close(websocket.StatusGoingAway, "server shutting down")
	}
}

func (f *fakeServer) seenSinces() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.sinces...)
}

// startOn serves f on addr ("" for any free port).
func startOn(t *testing.T, f *fakeServer, addr string) *httptest.Server {
	t.Helper()
	ts := httptest.NewUnstartedServer(f)
	if addr != "" {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatalf("listen again on %s: %v", addr, err)
		}
		ts.Listener.Close()
		ts.Listener = l
	}
	ts.Start()
	return ts
}

// shutdown stops the socket (1001) and the server.
func shutdown(f *fakeServer, ts *httptest.Server) {
	close(f.stop)
	ts.CloseClientConnections()
	ts.Close()
}

func waitFor(t *testing.T, tm *teatest.TestModel, subs ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return hasAll(string(b), subs...) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func clientOptions(ts *httptest.Server, token string) Options {
	opts := testOptions(api.NewClient(ts.URL, api.WithToken(token)))
	return opts
}

// TestGoldenViews renders the dashboard fed by an HTTP server and a socket
// at 80×24 and 160×48 (go test ./internal/tui -update rewrites the files).
func TestGoldenViews(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {160, 48}} {
		name := strconv.Itoa(sz[0]) + "x" + strconv.Itoa(sz[1])
		t.Run(name, func(t *testing.T) {
			f := newFakeServer(7, 12.5, "sunny", cannedEvents())
			ts := startOn(t, f, "")
			defer shutdown(f, ts)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			tm := teatest.NewTestModel(t, New(ctx, clientOptions(ts, "good")), teatest.WithInitialTermSize(sz[0], sz[1]))
			waitFor(t, tm, "● live #3", "weather → stormy", "moss-wall", "sunny", "12.5 req/min", "• kelp open_demo")
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
			golden(t, "dashboard_"+name, m.View())
		})
	}
}

// TestRecoversAfterRestart closes the server, sees the panels go stale and
// the socket retry, starts a new server on the same address and sees fresh
// figures and the socket resume after the last event id.
func TestRecoversAfterRestart(t *testing.T) {
	events := cannedEvents()
	first := newFakeServer(3, 12.5, "sunny", events[:2])
	ts := startOn(t, first, "")
	addr := ts.Listener.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := clientOptions(ts, "good")
	opts.RealtimeEvery, opts.DashboardEvery, opts.MaxBackoff = 50*time.Millisecond, 100*time.Millisecond, 200*time.Millisecond
	opts.Stream.MinBackoff, opts.Stream.MaxBackoff = 20*time.Millisecond, 100*time.Millisecond
	tm := teatest.NewTestModel(t, New(ctx, opts), teatest.WithInitialTermSize(160, 48))
	waitFor(t, tm, "● live #2", "12.5 req/min", "fern-cli growing → blooming")

	shutdown(first, ts)
	waitFor(t, tm, "Live visitors [stale 15:09:26]", "Top projects [stale 15:09:26]", "○ reconnecting", "server unreachable")

	more := append(events, api.Event{ID: 4, EventType: "seed_planted", Timestamp: testNow,
		Data: json.RawMessage(`{"project_id":"p-new","name":"new-sprout","visible":true}`)})
	second := newFakeServer(42, 99, "aurora", more)
	ts2 := startOn(t, second, addr)
	defer shutdown(second, ts2)
	waitFor(t, tm, "● live #4", "99.0 req/min", "aurora", "seed planted: new-sprout")

	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if m.rt.stale() || m.dash.stale() || m.weather.stale() || m.sock.stale() || m.lastEventID != 4 {
		t.Fatalf("not recovered: rt %v dash %v weather %v sock %v last %d", m.rt.err, m.dash.err, m.weather.err, m.sock.err, m.lastEventID)
	}
	if v := m.View(); strings.Contains(v, "[stale") || strings.Contains(v, "! ") {
		t.Fatalf("still marked stale:\n%s", v)
	}
	if got := second.seenSinces(); len(got) == 0 || got[0] != "2" {
		t.Fatalf("the socket resumed with since=%q, want 2", got)
	}
	// Nothing was shown twice.
	seen := map[string]int{}
	feed := m.panels[pFeed].(*feedPanel)
	for _, it := range feed.items {
		text := feed.text(it)
		if seen[text]++; seen[text] > 1 {
			t.Fatalf("%q shown twice", text)
		}
	}
}

// TestRejectedTokenEndsProgram runs the program against a server that
// answers 401 and expects it to end with ErrUnauthorized.
func TestRejectedTokenEndsProgram(t *testing.T) {
	f := newFakeServer(1, 1, "sunny", nil)
	ts := startOn(t, f, "")
	defer shutdown(f, ts)
	tm := teatest.NewTestModel(t, New(context.Background(), clientOptions(ts, "bad")), teatest.WithInitialTermSize(80, 24))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if m.Err() == nil || !strings.Contains(m.Err().Error(), "401 Unauthorized") {
		t.Fatalf("err = %v", m.Err())
	}
}

var _ tea.Model = Model{}
