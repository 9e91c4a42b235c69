package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
	dto "github.com/prometheus/client_model/go"
)

// holdSockets accepts WebSockets and keeps each open until the client
// closes it, as /ws/garden does for a visitor who stays on the page.
type holdSockets struct{ open atomic.Int64 }

func (h *holdSockets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return
	}
	h.open.Add(1)
	defer h.open.Add(-1)
	for {
		if _, _, err := conn.Read(r.Context()); err != nil {
			return
		}
	}
}

func (h *holdSockets) Connections() int64 { return h.open.Load() }

// TestSocketsAreNotRequests holds sockets open for seconds while requests
// run: the request figures (request_duration_seconds, the recorder behind
// request_stats and the realtime p95) keep the requests' own latency, and
// the sockets' lifetimes land in websocket_connection_seconds.
func TestSocketsAreNotRequests(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		sockets := &holdSockets{}
		e := newEnvWith(t, db, func(d *api.Deps) { d.Sockets = sockets })
		url := "ws" + strings.TrimPrefix(e.ts.URL, "http") + "/ws/garden"
		const held = 3
		conns := make([]*websocket.Conn, held)
		for i := range conns {
			c, _, err := websocket.Dial(context.Background(), url, nil)
			if err != nil {
				t.Fatal(err)
			}
			conns[i] = c
		}
		for range 20 {
			if res, _ := e.do(http.MethodGet, "/healthz", "", nil); res.StatusCode != http.StatusOK {
				t.Fatalf("healthz: %d", res.StatusCode)
			}
		}
		const hold = 3 * time.Second
		time.Sleep(hold) // the sockets stay open, as a visitor's page does
		for _, c := range conns {
			_ = c.Close(websocket.StatusNormalClosure, "")
		}
		// Each closed socket is measured once, as a socket or (wrongly) as a request.
		waitFor(t, func() bool {
			return histogram(t, e, "websocket_connection_seconds").GetSampleCount()+
				histogram(t, e, "request_duration_seconds").GetSampleCount() == 20+held
		})

		life := histogram(t, e, "websocket_connection_seconds")
		if life.GetSampleCount() != held || life.GetSampleSum() < held*hold.Seconds() {
			t.Errorf("websocket_connection_seconds: %d sockets, %.1fs in all; want %d lasting %.1fs in all at least",
				life.GetSampleCount(), life.GetSampleSum(), held, held*hold.Seconds())
		}
		req := histogram(t, e, "request_duration_seconds")
		for _, b := range req.GetBucket() {
			if b.GetUpperBound() == 1 && b.GetCumulativeCount() != req.GetSampleCount() {
				t.Errorf("request_duration_seconds: %d of %d observations over 1s: sockets counted as requests",
					req.GetSampleCount()-b.GetCumulativeCount(), req.GetSampleCount())
			}
		}

		e.clock.Add(time.Minute) // the realtime figures are the last complete minute's
		res, body := e.do(http.MethodGet, "/api/v1/analytics/realtime", "", e.adminHeader())
		if res.StatusCode != http.StatusOK {
			t.Fatalf("realtime: %d %s", res.StatusCode, body)
		}
		var rt wireapi.RealtimeMetrics
		if err := json.Unmarshal(body, &rt); err != nil {
			t.Fatal(err)
		}
		if rt.RequestsPerMinute != 20 || rt.P95Millis >= 1000 {
			t.Errorf("realtime: %v requests/min, p95 %v ms; want the 20 healthz requests, p95 under a second",
				rt.RequestsPerMinute, rt.P95Millis)
		}
	})
}

// histogram reads one histogram of the server's registry.
func histogram(t *testing.T, e *env, name string) *dto.Histogram {
	t.Helper()
	families, err := e.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == name && len(f.GetMetric()) > 0 {
			return f.GetMetric()[0].GetHistogram()
		}
	}
	return &dto.Histogram{}
}

// waitFor polls cond until it holds, failing after ten seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
