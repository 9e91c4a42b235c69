package api

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the seed's Prometheus metrics.
type metrics struct {
	requests     *prometheus.CounterVec
	duration     prometheus.Histogram
	websockets   prometheus.Gauge // shared with internal/realtime, which moves it
	interactions *prometheus.CounterVec
	growth       *prometheus.CounterVec
	weather      *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	return &metrics{
		requests: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "api_requests_total", Help: "Total API requests, by method and route template.",
		}, []string{"method", "endpoint"})),
		duration: register(reg, prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "request_duration_seconds", Help: "Request duration.", Buckets: prometheus.DefBuckets,
		})),
		websockets: register(reg, prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "active_websockets_total", Help: "Active WebSocket connections.",
		})),
		interactions: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "project_interactions_total", Help: "Project interactions recorded through the API.",
		}, []string{"project_id"})),
		growth: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "growth_stage_changes_total", Help: "Growth stage changes made through the API.",
		}, []string{"from_stage", "to_stage"})),
		weather: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "weather_changes_total", Help: "Weather changes made through the API.",
		}, []string{"weather_type"})),
	}
}

// register adds c to reg, or returns the collector registered under its
// name already (a second server on one registry shares the counters).
func register[T prometheus.Collector](reg prometheus.Registerer, c T) T {
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(T); ok {
			return existing
		}
	}
	return c
}

func (m *metrics) observe(method, route string, d time.Duration) {
	m.requests.WithLabelValues(method, route).Inc()
	m.duration.Observe(d.Seconds())
}
