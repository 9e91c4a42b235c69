package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// Cache namespaces; a write invalidates the ones it changes.
const (
	nsGarden   = "garden"
	nsWeather  = "weather"
	nsProjects = "projects"
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
	Season      string `query:"season" enum:"spring,summer,autumn,winter" doc:"Show the garden in this season (response only)"`
	WeatherType string `query:"weather_type" enum:"sunny,cloudy,stormy,aurora,starry" doc:"Show the garden under this sky (response only)"`
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

// cached returns the value of ns/key from the cache, or computes, stores and
// returns it. A cache failure is logged and the value computed: the cache
// speeds the garden up, it never takes it down.
//
// The last decoded value of each key is kept beside its bytes: while the
// cache returns the same bytes (the common case, until a write), the value
// is not decoded again. Callers must treat the value as read-only.
func cached[T any](ctx context.Context, s *Server, ns, key string, ttl time.Duration, load func() (T, error)) (T, error) {
	var v T
	if raw, ok, err := s.cache.Get(ctx, ns, key); err != nil {
		s.logger(ctx).Warn("cache get failed", "namespace", ns, "err", err)
	} else if ok {
		if m, hit := s.memo.Load(ns + "/" + key); hit {
			if e := m.(*memoEntry); bytes.Equal(e.raw, raw) {
				if mv, typed := e.val.(T); typed {
					return mv, nil
				}
			}
		}
		if json.Unmarshal(raw, &v) == nil {
			s.memo.Store(ns+"/"+key, &memoEntry{raw: raw, val: v})
			return v, nil
		}
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	if ttl > 0 {
		if raw, err := json.Marshal(v); err == nil {
			if err := s.cache.Set(ctx, ns, key, raw, ttl); err != nil {
				s.logger(ctx).Warn("cache set failed", "namespace", ns, "err", err)
			}
			s.memo.Store(ns+"/"+key, &memoEntry{raw: raw, val: v})
		}
	}
	return v, nil
}

// memoEntry is a cached value decoded once, with the bytes it came from.
type memoEntry struct {
	raw    []byte
	val    any
	once   sync.Once
	prefix []byte   // see encodedShared
	sum    [32]byte // digest of prefix
}

// EventCommitted drops what a committed event makes stale. serve calls it
// for every event its feed delivers, so a change made by the CLI, the worker
// or another replica is seen by the very next request here too.
func (s *Server) EventCommitted(ctx context.Context, eventType string) {
	switch eventType {
	case domain.EventWeatherChange:
		s.invalidate(ctx, nsGarden, nsWeather)
	case domain.EventSeedPlanted, domain.EventProjectGrowth, domain.EventSystemUpdate:
		s.invalidate(ctx, nsGarden, nsProjects)
	case domain.EventSkillUnlock:
		s.invalidate(ctx, nsGarden)
	}
	// visitor_interaction: counts may lag by the garden TTL (5 min), as the
	// seed's cache design intends; invalidating on every interaction would
	// defeat the cache.
}

// invalidate drops the namespaces a write changed.
func (s *Server) invalidate(ctx context.Context, namespaces ...string) {
	for _, ns := range namespaces {
		if err := s.cache.Invalidate(ctx, ns); err != nil {
			s.logger(ctx).Error("cache invalidate failed", "namespace", ns, "err", err)
		}
	}
}

func (s *Server) sharedGarden(ctx context.Context) (sharedGarden, error) {
	return cached(ctx, s, nsGarden, "shared", s.cfg.Cache.GardenTTL, func() (sharedGarden, error) {
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
	shared, err := s.sharedGarden(ctx)
	if err != nil {
		return nil, err
	}
	g := api.Garden{Projects: shared.Projects, Skills: shared.Skills, Connections: shared.Connections,
		Weather: shared.Weather, Season: shared.Weather.Season, TimeOfDay: shared.Weather.TimeOfDay}
	if g.Season == "" {
		g.Season = domain.SeasonAt(s.now(), true)
	}
	if g.TimeOfDay == "" {
		g.TimeOfDay = timeOfDay(s.now())
	}
	if in.Season != "" {
		g.Season, g.Weather.Season = in.Season, in.Season
	}
	if in.WeatherType != "" {
		g.Weather.WeatherType = in.WeatherType
	}
	if err := s.personalise(ctx, v, &g); err != nil {
		return nil, err
	}
	body, etag, err := s.encodeGarden(&g, shared)
	if err != nil {
		return nil, err
	}
	out := &gardenOutput{ContentType: "application/json", ETag: etag, CacheControl: "private, no-cache", Body: body}
	if cookie != nil {
		out.VisitorSession, out.SetCookie = cookie.Value, cookie.String()
	} else if err := notModified(in.IfNoneMatch, etag); err != nil {
		return nil, err
	}
	return out, nil
}

// encodeGarden writes g as JSON, exactly as json.Marshal would, reusing the
// encoded shared arrays while the visitor's garden has the shared projects
// unchanged (a visitor with own seeds has more: those are encoded whole).
// The ETag hashes the shared part's digest (computed once) and the rest, so
// the 20 KB body is not hashed on every request.
func (s *Server) encodeGarden(g *api.Garden, shared sharedGarden) (body []byte, etag string, err error) {
	enc, ok := s.encodedShared(shared)
	if !ok || len(g.Projects) != len(shared.Projects) {
		raw, err := json.Marshal(g)
		if err != nil {
			return nil, "", fmt.Errorf("encode garden: %w", err)
		}
		sum := sha256.Sum256(raw)
		return raw, `"` + hex.EncodeToString(sum[:16]) + `"`, nil
	}
	tail, err := json.Marshal(gardenTail{Weather: g.Weather, Season: g.Season, TimeOfDay: g.TimeOfDay,
		Personalization: g.Personalization})
	if err != nil {
		return nil, "", fmt.Errorf("encode garden: %w", err)
	}
	out := make([]byte, 0, len(enc.prefix)+len(tail)+2)
	out = append(out, enc.prefix...)
	out = append(out, ',')
	out = append(out, tail[1:]...) // tail is {...}: drop its opening brace
	h := sha256.New()
	h.Write(enc.sum[:])
	h.Write(tail)
	return out, `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`, nil
}

// gardenTail is the part of api.Garden after the shared arrays, with the
// same field names and order.
type gardenTail struct {
	Weather         api.WeatherState    `json:"weather"`
	Season          string              `json:"season"`
	TimeOfDay       string              `json:"time_of_day"`
	Personalization api.Personalization `json:"personalization"`
}

// encodedShared returns `{"projects":[...],"skills":[...],"connections":[...]`
// (no closing brace) and its digest for shared, encoded once per cached
// value. It declines when shared is not the memoised value itself.
func (s *Server) encodedShared(shared sharedGarden) (*memoEntry, bool) {
	m, ok := s.memo.Load(nsGarden + "/shared")
	if !ok {
		return nil, false
	}
	e := m.(*memoEntry)
	if cur, ok := e.val.(sharedGarden); !ok || !sameGarden(cur, shared) {
		return nil, false
	}
	e.once.Do(func() {
		raw, err := json.Marshal(struct {
			Projects    []api.Project         `json:"projects"`
			Skills      []api.Skill           `json:"skills"`
			Connections []api.SkillConnection `json:"connections"`
		}{shared.Projects, shared.Skills, shared.Connections})
		if err == nil {
			e.prefix = raw[:len(raw)-1]
			e.sum = sha256.Sum256(e.prefix)
		}
	})
	return e, e.prefix != nil
}

// sameGarden reports whether a and b share their slices (one decoded value).
func sameGarden(a, b sharedGarden) bool {
	return sameSlice(a.Projects, b.Projects) && sameSlice(a.Skills, b.Skills) &&
		sameSlice(a.Connections, b.Connections) && a.Weather == b.Weather
}

func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// personalise adds what belongs to this visitor alone, after the shared
// part: never cached, never shown to anyone else.
func (s *Server) personalise(ctx context.Context, v *visitor, g *api.Garden) error {
	g.Personalization = api.Personalization{ViewedProjectIDs: []string{}, Suggestions: []api.Project{}, Tracked: v.tracked}
	if v.session == nil {
		return nil
	}
	viewed := v.session.ProjectsViewed
	for _, id := range viewed {
		g.Personalization.ViewedProjectIDs = append(g.Personalization.ViewedProjectIDs, id.String())
	}
	byID := map[uuid.UUID]api.Project{}
	candidates := make([]*domain.Project, 0, len(g.Projects))
	for _, p := range g.Projects {
		id, err := uuid.Parse(p.ID)
		if err != nil {
			continue
		}
		byID[id] = p
		candidates = append(candidates, &domain.Project{ID: id, Name: p.Name, Technologies: p.Technologies})
	}
	for _, p := range domain.Suggest(viewed, candidates, maxSuggestions) {
		g.Personalization.Suggestions = append(g.Personalization.Suggestions, byID[p.ID])
	}
	if v.session.SeedsPlanted > 0 {
		own, err := s.svc.SeedsOfSession(ctx, v.session.ID)
		if err != nil {
			return err
		}
		g.Projects = append(slices.Clip(g.Projects), wire.Projects(own)...)
	}
	return nil
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
	w, err := cached(ctx, s, nsWeather, "current", s.cfg.Cache.WeatherTTL, func() (api.WeatherState, error) {
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
