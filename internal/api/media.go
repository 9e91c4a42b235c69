package api

import (
	"context"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

type mediaListOutput struct {
	Body []api.ProjectMedia
}

func (s *Server) listMedia(ctx context.Context, in *ProjectIDParam) (*mediaListOutput, error) {
	id, err := in.id()
	if err != nil {
		return nil, err
	}
	_, items, err := s.svc.ProjectMediaList(ctx, id.String())
	if err != nil {
		return nil, err
	}
	return &mediaListOutput{Body: wire.Media(items)}, nil
}

type addMediaInput struct {
	ProjectIDParam
	Body api.MediaCreate
}

type mediaOutput struct {
	Body api.ProjectMedia
}

func (s *Server) addMedia(ctx context.Context, in *addMediaInput) (*mediaOutput, error) {
	id, err := in.id()
	if err != nil {
		return nil, err
	}
	b := in.Body
	m, err := s.svc.AddProjectMedia(ctx, id.String(), domain.MediaInput{Kind: b.Kind, URL: b.URL,
		Caption: b.Caption, AltText: b.AltText, Position: b.Position})
	if err != nil {
		return nil, err
	}
	s.invalidate(ctx, nsGarden, nsProjects)
	return &mediaOutput{Body: wire.MediaItem(m)}, nil
}

type removeMediaInput struct {
	ProjectIDParam
	MediaID string `path:"media_id" format:"uuid" doc:"The media item's id"`
}

func (s *Server) removeMedia(ctx context.Context, in *removeMediaInput) (*deletedOutput, error) {
	id, err := in.id()
	if err != nil {
		return nil, err
	}
	if _, err := s.svc.RemoveProjectMedia(ctx, id.String(), in.MediaID); err != nil {
		return nil, err
	}
	s.invalidate(ctx, nsGarden, nsProjects)
	return &deletedOutput{Body: api.Deleted{ID: in.MediaID, Deleted: true}}, nil
}
