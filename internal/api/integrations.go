package api

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

type webhookInput struct {
	Event     string `header:"X-GitHub-Event" required:"true" doc:"push, ping, release, ..."`
	Signature string `header:"X-Hub-Signature-256" required:"true" doc:"sha256=<hex HMAC of the body with github.webhook_secret>"`
	RawBody   []byte
}

type acceptedOutput struct {
	Status int
	Body   api.Accepted
}

// githubWebhook authenticates a GitHub delivery and accepts it. Growth from
// pushes is the worker's job (sync); this endpoint only verifies and acks.
func (s *Server) githubWebhook(ctx context.Context, in *webhookInput) (*acceptedOutput, error) {
	secret := s.cfg.GitHub.WebhookSecret
	if secret == "" {
		return nil, &domain.ForbiddenError{Reason: "the GitHub webhook is not configured (github.webhook_secret)"}
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(in.RawBody)
	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(strings.TrimSpace(in.Signature))) {
		return nil, unauthorized("the webhook signature does not match")
	}
	var payload api.GithubWebhook
	if err := json.Unmarshal(in.RawBody, &payload); err != nil {
		return nil, newProblem(http.StatusBadRequest, "the payload is not valid JSON")
	}
	if in.Event == "ping" {
		return &acceptedOutput{Status: http.StatusOK, Body: api.Accepted{Status: "accepted", Message: "pong"}}, nil
	}
	repo := ""
	if payload.Repository != nil {
		repo = payload.Repository.FullName
	}
	s.logger(ctx).Info("github webhook accepted", "event", in.Event, "repository", repo, "commits", len(payload.Commits))
	return &acceptedOutput{Status: http.StatusAccepted, Body: api.Accepted{Status: "accepted",
		Message: "delivery verified; growth is recomputed by the next sync"}}, nil
}

type syncOutput struct {
	Status int
	Body   api.SyncStatus
}

func (s *Server) syncStatus(ctx context.Context) (api.SyncStatus, error) {
	all, err := s.svc.ListProjects(ctx, domain.ProjectFilter{Origin: domain.OriginOwner})
	if err != nil {
		return api.SyncStatus{}, err
	}
	st := api.SyncStatus{Configured: s.cfg.GitHub.Token != "", Status: "idle"}
	if !st.Configured {
		st.Status = "not_configured"
	}
	for _, p := range all {
		if p.GithubRepo != "" {
			st.Projects++
		}
	}
	return st, nil
}

func (s *Server) githubSyncStatus(ctx context.Context, _ *struct{}) (*syncOutput, error) {
	st, err := s.syncStatus(ctx)
	if err != nil {
		return nil, err
	}
	return &syncOutput{Status: http.StatusOK, Body: st}, nil
}

// githubSync is a documented stub: the sync itself runs in the worker, which
// this endpoint cannot reach yet; it reports the state without queuing.
func (s *Server) githubSync(ctx context.Context, _ *struct{}) (*syncOutput, error) {
	st, err := s.syncStatus(ctx)
	if err != nil {
		return nil, err
	}
	if !st.Configured {
		return nil, &domain.ForbiddenError{Reason: "GitHub is not configured (github.token)"}
	}
	st.Status = "not_implemented"
	return &syncOutput{Status: http.StatusAccepted, Body: st}, nil
}

type spotifyOutput struct {
	Body api.SpotifyState
}

// spotifyCurrent reports {configured:false} without credentials; with them
// it reports the weather's music mood (the Spotify client is not built yet).
func (s *Server) spotifyCurrent(ctx context.Context, _ *struct{}) (*spotifyOutput, error) {
	st := api.SpotifyState{Configured: s.cfg.Spotify.ClientID != "" && s.cfg.Spotify.RefreshToken != ""}
	if st.Configured {
		w, err := s.svc.CurrentWeather(ctx)
		if err != nil {
			return nil, err
		}
		st.MusicMood = w.MusicMood
	}
	return &spotifyOutput{Body: st}, nil
}
