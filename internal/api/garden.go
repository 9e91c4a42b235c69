package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

const maxSuggestions = 3

// SessionParams documents how a request presents its visitor session; the
// handlers read the request itself (header first, then cookie).
type SessionParams struct {
	Session       string `header:"X-Visitor-Session" doc:"Visitor session token (from GET /api/v1/garden)"`
	SessionCookie string `cookie:"greenhouse_session" doc:"Visitor session cookie (browsers)"`
}

type gardenInput struct {
	SessionParams
	Season      string `query:"season" doc:"Show the garden in this season (response only)"`
	WeatherType string `query:"weather_type" doc:"Show the garden under this sky (response only)"`
	IfNoneMatch string `header:"If-None-Match"`
}

// gardenOutput carries the garden as bytes: the shared part is encoded once
// per cache generation and spliced with the visitor's small part, so a
// request costs little more than writing its bytes. The documented schema is
// api.Garden (see routes.go); a test checks the bytes decode into it.
type gardenOutput struct {
	ContentType    string `header:"Content-Type"`
	ETag           string `header:"ETag"`
	CacheControl   string `header:"Cache-Control"`
	VisitorSession string `header:"X-Visitor-Session" doc:"Set when a new visitor session was started"`
	SetCookie      string `header:"Set-Cookie" doc:"greenhouse_session cookie (HttpOnly, SameSite=Lax) for a new session"`
	Body           []byte
}

// sharedGarden is the cached part of the garden: the same for everyone.
type sharedGarden struct {
	Projects    []api.Project         `json:"projects"`
	Skills      []api.Skill           `json:"skills"`
	Connections []api.SkillConnection `json:"connections"`
	Weather     api.WeatherState      `json:"weather"`
}

// sharedGarden reads the cached shared garden, once the interaction counts
// it shows are due to be refreshed (staleCounts) have been.
func (s *Server) sharedGarden(ctx context.Context) (sharedGarden, error) {
	s.caches.counts.flushDue(ctx)
	return s.caches.garden.get(ctx, "shared", s.cfg.Cache.GardenTTL, func() (sharedGarden, error) {
		g, err := s.svc.LoadGarden(ctx)
		if err != nil {
			return sharedGarden{}, err
		}
		return sharedGarden{Projects: wire.Projects(g.Projects), Skills: wire.Skills(g.Skills),
			Connections: wire.Connections(g.Connections), Weather: wire.Weather(g.Weather)}, nil
	})
}

// vocab is an optional query value and the domain vocabulary it must be in.
type vocab struct {
	field, value string
	allowed      []string
}

