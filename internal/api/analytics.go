package api

import (
	"context"
	"strings"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

type dashboardInput struct {
	DateRange    string `query:"date_range" maxLength:"40" doc:"24h, 7d (default), 30d, 90d, all or YYYY-MM-DD..YYYY-MM-DD"`
	CacheControl string `header:"Cache-Control" maxLength:"200" doc:"no-cache computes the dashboard afresh instead of serving it from the cache (cache.dashboard_ttl)"`
}

type dashboardOutput struct {
	Body api.AnalyticsDashboard
}

// dashboard is the analytics dashboard of a range, cut in
// analytics.timezone (analytics.Dashboard).
func (s *Server) dashboard(ctx context.Context, in *dashboardInput) (*dashboardOutput, error) {
	if err := s.limit(ctx, RuleDashboard, "sub:"+state(ctx).subject); err != nil {
		return nil, err
	}
	tz, err := time.LoadLocation(s.cfg.Analytics.Timezone)
	if err != nil {
		tz = time.UTC // config validation rejects unknown zones; keep serving
	}
	r, err := analytics.ParseDateRange(in.DateRange, tz, s.now())
	if err != nil {
		return nil, at("query.", err)
	}
	load := func() (api.AnalyticsDashboard, error) {
		d, err := s.analytics.Dashboard(ctx, r)
		if err != nil {
			return api.AnalyticsDashboard{}, err
		}
		return wire.Dashboard(d), nil
	}
	get := s.caches.dashboard.get
	if noCache(in.CacheControl) {
		get = s.caches.dashboard.refresh
	}
	body, err := get(ctx, dashboardKey(r), s.cfg.Cache.DashboardTTL, load)
	if err != nil {
		return nil, err
	}
	return &dashboardOutput{Body: body}, nil
}

// dashboardKey names a range's dashboard in the cache. A day range is
// keyed by its first day too, so that "7d" cached before midnight is not
// served for the next day's window; "24h" slides, and its cached figures
// are at most cache.dashboard_ttl old.
func dashboardKey(r analytics.DateRange) string {
	if r.Hourly {
		return r.Name
	}
	return r.Name + "@" + r.From.Format(time.RFC3339)
}

// noCache reports whether a Cache-Control request header asks for a fresh
// answer (no-cache or max-age=0), as a browser's reload does.
func noCache(cacheControl string) bool {
	for d := range strings.SplitSeq(cacheControl, ",") {
		switch strings.ToLower(strings.TrimSpace(d)) {
		case "no-cache", "max-age=0":
			return true
		}
	}
	return false
}

type realtimeInput struct {
	CacheControl string `header:"Cache-Control" maxLength:"200" doc:"no-cache reads the stored figures afresh instead of from the cache (cache.realtime_ttl)"`
}

type realtimeOutput struct {
	Body api.RealtimeMetrics
}

// realtime is the live view: the domain's visitors and changes, plus this
// process's own request figures and sockets. It is cheap (indexed, bounded
// queries) and not rate-limited like the dashboard: the terminal dashboard
// polls it every 2 seconds.
//
// The stored figures are cached for cache.realtime_ttl; a recorded
// interaction or stage change makes them stale within countsFreshness, so
// the TTL bounds only what no write announces (a visitor's session ending).
// This process's own figures are always current.
func (s *Server) realtime(ctx context.Context, in *realtimeInput) (*realtimeOutput, error) {
	load := func() (api.RealtimeMetrics, error) {
		rt, err := s.analytics.Realtime(ctx)
		if err != nil {
			return api.RealtimeMetrics{}, err
		}
		return wire.Realtime(rt), nil
	}
	s.caches.counts.flushDue(ctx)
	get := s.caches.realtime.get
	if noCache(in.CacheControl) {
		get = s.caches.realtime.refresh
	}
	body, err := get(ctx, "current", s.cfg.Cache.RealtimeTTL, load)
	if err != nil {
		return nil, err
	}
	if s.sockets != nil {
		body.OpenSockets = int(s.sockets.Connections())
	}
	if s.recorder != nil {
		snap := s.recorder.Snapshot()
		body.RequestsPerMinute, body.P95Millis, body.ErrorRate = snap.RequestsPerMinute, snap.P95Millis, snap.ErrorRate
	}
	return &realtimeOutput{Body: body}, nil
}
