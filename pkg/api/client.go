package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Client is a typed client of the greenhouse API. Every method returns a
// *Problem for an error answer. It keeps the visitor session the server
// hands out, like a browser keeps its cookie. Safe for concurrent use.
type Client struct {
	baseURL   string
	http      *http.Client
	userAgent string

	mu      sync.Mutex
	token   string
	session string
}

// ClientOption configures a Client.
type ClientOption func(*Client)

// WithHTTPClient sets the HTTP client (default http.DefaultClient).
func WithHTTPClient(h *http.Client) ClientOption { return func(c *Client) { c.http = h } }

// WithToken sets the admin bearer token.
func WithToken(token string) ClientOption { return func(c *Client) { c.token = token } }

// WithUserAgent sets the User-Agent header. The API records no visit for
// bots, and Go's default agent counts as one.
func WithUserAgent(ua string) ClientOption { return func(c *Client) { c.userAgent = ua } }

// WithSession starts the client with a visitor session token.
func WithSession(token string) ClientOption { return func(c *Client) { c.session = token } }

// NewClient returns a client of the API at baseURL (e.g. http://localhost:8080).
func NewClient(baseURL string, opts ...ClientOption) *Client {
	c := &Client{baseURL: strings.TrimRight(baseURL, "/"), http: http.DefaultClient, userAgent: "greenhouse-go-client"}
	for _, o := range opts {
		o(c)
	}
	return c
}

// SetToken replaces the admin token ("" removes it).
func (c *Client) SetToken(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.token = token
}

// Session returns the visitor session token the client holds.
func (c *Client) Session() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.session
}

// Response is the raw answer of Do: status, headers and body.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends a request with the client's headers and returns the raw answer,
// a *Problem for a status of 400 or more.
func (c *Client) Do(ctx context.Context, method, path string, body any, header http.Header) (*Response, error) {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	c.mu.Lock()
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.session != "" {
		req.Header.Set("X-Visitor-Session", c.session)
	}
	c.mu.Unlock()
	for k, vs := range header {
		req.Header[k] = vs
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 32<<20))
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	if s := res.Header.Get("X-Visitor-Session"); s != "" {
		c.mu.Lock()
		c.session = s
		c.mu.Unlock()
	}
	out := &Response{Status: res.StatusCode, Header: res.Header, Body: raw}
	if res.StatusCode >= 400 {
		p := &Problem{}
		if json.Unmarshal(raw, p) != nil || p.Status == 0 {
			p = &Problem{Status: res.StatusCode, Title: http.StatusText(res.StatusCode), Detail: strings.TrimSpace(string(raw))}
		}
		return out, p
	}
	return out, nil
}

func call[T any](ctx context.Context, c *Client, method, path string, body any) (*T, error) {
	res, err := c.Do(ctx, method, path, body, nil)
	if err != nil {
		return nil, err
	}
	var out T
	if err := json.Unmarshal(res.Body, &out); err != nil {
		return nil, fmt.Errorf("decode %s %s: %w", method, path, err)
	}
	return &out, nil
}

// GardenParams are GET /api/v1/garden's optional overrides.
type GardenParams struct {
	Season      string
	WeatherType string
}

// Garden reads the garden, personalised for the client's visitor session
// (one is created on the first call).
func (c *Client) Garden(ctx context.Context, p GardenParams) (*Garden, error) {
	q := url.Values{}
	if p.Season != "" {
		q.Set("season", p.Season)
	}
	if p.WeatherType != "" {
		q.Set("weather_type", p.WeatherType)
	}
	path := "/api/v1/garden"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return call[Garden](ctx, c, http.MethodGet, path, nil)
}

// Weather reads the current weather.
func (c *Client) Weather(ctx context.Context) (*WeatherState, error) {
	return call[WeatherState](ctx, c, http.MethodGet, "/api/v1/garden/weather", nil)
}

// PlantSeed plants a visitor's seed, or an owner's project with an admin token.
func (c *Client) PlantSeed(ctx context.Context, req PlantSeedRequest) (*PlantedSeed, error) {
	return call[PlantedSeed](ctx, c, http.MethodPost, "/api/v1/garden/plant-seed", req)
}

// Project reads a project's page.
func (c *Client) Project(ctx context.Context, id string) (*ProjectDetail, error) {
	return call[ProjectDetail](ctx, c, http.MethodGet, "/api/v1/projects/"+url.PathEscape(id), nil)
}

// Interact records an interaction with a project.
func (c *Client) Interact(ctx context.Context, id string, req InteractionRequest) (*InteractionResult, error) {
	return call[InteractionResult](ctx, c, http.MethodPost, "/api/v1/projects/"+url.PathEscape(id)+"/interact", req)
}

// ReportSession reports what the frontend knows about the visit.
func (c *Client) ReportSession(ctx context.Context, req SessionReport) (*SessionState, error) {
	return call[SessionState](ctx, c, http.MethodPost, "/api/v1/session", req)
}