// checkVocab validates optional query values against domain vocabularies.
func checkVocab(checks ...vocab) error {
	var fields []domain.FieldError
	for _, c := range checks {
		if c.value != "" && !slices.Contains(c.allowed, c.value) {
			fields = append(fields, domain.FieldError{Field: c.field,
				Message: fmt.Sprintf("%q is not a valid value", c.value), Allowed: c.allowed})
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return at("query.", &domain.ValidationError{Fields: fields})
}

// timeOfDay is a coarse fallback when the weather has none (UTC hours).
func timeOfDay(t time.Time) string {
	switch h := t.UTC().Hour(); {
	case h >= 5 && h < 7:
		return "dawn"
	case h >= 7 && h < 18:
		return "day"
	case h >= 18 && h < 20:
		return "dusk"
	}
	return "night"
}

func (s *Server) garden(ctx context.Context, in *gardenInput) (*gardenOutput, error) {
	r, err := s.gardenReply(ctx, in)
	if err != nil {
		return nil, err
	}
	out := &gardenOutput{ContentType: "application/json", ETag: r.etag, CacheControl: "private, no-cache",
		Body: append(slices.Clip(r.shared), r.own...)}
	if r.cookie != nil {
		out.VisitorSession, out.SetCookie = r.cookie.Value, r.cookie.String()
	}
	return out, nil
}

// gardenReply is a visitor's garden: the body is shared followed by own.
type gardenReply struct {
	shared []byte // the part every visitor gets (may be nil)
	own    []byte // the rest
	etag   string
	cookie *http.Cookie // a new session's, or nil
	parts  *gardenParts // what shared came from, for its compressed splices (nil: not spliced)
	kept   *visitorTail // own as kept for its view, with its encodings (nil: made for this request)
}

// gardenReply assembles the garden for this visitor (see gardenInput); a
// matching If-None-Match is answered 304.
func (s *Server) gardenReply(ctx context.Context, in *gardenInput) (*gardenReply, error) {
	if err := checkVocab(vocab{"season", in.Season, domain.Seasons},
		vocab{"weather_type", in.WeatherType, domain.WeatherTypes}); err != nil {
		return nil, err
	}
	v, err := s.visitor(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.limit(ctx, RuleGarden, s.rateKey(ctx, v)); err != nil {
		return nil, err
	}
	cookie, err := s.startSession(ctx, v)
	if err != nil {
		return nil, err
	}
	parts, err := s.sharedParts(ctx)
	if err != nil {
		return nil, err
	}
	view := gardenView{weather: parts.garden.Weather, season: parts.garden.Weather.Season,
		timeOfDay: parts.garden.Weather.TimeOfDay, tracked: v.tracked}
	if view.season == "" {
		view.season = domain.SeasonAt(s.now(), true)
	}
	if view.timeOfDay == "" {
		view.timeOfDay = timeOfDay(s.now())
	}
	if in.Season != "" {
		view.season, view.weather.Season = in.Season, in.Season
	}
	if in.WeatherType != "" {
		view.weather.WeatherType = in.WeatherType
	}
	var own []api.Project
	if v.session != nil {
		view.viewed = v.session.ProjectsViewed
		if v.session.SeedsPlanted > 0 {
			seeds, err := s.svc.SeedsOfSession(ctx, v.session.ID)
			if err != nil {
				return nil, err
			}
			own = wire.Projects(seeds)
		}
	}
	r, err := parts.reply(view, own)
	if err != nil {
		return nil, err
	}
	r.cookie = cookie
	if cookie == nil {
		if err := notModified(in.IfNoneMatch, r.etag); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// etagOf is a strong ETag: a hash of the encoded body.
func etagOf(body any) (string, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return "", fmt.Errorf("encode for etag: %w", err)
	}
	sum := sha256.Sum256(raw)
	return `"` + hex.EncodeToString(sum[:16]) + `"`, nil
}

// notModified answers 304 when If-None-Match names the current ETag.
func notModified(ifNoneMatch, etag string) error {
	if ifNoneMatch == "" {
		return nil
	}
	for _, candidate := range strings.Split(ifNoneMatch, ",") {
		c := strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if c == etag || c == "*" {
			return huma.ErrorWithHeaders(huma.Status304NotModified(), map[string][]string{"ETag": {etag}})
		}
		if c == encodedETag(etag, codingGzip) || c == encodedETag(etag, codingBrotli) {
			// The same representation, as a compressing client got it.
			return huma.ErrorWithHeaders(huma.Status304NotModified(), map[string][]string{"ETag": {c}})
		}
	}
	return nil
}

type weatherOutput struct {
	Body api.WeatherState
}

func (s *Server) weather(ctx context.Context, _ *struct{}) (*weatherOutput, error) {
	v, err := s.visitor(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.limit(ctx, RuleGarden, s.rateKey(ctx, v)); err != nil {
		return nil, err
	}
	w, err := s.caches.weather.get(ctx, "current", s.cfg.Cache.WeatherTTL, func() (api.WeatherState, error) {
		w, err := s.svc.CurrentWeather(ctx)
		if err != nil {
			return api.WeatherState{}, err
		}
		return wire.Weather(w), nil
	})
	if err != nil {
		return nil, err
	}
	return &weatherOutput{Body: w}, nil
}

type plantSeedInput struct {
	SessionParams
	Authorization string `header:"Authorization" doc:"Bearer admin token: plants an owner's project"`
	Body          api.PlantSeedRequest
}

type plantSeedOutput struct {
	Body api.PlantedSeed
}

// seedLocation places the domain's field names in the request body.
func seedLocation(field string) string {
	if strings.HasPrefix(field, "position") {
		return "body."
	}
	return "body.seed_data."
}

func (s *Server) plantSeed(ctx context.Context, in *plantSeedInput) (*plantSeedOutput, error) {
	admin, err := s.isAdmin(ctx)
	if err != nil {
		return nil, err
	}
	d, pos := in.Body.SeedData, domain.Position(in.Body.Position)
	var p *domain.Project
	if admin {
		p, err = s.svc.PlantProject(ctx, domain.PlantInput{Name: d.Name, Description: d.Description,
			GithubRepo: d.GithubRepo, DemoURL: d.DemoURL, PlantType: d.PlantType, Position: pos,
			Technologies: d.Technologies})
	} else {
		var v *visitor
		if v, err = s.requireSession(ctx); err != nil {
			return nil, err
		}
		if err := s.limit(ctx, RulePlantSeed, s.rateKey(ctx, v)); err != nil {
			return nil, err
		}
		policy := domain.SeedPolicy{Mode: s.cfg.Garden.VisitorSeeds, Max: s.cfg.Garden.MaxVisitorSeeds}
		s.sessions.drop(v.session.SessionToken) // its seeds_planted changes
		p, err = s.svc.PlantVisitorSeed(ctx, v.session.SessionToken, domain.SeedInput{Name: d.Name,
			Description: d.Description, PlantType: d.PlantType, Technologies: d.Technologies,
			GithubRepo: d.GithubRepo, DemoURL: d.DemoURL, Position: pos}, policy)
	}
	if err != nil {
		return nil, &located{prefix: seedLocation, err: err}
	}
	if p.Visible() {
		s.invalidate(ctx, nsGarden, nsProjects)
	}
	return &plantSeedOutput{Body: api.PlantedSeed{Project: wire.Project(p), Visible: p.Visible()}}, nil
}

type sessionReportInput struct {
	SessionParams
	Body api.SessionReport
}

type sessionReportOutput struct {
	Body api.SessionState
}

func (s *Server) reportSession(ctx context.Context, in *sessionReportInput) (*sessionReportOutput, error) {
	v, err := s.visitor(ctx)
	if err != nil {
		return nil, err
	}
	if !v.tracked {
		return &sessionReportOutput{Body: api.SessionState{JourneyPath: []string{}, ProjectsViewed: []string{}}}, nil
	}
	if v, err = s.requireSession(ctx); err != nil {
		return nil, err
	}
	b := in.Body
	s.sessions.drop(v.session.SessionToken)
	sess, err := s.svc.ReportVisit(ctx, v.session.SessionToken, domain.VisitReport{
		EntryPoint: b.EntryPoint, Referrer: b.Referrer, ScreenResolution: b.ScreenResolution,
		ScrollDepthPercent: b.ScrollDepthPercent, Area: b.Area, Leaving: b.Leaving, ExitPoint: b.ExitPoint})
	if err != nil {
		return nil, err
	}
	return &sessionReportOutput{Body: sessionState(sess)}, nil
}

func sessionState(sess *domain.VisitorSession) api.SessionState {
	viewed := make([]string, len(sess.ProjectsViewed))
	for i, id := range sess.ProjectsViewed {
		viewed[i] = id.String()
	}
	journey := sess.JourneyPath
	if journey == nil {
		journey = []string{}
	}
	return api.SessionState{EntryPoint: sess.EntryPoint, JourneyPath: journey, ExitPoint: sess.ExitPoint,
		ProjectsViewed: viewed, TotalTimeSeconds: sess.TotalTimeSeconds, ScrollDepthPercent: sess.ScrollDepthPercent,
		ClicksCount: sess.ClicksCount, SeedsPlanted: sess.SeedsPlanted, DeviceType: sess.DeviceType,
		Browser: sess.Browser, ScreenResolution: sess.ScreenResolution, StartedAt: sess.StartedAt.UTC(),
		LastActivityAt: sess.LastActivityAt.UTC(), EndedAt: sess.EndedAt}
}
