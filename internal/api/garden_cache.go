package api

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/cache"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// namespace is a part of the shared cache; a write invalidates the ones it
// changes.
type namespace uint8

const (
	nsGarden namespace = iota
	nsWeather
	nsProjects
	nsDashboard
	nsRealtime
)

// String is the namespace's name in the shared cache.
func (n namespace) String() string {
	return [...]string{nsGarden: "garden", nsWeather: "weather", nsProjects: "projects",
		nsDashboard: "dashboard", nsRealtime: "realtime"}[n]
}

// countsFreshness is how soon interaction counts show in the cached garden
// and project pages: interactions invalidate those caches at most this
// often, not on every interaction, which would defeat the cache under load.
const countsFreshness = time.Second

// readCaches are the API's cached reads (cache.*_ttl) and what keeps them
// current.
type readCaches struct {
	garden    *memo[sharedGarden]
	weather   *memo[api.WeatherState]
	projects  *memo[api.ProjectDetail]      // by project id
	dashboard *memo[api.AnalyticsDashboard] // by range (dashboardKey)
	realtime  *memo[api.RealtimeMetrics]    // the stored figures, without this process's own
	parts     partsMemo                     // the shared garden prepared for splicing (garden_body.go)
	counts    staleCounts
}

func newReadCaches(c cache.Cache, now func() time.Time, logger func(context.Context) *slog.Logger) *readCaches {
	g := &readCaches{
		garden:    newMemo[sharedGarden](nsGarden.String(), c, now, logger),
		weather:   newMemo[api.WeatherState](nsWeather.String(), c, now, logger),
		projects:  newMemo[api.ProjectDetail](nsProjects.String(), c, now, logger),
		dashboard: newMemo[api.AnalyticsDashboard](nsDashboard.String(), c, now, logger),
		realtime:  newMemo[api.RealtimeMetrics](nsRealtime.String(), c, now, logger),
	}
	// The realtime view lists the latest interactions: it goes stale with
	// the counts. The dashboard does not: its TTL bounds how old its visit
	// figures are (docs/analytics.md), or every interaction would defeat it.
	g.counts = staleCounts{now: now, drop: func(ctx context.Context) { g.invalidate(ctx, nsGarden, nsProjects, nsRealtime) }}
	return g
}

// invalidate drops the namespaces a write changed, here and in the cache.
func (g *readCaches) invalidate(ctx context.Context, namespaces ...namespace) {
	for _, ns := range namespaces {
		switch ns {
		case nsGarden:
			g.garden.invalidate(ctx)
		case nsWeather:
			g.weather.invalidate(ctx)
		case nsProjects:
			g.projects.invalidate(ctx)
		case nsDashboard:
			g.dashboard.invalidate(ctx)
		case nsRealtime:
			g.realtime.invalidate(ctx)
		}
	}
}

// invalidate drops the namespaces a write changed, here and in the cache.
func (s *Server) invalidate(ctx context.Context, namespaces ...namespace) {
	s.caches.invalidate(ctx, namespaces...)
}

// EventCommitted drops what a committed event makes stale. serve calls it
// for every event its feed delivers, so a change made by the CLI, the worker
// or another replica is seen by the very next request here too.
func (s *Server) EventCommitted(ctx context.Context, eventType string) {
	switch eventType {
	case domain.EventWeatherChange:
		s.invalidate(ctx, nsGarden, nsWeather)
	case domain.EventProjectGrowth:
		// The realtime view lists stage changes.
		s.invalidate(ctx, nsGarden, nsProjects, nsDashboard, nsRealtime)
	case domain.EventSeedPlanted, domain.EventSystemUpdate:
		// The dashboard names projects; a write may add, rename or remove one.
		s.invalidate(ctx, nsGarden, nsProjects, nsDashboard)
	case domain.EventSkillUnlock:
		s.invalidate(ctx, nsGarden)
	}
	// visitor_interaction: the replica that recorded it refreshes the
	// counts (staleCounts); the others see them within nearTTL.
}

// staleCounts batches what interaction counts need: the garden and the
// project pages show them, and are invalidated once for all the
// interactions recorded meanwhile, countsFreshness after the first. The
// readers of those pages call flushDue first, and the serving loop calls it
// every countsFreshness (flushEvery), whichever comes first.
type staleCounts struct {
	now  func() time.Time
	drop func(context.Context) // invalidates what shows the counts
	// since is when counts first changed since the caches showing them were
	// last invalidated (Unix ns; 0: clean).
	since atomic.Int64
}

// changed says interaction counts moved.
func (c *staleCounts) changed() {
	c.since.CompareAndSwap(0, c.now().UnixNano())
}

// flushDue invalidates what shows interaction counts when they changed at
// least countsFreshness ago.
func (c *staleCounts) flushDue(ctx context.Context) {
	since := c.since.Load()
	if since != 0 && c.now().UnixNano()-since >= int64(countsFreshness) && c.since.CompareAndSwap(since, 0) {
		c.drop(ctx)
	}
}

// flushEvery calls flushDue every countsFreshness until ctx ends, so the
// counts reach the shared cache even when this replica serves no read of
// the garden or a project page afterwards (another replica may).
func (c *staleCounts) flushEvery(ctx context.Context) {
	tick := time.NewTicker(countsFreshness)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			c.flushDue(ctx)
		}
	}
}
