package api

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

type tokenInput struct {
	Body api.TokenRequest
}

type tokenOutput struct {
	CacheControl string `header:"Cache-Control"`
	Body         api.Token
}

func (s *Server) issueToken(ctx context.Context, in *tokenInput) (*tokenOutput, error) {
	v, err := s.visitor(ctx)
	if err != nil {
		return nil, err
	}
	// Keyed by the daily hash, not the session: a new session per guess
	// must not buy new guesses.
	if err := s.limit(ctx, RuleAuthToken, s.visitorKey(ctx, v)); err != nil {
		return nil, err
	}
	if !checkPassword(s.cfg.Security.AdminPassword, in.Body.Password) {
		s.logger(ctx).Warn("admin login refused")
		return nil, unauthorized("wrong password (or password login is disabled)")
	}
	ttl := s.cfg.Security.TokenTTL
	if ttl <= 0 {
		ttl = 24 * time.Hour
	}
	tok, err := IssueToken(s.secret, s.now(), ttl)
	if err != nil {
		return nil, err
	}
	return &tokenOutput{CacheControl: "no-store",
		Body: api.Token{AccessToken: tok, TokenType: "bearer", ExpiresIn: int(ttl.Seconds())}}, nil
}

type projectBody struct {
	Body api.Project
}

type createProjectInput struct {
	Body api.ProjectCreate
}

func (s *Server) createProject(ctx context.Context, in *createProjectInput) (*projectBody, error) {
	b := in.Body
	p, err := s.svc.PlantProject(ctx, domain.PlantInput{Name: b.Name, Description: b.Description,
		GithubRepo: b.GithubRepo, DemoURL: b.DemoURL, PlantType: b.PlantType, GrowthStage: b.GrowthStage,
		Position: domain.Position(b.Position), Technologies: b.Technologies, Status: b.Status, Visibility: b.Visibility})
	if err != nil {
		return nil, err
	}
	s.invalidate(ctx, nsGarden, nsProjects, nsDashboard)
	return &projectBody{Body: wire.Project(p)}, nil
}

type updateProjectInput struct {
	ProjectIDParam
	Body api.ProjectUpdate
}

