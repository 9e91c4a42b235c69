package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// fakeGarden serves /ws/garden: each connection gets the events after
// ?since, then is closed with the next close code of the script.
type fakeGarden struct {
	mu     sync.Mutex
	events []api.Event
	closes []websocket.StatusCode
	sinces []string
	auths  []string
	resync bool
}

func (g *fakeGarden) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	g.sinces = append(g.sinces, r.URL.Query().Get("since"))
	g.auths = append(g.auths, r.Header.Get("Authorization"))
	code := websocket.StatusGoingAway
	if len(g.closes) > 0 {
		code, g.closes = g.closes[0], g.closes[1:]
	}
	var since int64
	fmt.Sscan(r.URL.Query().Get("since"), &since)
	var send []api.Event
	if g.resync && since > 0 {
		g.resync = false
		send = append(send, api.Event{ID: 99, EventType: api.EventResync, Data: json.RawMessage(`{}`)})
	} else {
		for _, e := range g.events {
			if e.ID > since {
				send = append(send, e)
			}
		}
	}
	g.mu.Unlock()
	if code == http.StatusUnauthorized {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer conn.CloseNow()
	for _, e := range send[:min(len(send), 2)] { // two per connection
		raw, _ := json.Marshal(e)
		if conn.Write(r.Context(), websocket.MessageText, raw) != nil {
			return
		}
	}
	conn.Close(code, "bye")
}

func collect(t *testing.T, ch <-chan api.StreamMessage, until func(api.StreamMessage) bool) []api.StreamMessage {
	t.Helper()
	var got []api.StreamMessage
	timeout := time.After(5 * time.Second)
	for {
		select {
		case m, ok := <-ch:
			if !ok {
				return got
			}
			got = append(got, m)
			if until(m) {
				return got
			}
		case <-timeout:
			t.Fatalf("timed out; got %+v", got)
		}
	}
}

func fastStream(o api.StreamOptions) api.StreamOptions {
	o.MinBackoff, o.MaxBackoff, o.Jitter = time.Millisecond, 4*time.Millisecond, func() float64 { return 1 }
	return o
}

func TestEventsResumeAfterClose(t *testing.T) {
	g := &fakeGarden{
		events: []api.Event{{ID: 1, EventType: "seed_planted"}, {ID: 2, EventType: "visitor_interaction"},
			{ID: 3, EventType: "project_growth"}, {ID: 4, EventType: "weather_change"}},
		closes: []websocket.StatusCode{websocket.StatusGoingAway, websocket.StatusTryAgainLater},
	}
	ts := httptest.NewServer(g)
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := api.NewClient(ts.URL, api.WithToken("tok"))
	got := collect(t, c.Events(ctx, fastStream(api.StreamOptions{Since: 0, Types: []string{"seed_planted"}})),
		func(m api.StreamMessage) bool { return m.Event.ID == 4 })
	var ids []int64
	reconnects := 0
	for _, m := range got {
		switch m.State {
		case api.StreamEvent:
			ids = append(ids, m.Event.ID)
		case api.StreamReconnecting:
			reconnects++
			var se *api.StreamError
			if !errors.As(m.Err, &se) || se.Fatal() {
				t.Errorf("reconnect error = %v", m.Err)
			}
		}
	}
	if fmt.Sprint(ids) != "[1 2 3 4]" || reconnects != 1 {
		t.Fatalf("ids = %v, reconnects = %d, messages %+v", ids, reconnects, got)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.sinces[0] != "" || g.sinces[1] != "2" || g.auths[0] != "Bearer tok" {
		t.Fatalf("sinces = %q auths = %q", g.sinces, g.auths)
	}
}

func TestEventsResyncAndFatal(t *testing.T) {
	g := &fakeGarden{resync: true, closes: []websocket.StatusCode{websocket.StatusGoingAway, http.StatusUnauthorized}}
	ts := httptest.NewServer(g)
	defer ts.Close()
	got := collect(t, api.NewClient(ts.URL).Events(context.Background(), fastStream(api.StreamOptions{Since: 7})),
		func(api.StreamMessage) bool { return false })
	last := got[len(got)-1]
	var se *api.StreamError
	if last.State != api.StreamClosed || !errors.As(last.Err, &se) || se.Status != http.StatusUnauthorized || !se.Fatal() {
		t.Fatalf("last = %+v", last)
	}
	if got[0].State != api.StreamConnected || got[0].Since != 7 || got[1].Event.EventType != api.EventResync {
		t.Fatalf("messages = %+v", got)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.sinces[1] != "99" {
		t.Fatalf("sinces = %q, want a resume after the resync id", g.sinces)
	}
}

func TestEventsStopsOnCancel(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	ts.Close() // nothing listens: every attempt fails
	ctx, cancel := context.WithCancel(context.Background())
	ch := api.NewClient(ts.URL).Events(ctx, fastStream(api.StreamOptions{}))
	m := <-ch
	if m.State != api.StreamReconnecting || m.Attempt != 1 {
		t.Fatalf("first = %+v", m)
	}
	cancel()
	done := time.After(5 * time.Second)
	for {
		select {
		case m, ok := <-ch:
			if !ok {
				return // closed
			}
			if m.State == api.StreamClosed && m.Err != nil {
				t.Fatalf("closed with %v", m.Err)
			}
		case <-done:
			t.Fatal("the stream did not end")
		}
	}
}

func TestAnalyticsClient(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/analytics/dashboard":
			fmt.Fprintf(w, `{"date_range":%q,"visitors":{"sessions":12},"heatmap":[{"project_name":"a","projects":1,"interactions":[`+strings.Repeat("0,", 61)+`4`+strings.Repeat(",0", 106)+`]}],"performance":{"current":{"p95_ms":41.5}}}`, r.URL.Query().Get("date_range"))
		case "/api/v1/analytics/realtime":
			fmt.Fprint(w, `{"active_visitors":3,"p95_ms":12,"recent_interactions":[{"interaction_type":"view"}]}`)
		}
	}))
	defer ts.Close()
	c := api.NewClient(ts.URL)
	d, err := c.AnalyticsDashboard(context.Background(), "24h")
	if err != nil || d.DateRange != "24h" || d.Visitors.Sessions != 12 || d.Heatmap[0].Interactions[2*24+13] != 4 || d.Performance.Current.P95Millis != 41.5 {
		t.Fatalf("dashboard = %+v, %v", d, err)
	}
	rt, err := c.RealtimeMetrics(context.Background())
	if err != nil || rt.ActiveVisitors != 3 || rt.RecentInteractions[0].Type != "view" {
		t.Fatalf("realtime = %+v, %v", rt, err)
	}
}
