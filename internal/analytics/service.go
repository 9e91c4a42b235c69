// Package analytics is the garden's analytics (docs/analytics.md): the
// dashboard and the realtime view, the rollups that keep both fast, the
// retention of raw visits and the synthetic visitor generator. It reads the
// visits the domain records through its own port (Tx), so internal/domain
// keeps only the garden's rules.
package analytics

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// Store is what analytics needs from persistence: transactions over its
// own statements (internal/store's DB.Analytics).
type Store interface {
	// Update runs fn in a read-write transaction, committed when fn returns nil.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn against a consistent read-only snapshot.
	View(ctx context.Context, fn func(Tx) error) error
}

// Garden is what the visitor generator needs of the garden: its visible
// projects, and planting a few when there are none (*domain.Service is one).
type Garden interface {
	ListProjects(ctx context.Context, f domain.ProjectFilter) ([]*domain.Project, error)
	PlantProject(ctx context.Context, in domain.PlantInput) (*domain.Project, error)
}

// Service answers the analytics questions and keeps the rollups.
type Service struct {
	store  Store
	garden Garden
	now    func() time.Time
	newID  func() uuid.UUID
}

// Option configures a Service.
type Option func(*Service)

// WithClock injects the clock (tests fix time with it).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// NewService builds analytics over a store and the garden.
func NewService(store Store, garden Garden, opts ...Option) *Service {
	s := &Service{store: store, garden: garden, now: time.Now, newID: domain.NewID}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Now is the service's clock, truncated to microseconds like the domain's,
// so a value read back equals the value written.
func (s *Service) Now() time.Time { return s.now().UTC().Truncate(time.Microsecond) }
