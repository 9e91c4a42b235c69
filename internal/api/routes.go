package api

import (
	"context"
	"net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humagin"
	"github.com/greenhouse-garden/greenhouse/internal/problem"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const v1 = "/api/v1"

// routes is the route table: every route of the API, in one place.
func (s *Server) routes() {
	op := func(id, method, path, summary string, tags ...string) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Tags: tags}
	}
	created := func(o huma.Operation) huma.Operation { o.DefaultStatus = http.StatusCreated; return o }
	// sends lists the statuses a route sends besides its default one and
	// those every route of its kind sends (500, 503, 400/413/415/422 for a
	// body...), which openapi.go adds: 304 and 2xx ones included.
	sends := func(o huma.Operation, codes ...int) huma.Operation { o.Errors = codes; return o }
	described := func(o huma.Operation, description string) huma.Operation { o.Description = description; return o }

	handle(s, op("healthz", http.MethodGet, "/healthz", "Liveness: the process answers", "system"), s.healthz)
	handle(s, op("readyz", http.MethodGet, "/readyz", "Readiness: the database answers", "system"), s.readyz)
	handle(s, op("metrics", http.MethodGet, "/metrics", "Prometheus metrics", "system"), s.metricsPage)

	handle(s, jsonBody(sends(op("get-garden", http.MethodGet, v1+"/garden", "The whole garden, personalised for this visitor", "garden"), 304, 429),
		s.api, reflect.TypeOf(api.Garden{})), s.garden)
	handle(s, sends(created(op("plant-seed", http.MethodPost, v1+"/garden/plant-seed", "Plant a seed (visitor) or a project (admin token)", "garden")), 401, 403, 409, 429), s.plantSeed)
	handle(s, sends(op("get-weather", http.MethodGet, v1+"/garden/weather", "The garden's current weather", "garden"), 429), s.weather)
	handle(s, sends(op("get-project", http.MethodGet, v1+"/projects/{project_id}", "A project's page", "projects"), 304, 404, 429), s.project)
	handle(s, sends(op("interact", http.MethodPost, v1+"/projects/{project_id}/interact", "Record a visitor's interaction", "projects"), 401, 404, 429), s.interact)
	handle(s, sends(op("report-session", http.MethodPost, v1+"/session", "Report what the frontend knows about this visit", "garden"), 401), s.reportSession)
	handle(s, sends(op("issue-token", http.MethodPost, v1+"/auth/token", "Exchange the admin password for a bearer token", "auth"), 401, 429), s.issueToken)

	handleAdmin(s, sends(created(op("create-project", http.MethodPost, v1+"/admin/projects", "Plant an owner's project")), 409), s.createProject)
	handleAdmin(s, sends(op("update-project", http.MethodPatch, v1+"/admin/projects/{project_id}", "Change a project, or moderate a visitor's seed"), 404, 409), s.updateProject)
	handleAdmin(s, sends(op("delete-project", http.MethodDelete, v1+"/admin/projects/{project_id}", "Delete a project and its history"), 404), s.deleteProject)
	handleAdmin(s, sends(op("list-project-media", http.MethodGet, v1+"/admin/projects/{project_id}/media", "A project's media, in order"), 404), s.listMedia)
	handleAdmin(s, sends(created(op("add-project-media", http.MethodPost, v1+"/admin/projects/{project_id}/media", "Add an image, a video or a link to a project's page")), 404, 409), s.addMedia)
	handleAdmin(s, sends(op("remove-project-media", http.MethodDelete, v1+"/admin/projects/{project_id}/media/{media_id}", "Remove a media item from a project's page"), 404), s.removeMedia)
	handleAdmin(s, op("list-seeds", http.MethodGet, v1+"/admin/seeds", "Visitors' seeds, by moderation state"), s.listSeeds)
	handleAdmin(s, sends(created(op("create-skill", http.MethodPost, v1+"/admin/skills", "Add a skill")), 409), s.createSkill)
	handleAdmin(s, sends(op("update-skill", http.MethodPatch, v1+"/admin/skills/{skill_id}", "Change a skill"), 404, 409), s.updateSkill)
	handleAdmin(s, sends(op("delete-skill", http.MethodDelete, v1+"/admin/skills/{skill_id}", "Remove a skill and its connections"), 404), s.deleteSkill)
	handleAdmin(s, sends(op("put-connection", http.MethodPut, v1+"/admin/connections", "Connect two skills (or update the link)"), 201, 404), s.putConnection)
	handleAdmin(s, sends(op("delete-connection", http.MethodDelete, v1+"/admin/connections", "Disconnect two skills"), 404), s.deleteConnection)
	handleAdmin(s, created(op("announce", http.MethodPost, v1+"/system/announce", "Send a system_update event")), s.announce)
	handleAdmin(s, op("mood-update", http.MethodPost, v1+"/weather/mood-update", "Override the weather by mood"), s.moodUpdate)
	handleAdmin(s, sends(op("analytics-dashboard", http.MethodGet, v1+"/analytics/dashboard", "Analytics dashboard"), 429), s.dashboard)
	handleAdmin(s, op("analytics-realtime", http.MethodGet, v1+"/analytics/realtime", "Live numbers"), s.realtime)
	handleAdmin(s, described(op("github-sync-status", http.MethodGet, v1+"/integrations/github/sync", "GitHub sync status"),
		"When a sync last read a repository, the latest run (queued, running, succeeded, or failed with its error) "+
			"and its per-repository results. Reading the status never starts a sync: the seed's GET-triggers-a-sync "+
			"is replaced, on purpose, by POST on the same path (a GET must be safe to repeat, cache and prefetch)."), s.githubSyncStatus)
	handleAdmin(s, sends(described(op("github-sync", http.MethodPost, v1+"/integrations/github/sync", "Request a GitHub sync"),
		"Queues a sync of every linked repository in the worker (the seed's GET that triggered a sync, made a POST "+
			"on purpose) and answers 202 with the job id; repositories synced less than cache.github_ttl ago are "+
			"skipped unless force=true."), 202, 403), s.githubSync)
	handle(s, sends(op("github-webhook", http.MethodPost, v1+"/integrations/github/webhook", "GitHub webhook (signed with github.webhook_secret)", "integrations"), 202, 400, 401, 403), s.githubWebhook)
	handle(s, op("spotify-current", http.MethodGet, v1+"/integrations/spotify/current", "What the owner is listening to", "integrations"), s.spotifyCurrent)
}

