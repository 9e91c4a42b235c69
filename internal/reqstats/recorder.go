// Package reqstats measures the server's own requests for the dashboard's
// performance insights. A Recorder keeps per-route, per-minute aggregates in
// memory (count, 5xx errors, a latency histogram) and flushes completed
// minutes to the request_stats table through the domain, where the numbers
// of every replica add up.
package reqstats

import (
	"context"
	"sync"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/analytics"
)

// Sink stores completed minutes; *domain.Service is one.
type Sink interface {
	RecordRequestStats(ctx context.Context, stats []analytics.RequestStat) error
}

// MaxRoutesPerMinute bounds the aggregates of one minute: beyond it, routes
// are counted under OtherRoute. Callers pass route patterns
// ("/api/v1/projects/{id}"), never raw paths, so the bound is rarely met.
const MaxRoutesPerMinute = 500

// OtherRoute collects routes over the bound, and requests with no route.
const OtherRoute = "other"

type routeKey struct{ route, method string }

// Recorder aggregates request measurements. Safe for concurrent use.
type Recorder struct {
	sink Sink
	now  func() time.Time

	mu      sync.Mutex
	minutes map[int64]map[routeKey]*analytics.RequestStat // minute (Unix seconds) -> route -> stat
	totals  map[int64]*analytics.RequestStat              // all routes, the last few minutes, for Snapshot
}

// NewRecorder returns a Recorder that flushes to sink, reading the time from
// now (time.Now when nil).
func NewRecorder(sink Sink, now func() time.Time) *Recorder {
	if now == nil {
		now = time.Now
	}
	return &Recorder{sink: sink, now: now, minutes: map[int64]map[routeKey]*analytics.RequestStat{},
		totals: map[int64]*analytics.RequestStat{}}
}

func minuteOf(t time.Time) int64 { return t.UTC().Truncate(time.Minute).Unix() }

func observe(s *analytics.RequestStat, status int, ms float64) {
	s.Requests++
	if status >= 500 {
		s.Errors++
	}
	s.TotalMs += ms
	s.Buckets[analytics.LatencyBucket(ms)]++
}

// Observe records one request: its route pattern, method, status and duration.
func (r *Recorder) Observe(route, method string, status int, d time.Duration) {
	if route == "" {
		route = OtherRoute
	}
	ms := float64(d) / float64(time.Millisecond)
	minute := minuteOf(r.now())
	r.mu.Lock()
	defer r.mu.Unlock()
	routes := r.minutes[minute]
	if routes == nil {
		routes = map[routeKey]*analytics.RequestStat{}
		r.minutes[minute] = routes
	}
	k := routeKey{route, method}
	s := routes[k]
	if s == nil {
		if len(routes) >= MaxRoutesPerMinute {
			k = routeKey{OtherRoute, method}
			s = routes[k]
		}
		if s == nil {
			s = &analytics.RequestStat{Minute: time.Unix(minute, 0).UTC(), Route: k.route, Method: k.method}
			routes[k] = s
		}
	}
	observe(s, status, ms)
	t := r.totals[minute]
	if t == nil {
		t = &analytics.RequestStat{Minute: time.Unix(minute, 0).UTC(), Route: "*"}
		r.totals[minute] = t
		for m := range r.totals {
			if m < minute-120 {
				delete(r.totals, m)
			}
		}
	}
	observe(t, status, ms)
}

// Flush writes the completed minutes (before the current one) to the sink.
// On failure they are kept and written by the next Flush.
func (r *Recorder) Flush(ctx context.Context) error {
	return r.flush(ctx, minuteOf(r.now()))
}

// Close writes every minute, the current one included, for a shutdown.
func (r *Recorder) Close(ctx context.Context) error {
	return r.flush(ctx, minuteOf(r.now())+60)
}

func (r *Recorder) flush(ctx context.Context, before int64) error {
	r.mu.Lock()
	var stats []analytics.RequestStat
	taken := map[int64]map[routeKey]*analytics.RequestStat{}
	for m, routes := range r.minutes {
		if m >= before {
			continue
		}
		taken[m] = routes
		delete(r.minutes, m)
		for _, s := range routes {
			stats = append(stats, *s)
		}
	}
	r.mu.Unlock()
	if len(stats) == 0 {
		return nil
	}
	err := r.sink.RecordRequestStats(ctx, stats)
	if err == nil {
		return nil
	}
	// Put the minutes back, merged with anything recorded for them since.
	r.mu.Lock()
	defer r.mu.Unlock()
	for m, routes := range taken {
		cur := r.minutes[m]
		if cur == nil {
			r.minutes[m] = routes
			continue
		}
		for k, s := range routes {
			if c := cur[k]; c != nil {
				c.Requests += s.Requests
				c.Errors += s.Errors
				c.TotalMs += s.TotalMs
				for i := range c.Buckets {
					c.Buckets[i] += s.Buckets[i]
				}
			} else {
				cur[k] = s
			}
		}
	}
	return err
}

// Run flushes every interval until ctx ends, then writes what is left with
// a short deadline of its own. onErr (optional) hears about failures.
func (r *Recorder) Run(ctx context.Context, every time.Duration, onErr func(error)) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	report := func(err error) {
		if err != nil && onErr != nil {
			onErr(err)
		}
	}
	for {
		select {
		case <-ctx.Done():
			closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			report(r.Close(closeCtx))
			cancel()
			return
		case <-tick.C:
			report(r.Flush(ctx))
		}
	}
}

// Snapshot is this replica's last complete minute, for the realtime view.
type Snapshot struct {
	Minute            time.Time `json:"minute"`
	RequestsPerMinute float64   `json:"requests_per_minute"`
	P95Millis         float64   `json:"p95_ms"`
	ErrorRate         float64   `json:"error_rate"`
}

// Snapshot returns the figures of the last complete minute.
func (r *Recorder) Snapshot() Snapshot {
	minute := minuteOf(r.now()) - 60
	r.mu.Lock()
	defer r.mu.Unlock()
	snap := Snapshot{Minute: time.Unix(minute, 0).UTC()}
	t := r.totals[minute]
	if t == nil || t.Requests == 0 {
		return snap
	}
	snap.RequestsPerMinute = float64(t.Requests)
	snap.P95Millis = analytics.LatencyPercentile(t.Buckets, 0.95)
	snap.ErrorRate = float64(t.Errors) / float64(t.Requests)
	return snap
}
