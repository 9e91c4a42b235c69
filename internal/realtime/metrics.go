package realtime

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts sockets and deliveries. A nil *Metrics records nothing.
type Metrics struct {
	active    prometheus.Gauge
	delivered prometheus.Counter
	dropped   *prometheus.CounterVec
}

// NewMetrics registers the realtime metrics on reg. A metric registered
// already under the same name (the API declares active_websockets_total
// with the seed's other names) is shared, not duplicated.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	return &Metrics{
		active: register(reg, prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "active_websockets_total", Help: "Active WebSocket connections.",
		})),
		delivered: register(reg, prometheus.NewCounter(prometheus.CounterOpts{
			Name: "websocket_events_delivered_total", Help: "Events written to WebSocket clients.",
		})),
		dropped: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "websocket_clients_dropped_total", Help: "WebSocket clients disconnected by the server, by reason.",
		}, []string{"reason"})),
	}
}

func register[T prometheus.Collector](reg prometheus.Registerer, c T) T {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(T); ok {
				return existing
			}
		}
		panic(err) // a programming error: two different metrics under one name
	}
	return c
}

func (m *Metrics) connected() {
	if m != nil {
		m.active.Inc()
	}
}

func (m *Metrics) disconnected() {
	if m != nil {
		m.active.Dec()
	}
}

func (m *Metrics) deliveredOne() {
	if m != nil {
		m.delivered.Inc()
	}
}

func (m *Metrics) droppedSlow() {
	if m != nil {
		m.dropped.WithLabelValues("slow").Inc()
	}
}

func (m *Metrics) droppedDead() {
	if m != nil {
		m.dropped.WithLabelValues("heartbeat").Inc()
	}
}
