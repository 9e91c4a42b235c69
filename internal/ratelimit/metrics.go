package ratelimit

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/greenhouse-garden/greenhouse/internal/redisfallback"
)

// Metrics are the rate limiter's Prometheus metrics.
type Metrics redisfallback.Metrics

// NewMetrics creates the rate limiter metrics and registers them with reg; a
// nil reg leaves them unregistered.
//
//   - ratelimit_fallback_total: decisions made by the in-process fallback
//     because Redis was unreachable.
//   - ratelimit_fallback_active: 1 while the Redis limiter is in fallback mode.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m, err := redisfallback.NewMetrics(reg, "ratelimit",
		"Rate limit decisions made in process because Redis was unreachable.",
		"1 while Redis is unreachable and rate limits are counted per process.")
	return (*Metrics)(m), err // nil on error
}
