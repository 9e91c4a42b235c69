package cache

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/greenhouse-garden/greenhouse/internal/redisfallback"
)

// Metrics are the cache's Prometheus metrics.
type Metrics redisfallback.Metrics

// NewMetrics creates the cache metrics and registers them with reg; a nil reg
// leaves them unregistered (tests, tools).
//
//   - cache_fallback_total: cache operations served by the in-process fallback
//     because Redis was unreachable.
//   - cache_fallback_active: 1 while the Redis cache is in fallback mode.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m, err := redisfallback.NewMetrics(reg, "cache",
		"Cache operations served by the in-process fallback because Redis was unreachable.",
		"1 while the Redis cache is unreachable and the in-process fallback is used.")
	return (*Metrics)(m), err // nil on error
}
