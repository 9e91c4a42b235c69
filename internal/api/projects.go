package api

import (
	"context"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

type ProjectIDParam struct {
	ProjectID string `path:"project_id" format:"uuid" doc:"The project's id"`
}

// id parses the path id; huma has validated its format already.
func (p ProjectIDParam) id() (uuid.UUID, error) {
	id, err := uuid.Parse(p.ProjectID)
	if err != nil {
		return uuid.Nil, at("path.", domain.Invalid("project_id", "must be a UUID"))
	}
	return id, nil
}

type projectInput struct {
	ProjectIDParam
	SessionParams
	IfNoneMatch string `header:"If-None-Match"`
}

type projectOutput struct {
	ETag         string `header:"ETag"`
	CacheControl string `header:"Cache-Control"`
	Body         api.ProjectDetail
}

func (s *Server) project(ctx context.Context, in *projectInput) (*projectOutput, error) {
	id, err := in.id()
	if err != nil {
		return nil, err
	}
	v, err := s.visitor(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.limit(ctx, RuleGarden, s.rateKey(ctx, v)); err != nil {
		return nil, err
	}
	s.caches.counts.flushDue(ctx) // the page shows the project's interaction count
	d, err := s.caches.projects.get(ctx, id.String(), s.cfg.Cache.ProjectTTL, func() (api.ProjectDetail, error) {
		d, err := s.svc.ProjectDetails(ctx, id)
		if err != nil {
			return api.ProjectDetail{}, err
		}
		return wire.ProjectDetail(d), nil
	})
	if err != nil {
		return nil, err
	}
	etag, err := etagOf(d)
	if err != nil {
		return nil, err
	}
	if err := notModified(in.IfNoneMatch, etag); err != nil {
		return nil, err
	}
	return &projectOutput{ETag: etag, CacheControl: "public, no-cache", Body: d}, nil
}

type interactInput struct {
	ProjectIDParam
	SessionParams
	Body api.InteractionRequest
}

type interactOutput struct {
	Body api.InteractionResult
}

func (s *Server) interact(ctx context.Context, in *interactInput) (*interactOutput, error) {
	id, err := in.id()
	if err != nil {
		return nil, err
	}
	v, err := s.visitor(ctx)
	if err != nil {
		return nil, err
	}
	if !v.tracked {
		return s.unrecordedInteraction(ctx, id)
	}
	if v, err = s.requireSession(ctx); err != nil {
		return nil, err
	}
	if err := s.limit(ctx, RuleInteract, s.visitorKey(ctx, v)); err != nil {
		return nil, err
	}
	b := in.Body
	res, err := s.recordIn.Record(ctx, v.session.SessionToken, id, domain.InteractionInput{
		Type: b.InteractionType, DurationSeconds: b.DurationSeconds, Metadata: b.Metadata})
	if err != nil {
		s.sessions.drop(v.session.SessionToken)
		return nil, err
	}
	s.sessions.viewed(v.session.SessionToken, id) // what personalisation reads of it
	s.metrics.interactions.WithLabelValues(id.String()).Inc()
	s.caches.counts.changed()
	if res.StageChanged {
		s.metrics.growth.WithLabelValues(res.PreviousStage, res.NewStage).Inc()
		s.invalidate(ctx, nsGarden)
	}
	return &interactOutput{Body: api.InteractionResult{VisitorInteractions: res.VisitorInteractions,
		GrowthFactor: res.GrowthFactor, StageChanged: res.StageChanged, PreviousStage: res.PreviousStage,
		NewStage: res.NewStage, Recorded: true}}, nil
}

// unrecordedInteraction answers a bot or a Do-Not-Track visitor with the
// project's numbers, recording nothing.
func (s *Server) unrecordedInteraction(ctx context.Context, id uuid.UUID) (*interactOutput, error) {
	p, err := s.svc.GetProject(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.Reachable() {
		return nil, &domain.NotFoundError{Kind: "project", Key: id.String()}
	}
	return &interactOutput{Body: api.InteractionResult{VisitorInteractions: p.VisitorInteractions,
		PreviousStage: p.GrowthStage, NewStage: p.GrowthStage}}, nil
}
