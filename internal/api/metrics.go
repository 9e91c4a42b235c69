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
	socketLife   prometheus.Histogram
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
		socketLife: register(reg, prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "websocket_connection_seconds", Help: "How long WebSocket connections stayed open (not in request_duration_seconds).",
			Buckets: []float64{1, 10, 60, 300, 900, 3600, 4 * 3600, 24 * 3600},
		})),
		interactions: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "project_interactions_total", Help: "Project interactions recorded through the API.",
		}, []string{"project_id"})),
		growth: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "growth_stage_changes_total", Help: "Growth stage changes this process made (sum over the serve and worker targets).",
		}, []string{"from_stage", "to_stage"})),
		weather: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "weather_changes_total", Help: "Weather changes this process made (sum over the serve and worker targets).",
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

func (m *metrics) socketClosed(d time.Duration) { m.socketLife.Observe(d.Seconds()) }
