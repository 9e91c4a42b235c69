package worker

import (
	"errors"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/prometheus/client_golang/prometheus"
)

// The seed's business metrics. Name, help and labels match the API's own
// registration (internal/api/metrics.go), so that `serve --with-worker` on
// one registry shares one counter instead of failing to register a second.
const (
	growthHelp  = "Growth stage changes this process made (sum over the serve and worker targets)."
	weatherHelp = "Weather changes this process made (sum over the serve and worker targets)."
)

type metrics struct {
	stages  *prometheus.CounterVec
	weather *prometheus.CounterVec
	jobs    *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		stages: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "growth_stage_changes_total", Help: growthHelp},
			[]string{"from_stage", "to_stage"}),
		weather: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "weather_changes_total", Help: weatherHelp},
			[]string{"weather_type"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "worker_jobs_total",
			Help: "Background jobs worked, by kind and outcome (ok, error)."}, []string{"kind", "outcome"}),
	}
	if reg == nil {
		return m, nil
	}
	var err error
	if m.stages, err = register(reg, m.stages); err != nil {
		return nil, err
	}
	if m.weather, err = register(reg, m.weather); err != nil {
		return nil, err
	}
	if m.jobs, err = register(reg, m.jobs); err != nil {
		return nil, err
	}
	return m, nil
}

// register adds c to reg or returns the identical collector already there.
func register(reg prometheus.Registerer, c *prometheus.CounterVec) (*prometheus.CounterVec, error) {
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(*prometheus.CounterVec); ok {
			return existing, nil
		}
	}
	return c, err
}

// growth counts a stage change.
func (m *metrics) growth(g *domain.GrowthResult) {
	if g != nil && g.StageChanged {
		m.stages.WithLabelValues(g.PreviousStage, g.NewStage).Inc()
	}
}

func (m *metrics) job(kind string, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.jobs.WithLabelValues(kind, outcome).Inc()
}
