package cache

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the cache's Prometheus metrics.
type Metrics struct {
	fallback prometheus.Counter
	active   prometheus.Gauge
}

// NewMetrics creates the cache metrics and registers them with reg; a nil reg
// leaves them unregistered (tests, tools).
//
//   - cache_fallback_total: cache operations served by the in-process fallback
//     because Redis was unreachable.
//   - cache_fallback_active: 1 while the Redis cache is in fallback mode.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		fallback: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cache_fallback_total",
			Help: "Cache operations served by the in-process fallback because Redis was unreachable.",
		}),
		active: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "cache_fallback_active",
			Help: "1 while the Redis cache is unreachable and the in-process fallback is used.",
		}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.fallback, m.active} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("cache: register metrics: %w", err)
		}
	}
	return m, nil
}
