package realtime

import "github.com/prometheus/client_golang/prometheus"

// Metrics counts sockets and deliveries. A nil *Metrics records nothing.
type Metrics struct {
	active    prometheus.Gauge
	delivered prometheus.Counter
	dropped   *prometheus.CounterVec
}

// NewMetrics registers the realtime metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		active: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "active_websockets_total", Help: "Active WebSocket connections.",
		}),
		delivered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "websocket_events_delivered_total", Help: "Events written to WebSocket clients.",
		}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "websocket_clients_dropped_total", Help: "WebSocket clients disconnected by the server, by reason.",
		}, []string{"reason"}),
	}
	reg.MustRegister(m.active, m.delivered, m.dropped)
	return m
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
