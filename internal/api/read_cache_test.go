package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// TestDashboardCachedForItsTTL: the dashboard of a range is served from the
// cache for cache.dashboard_ttl, so new visits show after it; a project
// write drops it at once; Cache-Control: no-cache (the TUI's refresh)
// computes it afresh; a TTL of 0 caches nothing.
func TestDashboardCachedForItsTTL(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(c *config.Config) {
			c.RateLimit.Enabled = false
			c.Cache.DashboardTTL = 10 * time.Minute
		})
		ids := seedGarden(t, e)
		v, admin := e.visitor(), e.admin()
		interact := func() {
			t.Helper()
			if _, err := v.Interact(ctx(), ids["Greenhouse"], wireapi.InteractionRequest{InteractionType: "like"}); err != nil {
				t.Fatal(err)
			}
			e.clock.Add(time.Second) // a range ends at now, exclusive
		}
		interactions := func(step string, refresh bool) int {
			t.Helper()
			get := admin.AnalyticsDashboard
			if refresh {
				get = admin.RefreshAnalyticsDashboard
			}
			d, err := get(ctx(), "24h")
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			return int(d.Visitors.Interactions)
		}
		_, _ = v.Garden(ctx(), wireapi.GardenParams{})
		interact()
		steps := []struct {
			name    string
			before  func()
			refresh bool
			want    int
		}{
			{"first call", func() {}, false, 1},
			{"a visit within the TTL is not shown yet", func() { interact(); e.clock.Add(5 * time.Minute) }, false, 1},
			{"no-cache computes afresh", func() {}, true, 2},
			{"the fresh answer is what others get", func() {}, false, 2},
			{"after the TTL, new visits show", func() { interact(); e.clock.Add(10*time.Minute + time.Second) }, false, 3},
			{"a project write drops it at once", func() {
				interact()
				name := "Greenhouse, renamed"
				if _, err := admin.UpdateProject(ctx(), ids["Greenhouse"], wireapi.ProjectUpdate{Name: &name}); err != nil {
					t.Fatal(err)
				}
			}, false, 4},
		}
		for _, s := range steps {
			s.before()
			if got := interactions(s.name, s.refresh); got != s.want {
				t.Errorf("%s: %d interactions, want %d", s.name, got, s.want)
			}
		}
	})
}

// TestDashboardTTLZeroCachesNothing: with cache.dashboard_ttl 0 every call
// reads the store.
func TestDashboardTTLZeroCachesNothing(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(c *config.Config) {
			c.RateLimit.Enabled = false
			c.Cache.DashboardTTL = 0
		})
		ids := seedGarden(t, e)
		v, admin := e.visitor(), e.admin()
		_, _ = v.Garden(ctx(), wireapi.GardenParams{})
		for want := 1; want <= 3; want++ {
			if _, err := v.Interact(ctx(), ids["Greenhouse"], wireapi.InteractionRequest{InteractionType: "like"}); err != nil {
				t.Fatal(err)
			}
			e.clock.Add(time.Second) // a range ends at now, exclusive
			d, err := admin.AnalyticsDashboard(ctx(), "24h")
			if err != nil {
				t.Fatal(err)
			}
			if int(d.Visitors.Interactions) != want {
				t.Errorf("call %d: %d interactions", want, d.Visitors.Interactions)
			}
		}
	})
}

// TestRealtimeCachedUntilAWriteOrItsTTL: the realtime view's stored figures
// are cached for cache.realtime_ttl, but an interaction shows within a
// second (countsFreshness), and this process's own request figures are
// never cached.
func TestRealtimeCachedUntilAWriteOrItsTTL(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(c *config.Config) { c.Cache.RealtimeTTL = time.Minute })
		ids := seedGarden(t, e)
		v, admin := e.visitor(), e.admin()
		_, _ = v.Garden(ctx(), wireapi.GardenParams{})
		realtime := func(step string) *wireapi.RealtimeMetrics {
			t.Helper()
			rt, err := admin.RealtimeMetrics(ctx())
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			return rt
		}
		first := realtime("first")
		if first.ActiveVisitors != 1 || len(first.RecentInteractions) != 0 {
			t.Fatalf("first: %+v", first)
		}

		// A second visitor arrives: no write announces it, so the TTL bounds it.
		_, _ = e.visitor().Garden(ctx(), wireapi.GardenParams{})
		e.clock.Add(30 * time.Second)
		if rt := realtime("within the TTL"); rt.ActiveVisitors != 1 || !rt.GeneratedAt.Equal(first.GeneratedAt) {
			t.Errorf("within the TTL: %d active visitors generated at %s, want the cached 1 of %s",
				rt.ActiveVisitors, rt.GeneratedAt, first.GeneratedAt)
		}
		e.clock.Add(61 * time.Second) // past the TTL; the recorder reports complete minutes
		rt := realtime("after the TTL")
		if rt.ActiveVisitors != 2 {
			t.Errorf("after the TTL: %d active visitors, want 2", rt.ActiveVisitors)
		}
		if rt.RequestsPerMinute == first.RequestsPerMinute {
			t.Errorf("request figures look cached: %v requests a minute both times", rt.RequestsPerMinute)
		}

		// An interaction makes the cached view stale within a second.
		if _, err := v.Interact(ctx(), ids["Greenhouse"], wireapi.InteractionRequest{InteractionType: "like"}); err != nil {
			t.Fatal(err)
		}
		e.clock.Add(time.Second)
		if rt := realtime("after an interaction"); len(rt.RecentInteractions) != 1 {
			t.Errorf("after an interaction: %d recent interactions, want 1", len(rt.RecentInteractions))
		}
	})
}

// TestCapacityRefusesPastMaxConnections: requests in flight and live
// sockets count together against performance.max_connections; past it a
// request gets 503 problem+json naming the key, with Retry-After, while the
// operator's endpoints still answer; a freed slot serves again.
func TestCapacityRefusesPastMaxConnections(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		sockets := &holdSockets{}
		e := newEnvWith(t, db, func(d *api.Deps) { d.Sockets = sockets }, func(c *config.Config) {
			c.Performance.MaxConnections = 2
		})
		url := "ws" + strings.TrimPrefix(e.ts.URL, "http") + "/ws/garden"
		var conns []*websocket.Conn
		for range 2 {
			c, _, err := websocket.Dial(context.Background(), url, nil)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
		}
		waitFor(t, func() bool { return sockets.Connections() == 2 })

		res, body := e.do(http.MethodGet, "/api/v1/garden", "", nil)
		var p wireapi.Problem
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "1" ||
			json.Unmarshal(body, &p) != nil || !strings.Contains(p.Detail, "performance.max_connections = 2") {
			t.Fatalf("past the bound: %d Retry-After %q %s", res.StatusCode, res.Header.Get("Retry-After"), body)
		}
		for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
			if res, _ := e.do(http.MethodGet, path, "", nil); res.StatusCode != http.StatusOK {
				t.Errorf("%s on a full server: %d", path, res.StatusCode)
			}
		}

		_ = conns[0].Close(websocket.StatusNormalClosure, "")
		waitFor(t, func() bool {
			res, _ := e.do(http.MethodGet, "/api/v1/garden", "", nil)
			return res.StatusCode == http.StatusOK
		})
		_ = conns[1].Close(websocket.StatusNormalClosure, "")
	})
}
