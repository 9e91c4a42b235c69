package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/problem"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

type webhookInput struct {
	Event     string `header:"X-GitHub-Event" required:"true" doc:"push, ping, release, ..."`
	Delivery  string `header:"X-GitHub-Delivery" doc:"GitHub's delivery id; a redelivery is a no-op"`
	Signature string `header:"X-Hub-Signature-256" doc:"sha256=<hex HMAC-SHA256 of the body with github.webhook_secret>; missing or wrong is 401"`
	RawBody   []byte
}

type acceptedOutput struct {
	Status int
	Body   api.Accepted
}

// Integrations is the background side the integration routes hand work to
// (the worker's job queue and its cached Spotify state).
type Integrations interface {
	// Webhook verifies a GitHub delivery and queues its processing; status
	// is the HTTP status to answer (401 bad signature, 202 queued, ...).
	Webhook(ctx context.Context, event, delivery, signature string, body []byte) (status int, message string, err error)
	// EnqueueSync queues a GitHub sync of one project (or all, ref "") and
	// returns the job id; force asks GitHub even within cache.github_ttl.
	EnqueueSync(ctx context.Context, projectRef string, force bool) (int64, error)
	// Spotify is what the owner is listening to, cached.
	Spotify(ctx context.Context) (api.SpotifyState, error)
}

// githubWebhook hands a delivery to the worker, which checks the signature
// (constant time, before parsing), drops redeliveries and queues the work,
// so the answer comes within a second.
func (s *Server) githubWebhook(ctx context.Context, in *webhookInput) (*acceptedOutput, error) {
	if s.integrations == nil {
		return nil, &domain.ForbiddenError{Reason: "webhooks are processed by the worker, which this server does not reach"}
	}
	status, message, err := s.integrations.Webhook(ctx, in.Event, in.Delivery, in.Signature, in.RawBody)
	if err != nil {
		return nil, err
	}
	switch {
	case status == http.StatusUnauthorized:
		return nil, unauthorized(message)
	case status == http.StatusForbidden:
		return nil, &domain.ForbiddenError{Reason: message}
	case status >= 400:
		return nil, problem.New(status, message)
	}
	return &acceptedOutput{Status: status, Body: api.Accepted{Status: "accepted", Message: message}}, nil
}

type syncOutput struct {
	Status int
	Body   api.SyncStatus
}

// syncStatus is the GitHub sync's state: configured, the linked projects,
// when a sync last read a repository and the latest run with its results.
func (s *Server) syncStatus(ctx context.Context) (api.SyncStatus, error) {
	all, err := s.svc.ListProjects(ctx, domain.ProjectFilter{Origin: domain.OriginOwner})
	if err != nil {
		return api.SyncStatus{}, err
	}
	st := api.SyncStatus{Configured: s.cfg.GitHub.Token != "", Status: "idle"}
	for _, p := range all {
		if p.GithubRepo != "" {
			st.Projects++
		}
	}
	if st.LastSyncAt, err = s.svc.LastSyncAt(ctx, githubProvider); err != nil {
		return api.SyncStatus{}, err
	}
	run, err := s.svc.LatestSyncRun(ctx, githubProvider)
	if err != nil {
		return api.SyncStatus{}, err
	}
	if run != nil {
		st.Status, st.JobID = run.State, run.JobID
		st.LatestRun = &api.SyncRun{State: run.State, Error: run.Error, QueuedAt: run.QueuedAt,
			StartedAt: run.StartedAt, FinishedAt: run.FinishedAt, Results: []api.SyncProjectResult{}}
		if len(run.Results) > 0 {
			if err := json.Unmarshal(run.Results, &st.LatestRun.Results); err != nil {
				return api.SyncStatus{}, fmt.Errorf("sync run results: %w", err)
			}
		}
	}
	if !st.Configured {
		st.Status = "not_configured"
	}
	return st, nil
}

// githubProvider names GitHub in the sync state (worker.ProviderGitHub).
const githubProvider = "github"

func (s *Server) githubSyncStatus(ctx context.Context, _ *struct{}) (*syncOutput, error) {
	st, err := s.syncStatus(ctx)
	if err != nil {
		return nil, err
	}
	return &syncOutput{Status: http.StatusOK, Body: st}, nil
}

type syncInput struct {
	Force bool `query:"force" doc:"Ask GitHub even for repositories synced less than cache.github_ttl ago"`
}

// githubSync queues the same work as `greenhouse sync github` and answers
// with the job's id.
func (s *Server) githubSync(ctx context.Context, in *syncInput) (*syncOutput, error) {
	st, err := s.syncStatus(ctx)
	if err != nil {
		return nil, err
	}
	if !st.Configured {
		return nil, &domain.ForbiddenError{Reason: "GitHub is not configured (github.token)"}
	}
	if s.integrations == nil {
		return nil, &domain.ForbiddenError{Reason: "syncs run in the worker, which this server does not reach"}
	}
	id, err := s.integrations.EnqueueSync(ctx, "", in.Force)
	if err != nil {
		return nil, err
	}
	if st, err = s.syncStatus(ctx); err != nil {
		return nil, err
	}
	st.JobID = id
	if st.Status != "running" && st.Status != "succeeded" && st.Status != "failed" {
		st.Status = "queued"
	}
	return &syncOutput{Status: http.StatusAccepted, Body: st}, nil
}

type spotifyOutput struct {
	Body api.SpotifyState
}

// spotifyCurrent says what the owner is listening to, cached 5 minutes;
// without credentials it says so ({configured:false}) rather than failing.
func (s *Server) spotifyCurrent(ctx context.Context, _ *struct{}) (*spotifyOutput, error) {
	if s.integrations == nil {
		return &spotifyOutput{Body: api.SpotifyState{Configured: false, Artists: []string{}, Genres: []string{}}}, nil
	}
	st, err := s.integrations.Spotify(ctx)
	if err != nil {
		return nil, err
	}
	return &spotifyOutput{Body: st}, nil
}