// jsonBody documents a 200 response written as pre-encoded bytes with the
// schema of the Go type it encodes.
func jsonBody(o huma.Operation, a huma.API, t reflect.Type) huma.Operation {
	schema := a.OpenAPI().Components.Schemas.Schema(t, true, t.Name())
	o.Responses = map[string]*huma.Response{"200": {
		Description: "OK",
		Content:     map[string]*huma.MediaType{"application/json": {Schema: schema}},
	}}
	return o
}

type healthOutput struct{ Body api.Health }

func (s *Server) healthz(context.Context, *struct{}) (*healthOutput, error) {
	return &healthOutput{Body: api.Health{Status: "ok"}}, nil
}

func (s *Server) readyz(ctx context.Context, _ *struct{}) (*healthOutput, error) {
	if err := s.svc.Store().Ping(ctx); err != nil {
		s.logger(ctx).Warn("not ready", "err", err)
		return nil, problem.New(http.StatusServiceUnavailable, "the database does not answer")
	}
	for name, check := range s.readyChecks {
		if err := check(ctx); err != nil {
			s.logger(ctx).Warn("not ready", "dependency", name, "err", err)
			return nil, problem.New(http.StatusServiceUnavailable, name+" does not answer")
		}
	}
	return &healthOutput{Body: api.Health{Status: "ok", Engine: s.svc.Store().Engine()}}, nil
}

type metricsOutput struct {
	Body func(huma.Context)
}

func (s *Server) metricsPage(context.Context, *struct{}) (*metricsOutput, error) {
	h := promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})
	return &metricsOutput{Body: func(hctx huma.Context) {
		c := humagin.Unwrap(hctx)
		h.ServeHTTP(c.Writer, c.Request)
	}}, nil
}