// IssueToken exchanges the admin password for a token; the client keeps it.
func (c *Client) IssueToken(ctx context.Context, password string) (*Token, error) {
	t, err := call[Token](ctx, c, http.MethodPost, "/api/v1/auth/token", TokenRequest{Password: password})
	if err != nil {
		return nil, err
	}
	c.SetToken(t.AccessToken)
	return t, nil
}

// CreateProject plants an owner's project (admin).
func (c *Client) CreateProject(ctx context.Context, req ProjectCreate) (*Project, error) {
	return call[Project](ctx, c, http.MethodPost, "/api/v1/admin/projects", req)
}

// UpdateProject changes a project or moderates a seed (admin).
func (c *Client) UpdateProject(ctx context.Context, id string, req ProjectUpdate) (*Project, error) {
	return call[Project](ctx, c, http.MethodPatch, "/api/v1/admin/projects/"+url.PathEscape(id), req)
}

// DeleteProject deletes a project (admin).
func (c *Client) DeleteProject(ctx context.Context, id string) (*Deleted, error) {
	return call[Deleted](ctx, c, http.MethodDelete, "/api/v1/admin/projects/"+url.PathEscape(id), nil)
}

// ProjectMedia lists a project's media in order, private projects too (admin).
func (c *Client) ProjectMedia(ctx context.Context, projectID string) ([]ProjectMedia, error) {
	out, err := call[[]ProjectMedia](ctx, c, http.MethodGet, "/api/v1/admin/projects/"+url.PathEscape(projectID)+"/media", nil)
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// AddProjectMedia adds an image, a video or a link to a project's page (admin).
func (c *Client) AddProjectMedia(ctx context.Context, projectID string, req MediaCreate) (*ProjectMedia, error) {
	return call[ProjectMedia](ctx, c, http.MethodPost, "/api/v1/admin/projects/"+url.PathEscape(projectID)+"/media", req)
}

// RemoveProjectMedia removes a media item from a project's page (admin).
func (c *Client) RemoveProjectMedia(ctx context.Context, projectID, mediaID string) (*Deleted, error) {
	return call[Deleted](ctx, c, http.MethodDelete,
		"/api/v1/admin/projects/"+url.PathEscape(projectID)+"/media/"+url.PathEscape(mediaID), nil)
}

// ListSeeds lists visitors' seeds in a moderation state, "" for all (admin).
func (c *Client) ListSeeds(ctx context.Context, moderation string) ([]Project, error) {
	path := "/api/v1/admin/seeds"
	if moderation != "" {
		path += "?moderation=" + url.QueryEscape(moderation)
	}
	out, err := call[[]Project](ctx, c, http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// CreateSkill adds a skill (admin).
func (c *Client) CreateSkill(ctx context.Context, req SkillCreate) (*Skill, error) {
	return call[Skill](ctx, c, http.MethodPost, "/api/v1/admin/skills", req)
}

// UpdateSkill changes a skill (admin).
func (c *Client) UpdateSkill(ctx context.Context, id string, req SkillUpdate) (*Skill, error) {
	return call[Skill](ctx, c, http.MethodPatch, "/api/v1/admin/skills/"+url.PathEscape(id), req)
}

// DeleteSkill removes a skill (admin).
func (c *Client) DeleteSkill(ctx context.Context, id string) (*Deleted, error) {
	return call[Deleted](ctx, c, http.MethodDelete, "/api/v1/admin/skills/"+url.PathEscape(id), nil)
}

// Connect links two skills (admin).
func (c *Client) Connect(ctx context.Context, req ConnectionRequest) (*ConnectionResult, error) {
	return call[ConnectionResult](ctx, c, http.MethodPut, "/api/v1/admin/connections", req)
}

// Disconnect unlinks two skills, by id or name (admin).
func (c *Client) Disconnect(ctx context.Context, a, b string) (*Deleted, error) {
	q := url.Values{"skill_a": {a}, "skill_b": {b}}
	return call[Deleted](ctx, c, http.MethodDelete, "/api/v1/admin/connections?"+q.Encode(), nil)
}

// Announce sends a system_update event (admin).
func (c *Client) Announce(ctx context.Context, message string) (*Announcement, error) {
	return call[Announcement](ctx, c, http.MethodPost, "/api/v1/system/announce", AnnounceRequest{Message: message})
}

// MoodUpdate overrides the weather (admin).
func (c *Client) MoodUpdate(ctx context.Context, req MoodUpdate) (*WeatherUpdate, error) {
	return call[WeatherUpdate](ctx, c, http.MethodPost, "/api/v1/weather/mood-update", req)
}

// Spotify reads what the owner is listening to.
func (c *Client) Spotify(ctx context.Context) (*SpotifyState, error) {
	return call[SpotifyState](ctx, c, http.MethodGet, "/api/v1/integrations/spotify/current", nil)
}

// GithubSyncStatus reads the GitHub sync state (admin).
func (c *Client) GithubSyncStatus(ctx context.Context) (*SyncStatus, error) {
	return call[SyncStatus](ctx, c, http.MethodGet, "/api/v1/integrations/github/sync", nil)
}
