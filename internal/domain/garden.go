package domain

import (
	"context"
	"errors"
)

// Garden is the shared part of the garden: what every visitor sees before
// personalisation. It is cheap to cache because it holds no visitor data.
type Garden struct {
	Projects    []*Project
	Skills      []*Skill
	Connections []*SkillConnection
	Weather     *WeatherState
}

// LoadGarden reads the visible projects, the constellation and the weather in
// one read-only snapshot.
func (s *Service) LoadGarden(ctx context.Context) (*Garden, error) {
	g := &Garden{}
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		if g.Projects, err = tx.ListProjects(ctx, ProjectFilter{OnlyVisible: true}); err != nil {
			return err
		}
		if g.Skills, err = tx.ListSkills(ctx); err != nil {
			return err
		}
		if g.Connections, err = tx.ListConnections(ctx); err != nil {
			return err
		}
		g.Weather, err = tx.CurrentWeather(ctx)
		if errors.Is(err, ErrNotFound) {
			g.Weather, err = nil, nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if g.Weather == nil {
		if g.Weather, err = s.CurrentWeather(ctx); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// RefreshGardenSummary rebuilds garden_summary (a materialized view on
// PostgreSQL, a table on SQLite).
func (s *Service) RefreshGardenSummary(ctx context.Context) error {
	return s.store.Update(ctx, func(tx Tx) error { return tx.RefreshGardenSummary(ctx) })
}
