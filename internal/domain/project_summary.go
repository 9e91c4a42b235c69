package domain

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
)

// recentActivityWindow is how far back a project page's recent activity
// looks.
const recentActivityWindow = 7 * 24 * time.Hour

// ProjectSummary is the seed's garden_summary for one project, as its page
// shows it: growth events and average visit time as of the last refresh of
// garden_summary (every 10 minutes), and its recent activity.
type ProjectSummary struct {
	GrowthEvents    int      // growth-log rows, the daily visits rows left out
	AvgVisitSeconds *float64 // mean length of the visits that viewed it; nil before any is rolled up
	Interactions7d  int      // interactions over the last 7 days, from the hourly rollups
}

// projectExtras reads what a project's page shows beyond the project: its
// media and its summary (nil when garden_summary has no row for it: an
// archived project, or one planted since the last refresh).
func (s *Service) projectExtras(ctx context.Context, tx Tx, id uuid.UUID) ([]*ProjectMedia, *ProjectSummary, error) {
	media, err := tx.ListMedia(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	sum, err := tx.GardenSummary(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return media, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	from := s.Now().Add(-recentActivityWindow).Truncate(time.Hour).Unix()
	if sum.Interactions7d, err = tx.ProjectInteractionsSince(ctx, id, from); err != nil {
		return nil, nil, err
	}
	return media, sum, nil
}

// ProjectExtras returns a project's media and summary (see projectExtras):
// the owner's view of a project page reads them here.
func (s *Service) ProjectExtras(ctx context.Context, id uuid.UUID) ([]*ProjectMedia, *ProjectSummary, error) {
	var (
		media []*ProjectMedia
		sum   *ProjectSummary
	)
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		media, sum, err = s.projectExtras(ctx, tx, id)
		return err
	})
	return media, sum, err
}
