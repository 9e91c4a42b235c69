package ratelimit

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the rate limiter's Prometheus metrics.
type Metrics struct {
	fallback prometheus.Counter
	active   prometheus.Gauge
}

// NewMetrics creates the rate limiter metrics and registers them with reg; a
// nil reg leaves them unregistered.
//
//   - ratelimit_fallback_total: decisions made by the in-process fallback
//     because Redis was unreachable.
//   - ratelimit_fallback_active: 1 while the Redis limiter is in fallback mode.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		fallback: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ratelimit_fallback_total",
			Help: "Rate limit decisions made in process because Redis was unreachable.",
		}),
		active: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ratelimit_fallback_active",
			Help: "1 while Redis is unreachable and rate limits are counted per process.",
		}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.fallback, m.active} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("ratelimit: register metrics: %w", err)
		}
	}
	return m, nil
}
