// Package redisfallback is the Redis-outage state machine shared by the
// Redis-backed response cache (internal/cache) and rate limiter
// (internal/ratelimit).
//
// Both serve from an in-process fallback while Redis cannot be reached, and
// both must behave the same during an outage: log one warning when it
// starts and one message when it ends, try Redis again at most once per
// RetryEvery, and expose the same two metrics. It lives in one place so the
// two cannot drift apart; what differs (the cache's replay of invalidations,
// the limiter's store) stays in their packages.
package redisfallback

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// RetryEvery is how often Redis is tried again during an outage.
const RetryEvery = time.Second

// Metrics are the two metrics of a Guard: "<prefix>_fallback_total", the
// operations served in process, and "<prefix>_fallback_active", 1 during an
// outage.
type Metrics struct {
	served prometheus.Counter
	active prometheus.Gauge
}

// NewMetrics creates the metrics named after prefix, with the given help
// texts, and registers them with reg; a nil reg leaves them unregistered
// (tests, tools).
func NewMetrics(reg prometheus.Registerer, prefix, servedHelp, activeHelp string) (*Metrics, error) {
	m := &Metrics{
		served: prometheus.NewCounter(prometheus.CounterOpts{Name: prefix + "_fallback_total", Help: servedHelp}),
		active: prometheus.NewGauge(prometheus.GaugeOpts{Name: prefix + "_fallback_active", Help: activeHelp}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.served, m.active} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("%s: register metrics: %w", prefix, err)
		}
	}
	return m, nil
}

// Config is what a Guard needs besides its metrics.
type Config struct {
	// Logger receives DownMessage (with the error) and UpMessage; nil discards.
	Logger *slog.Logger
	// Now is the clock of the retry interval; nil is time.Now.
	Now func() time.Time
	// DownMessage is logged as a warning when an outage starts, UpMessage
	// when it ends.
	DownMessage, UpMessage string
	// OnSwitch, when set, runs on every switch to or from the fallback,
	// after the gauge is set and before the message is logged.
	OnSwitch func()
}

// Guard tracks whether Redis is reachable. Callers ask Use before a Redis
// call, report Failed or Recovered after it, and count each operation they
// serve in process with Served. It is safe for concurrent use.
type Guard struct {
	metrics *Metrics
	cfg     Config

	mu      sync.Mutex
	down    bool
	nextTry time.Time
}

// New returns a Guard that starts with Redis up and counts into m, which
// must not be nil.
func New(m *Metrics, cfg Config) *Guard {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Guard{metrics: m, cfg: cfg}
}

// Use reports whether to call Redis: always while it is up; during an outage
// for one caller per RetryEvery, the probe (probe is then true), and for no
// other.
func (g *Guard) Use() (use, probe bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.down {
		return true, false
	}
	now := g.cfg.Now()
	if now.Before(g.nextTry) {
		return false, false
	}
	g.nextTry = now.Add(RetryEvery)
	return true, true
}

// Failed records a failed Redis call (not one ended by the caller's
// context): the next probe waits RetryEvery, and the first failure of an
// outage sets the gauge, runs OnSwitch and logs DownMessage.
func (g *Guard) Failed(err error) {
	if g.setDown(true) {
		g.cfg.Logger.Warn(g.cfg.DownMessage, "err", err)
	}
}

// Recovered records a successful Redis call; if it ends an outage it clears
// the gauge, runs OnSwitch and logs UpMessage.
func (g *Guard) Recovered() {
	if g.setDown(false) {
		g.cfg.Logger.Info(g.cfg.UpMessage)
	}
}

// setDown records the state of Redis (a failure also delays the next probe)
// and reports whether it changed, after updating the gauge and running
// OnSwitch if so.
func (g *Guard) setDown(down bool) bool {
	g.mu.Lock()
	if down {
		g.nextTry = g.cfg.Now().Add(RetryEvery)
	}
	changed := g.down != down
	g.down = down
	g.mu.Unlock()
	if !changed {
		return false
	}
	if down {
		g.metrics.active.Set(1)
	} else {
		g.metrics.active.Set(0)
	}
	if g.cfg.OnSwitch != nil {
		g.cfg.OnSwitch()
	}
	return true
}

// ProbeNow lets the next Use probe at once instead of after RetryEvery, for
// a probe that succeeded but left work for another.
func (g *Guard) ProbeNow() {
	g.mu.Lock()
	g.nextTry = time.Time{}
	g.mu.Unlock()
}

// Served counts one operation served by the fallback.
func (g *Guard) Served() {
	g.metrics.served.Inc()
}