func (s *Server) updateProject(ctx context.Context, in *updateProjectInput) (*projectBody, error) {
	id, err := in.id()
	if err != nil {
		return nil, err
	}
	b := in.Body
	patch := domain.ProjectPatch{Name: b.Name, Description: b.Description, GithubRepo: b.GithubRepo,
		DemoURL: b.DemoURL, PlantType: b.PlantType, GrowthStage: b.GrowthStage, Technologies: b.Technologies,
		Status: b.Status, Visibility: b.Visibility}
	if b.Position != nil {
		pos := domain.Position(*b.Position)
		patch.Position = &pos
	}
	before, err := s.svc.GetProject(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.svc.EditProject(ctx, id.String(), patch)
	if err != nil {
		return nil, err
	}
	if b.Moderation != nil {
		switch *b.Moderation {
		case domain.ModerationApproved:
			p, err = s.svc.ApproveSeed(ctx, id.String())
		case domain.ModerationRejected:
			p, err = s.svc.RejectSeed(ctx, id.String())
		}
		if err != nil {
			return nil, err
		}
	}
	if before.GrowthStage != p.GrowthStage {
		s.metrics.growth.WithLabelValues(before.GrowthStage, p.GrowthStage).Inc()
	}
	s.invalidate(ctx, nsGarden, nsProjects, nsDashboard)
	return &projectBody{Body: wire.Project(p)}, nil
}

type deletedOutput struct {
	Body api.Deleted
}

func (s *Server) deleteProject(ctx context.Context, in *ProjectIDParam) (*deletedOutput, error) {
	id, err := in.id()
	if err != nil {
		return nil, err
	}
	if _, err := s.svc.DeleteProject(ctx, id.String()); err != nil {
		return nil, err
	}
	s.invalidate(ctx, nsGarden, nsProjects, nsDashboard)
	return &deletedOutput{Body: api.Deleted{ID: id.String(), Deleted: true}}, nil
}

type listSeedsInput struct {
	Moderation string `query:"moderation" doc:"Only seeds in this state"`
}

type projectsOutput struct {
	Body []api.Project
}

func (s *Server) listSeeds(ctx context.Context, in *listSeedsInput) (*projectsOutput, error) {
	seeds, err := s.svc.ListSeeds(ctx, in.Moderation)
	if err != nil {
		return nil, at("query.", err)
	}
	return &projectsOutput{Body: wire.Projects(seeds)}, nil
}

type SkillIDParam struct {
	SkillID string `path:"skill_id" format:"uuid" doc:"The skill's id"`
}

func (p SkillIDParam) id() (uuid.UUID, error) {
	id, err := uuid.Parse(p.SkillID)
	if err != nil {
		return uuid.Nil, at("path.", domain.Invalid("skill_id", "must be a UUID"))
	}
	return id, nil
}

type skillBody struct {
	Body api.Skill
}

type createSkillInput struct {
	Body api.SkillCreate
}

func parseDate(field string, s *string) (*time.Time, error) {
	if s == nil {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, *s)
	if err != nil {
		return nil, domain.Invalid(field, "must be a date like 2024-05-01")
	}
	return &t, nil
}

// usedDates parses a skill's first and last used dates, each optional.
func usedDates(first, last *string) (*time.Time, *time.Time, error) {
	f, err := parseDate("first_used_date", first)
	if err != nil {
		return nil, nil, err
	}
	l, err := parseDate("last_used_date", last)
	return f, l, err
}

func (s *Server) createSkill(ctx context.Context, in *createSkillInput) (*skillBody, error) {
	b := in.Body
	first, last, err := usedDates(b.FirstUsedDate, b.LastUsedDate)
	if err != nil {
		return nil, err
	}
	sk, err := s.svc.AddSkill(ctx, domain.SkillInput{Name: b.Name, Category: b.Category,
		ConstellationGroup: b.ConstellationGroup, ProficiencyLevel: b.ProficiencyLevel, Brightness: b.Brightness,
		PositionX: b.PositionX, PositionY: b.PositionY, HoursPracticed: b.HoursPracticed, FirstUsedDate: first,
		LastUsedDate: last, IconURL: b.IconURL, ColorHex: b.ColorHex, Description: b.Description})
	if err != nil {
		return nil, err
	}
	s.invalidate(ctx, nsGarden, nsProjects)
	return &skillBody{Body: wire.Skill(sk)}, nil
}

type updateSkillInput struct {
	SkillIDParam
	Body api.SkillUpdate
}

func (s *Server) updateSkill(ctx context.Context, in *updateSkillInput) (*skillBody, error) {
	id, err := in.id()
	if err != nil {
		return nil, err
	}
	b := in.Body
	first, last, err := usedDates(b.FirstUsedDate, b.LastUsedDate)
	if err != nil {
		return nil, err
	}
	sk, err := s.svc.EditSkill(ctx, id.String(), domain.SkillPatch{Name: b.Name, Category: b.Category,
		ConstellationGroup: b.ConstellationGroup, ProficiencyLevel: b.ProficiencyLevel, Brightness: b.Brightness,
		PositionX: b.PositionX, PositionY: b.PositionY, HoursPracticed: b.HoursPracticed, IconURL: b.IconURL,
		ColorHex: b.ColorHex, Description: b.Description, FirstUsedDate: first, LastUsedDate: last, Clear: b.Clear})
	if err != nil {
		return nil, err
	}
	s.invalidate(ctx, nsGarden, nsProjects)
	return &skillBody{Body: wire.Skill(sk)}, nil
}

func (s *Server) deleteSkill(ctx context.Context, in *SkillIDParam) (*deletedOutput, error) {
	id, err := in.id()
	if err != nil {
		return nil, err
	}
	if _, err := s.svc.RemoveSkill(ctx, id.String()); err != nil {
		return nil, err
	}
	s.invalidate(ctx, nsGarden, nsProjects)
	return &deletedOutput{Body: api.Deleted{ID: id.String(), Deleted: true}}, nil
}

type putConnectionInput struct {
	Body api.ConnectionRequest
}

type connectionOutput struct {
	Status int
	Body   api.ConnectionResult
}

func (s *Server) putConnection(ctx context.Context, in *putConnectionInput) (*connectionOutput, error) {
	b := in.Body
	c, created, err := s.svc.Connect(ctx, domain.ConnectInput{A: b.SkillA, B: b.SkillB, Type: b.ConnectionType, Strength: b.Strength})
	if err != nil {
		return nil, err
	}
	s.invalidate(ctx, nsGarden)
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return &connectionOutput{Status: status, Body: api.ConnectionResult{Connection: wire.Connection(c), Created: created}}, nil
}

type deleteConnectionInput struct {
	SkillA string `query:"skill_a" required:"true" minLength:"1" maxLength:"100" doc:"Skill id or name"`
	SkillB string `query:"skill_b" required:"true" minLength:"1" maxLength:"100" doc:"Skill id or name"`
}

func (s *Server) deleteConnection(ctx context.Context, in *deleteConnectionInput) (*deletedOutput, error) {
	if err := s.svc.Disconnect(ctx, in.SkillA, in.SkillB); err != nil {
		return nil, err
	}
	s.invalidate(ctx, nsGarden)
	return &deletedOutput{Body: api.Deleted{ID: in.SkillA + "~" + in.SkillB, Deleted: true}}, nil
}

type announceInput struct {
	Body api.AnnounceRequest
}

type announceOutput struct {
	Body api.Announcement
}

func (s *Server) announce(ctx context.Context, in *announceInput) (*announceOutput, error) {
	ev, err := s.svc.Announce(ctx, in.Body.Message)
	if err != nil {
		return nil, err
	}
	return &announceOutput{Body: api.Announcement{Event: wire.Event(ev)}}, nil
}

type moodInput struct {
	Body api.MoodUpdate
}

type moodOutput struct {
	Body api.WeatherUpdate
}

func (s *Server) moodUpdate(ctx context.Context, in *moodInput) (*moodOutput, error) {
	b := in.Body
	w, changed, err := s.svc.SetMood(ctx, domain.Mood{WeatherType: b.WeatherType, Intensity: b.Intensity,
		MusicMood: b.MusicMood, Productivity: b.ProductivityScore, Creativity: b.CreativityIndex,
		Stress: b.StressLevel, TimeOfDay: b.TimeOfDay, Season: b.Season,
		For: time.Duration(b.HoldMinutes) * time.Minute})
	if err != nil {
		return nil, err
	}
	if changed {
		s.metrics.weather.WithLabelValues(w.WeatherType).Inc()
		s.invalidate(ctx, nsGarden, nsWeather)
	}
	return &moodOutput{Body: api.WeatherUpdate{Weather: wire.Weather(w), Changed: changed}}, nil
}
