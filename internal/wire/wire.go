// Package wire converts domain values to the API's wire types in pkg/api.
// The API and the CLI's --output json both use it, so they print the same JSON.
package wire

import (
	"strings"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// Project converts a project.
func Project(p *domain.Project) api.Project {
	tech := p.Technologies
	if tech == nil {
		tech = []string{}
	}
	return api.Project{
		ID: p.ID.String(), Name: p.Name, Description: p.Description, GithubRepo: p.GithubRepo,
		DemoURL: p.DemoURL, PlantType: p.PlantType, GrowthStage: p.GrowthStage,
		PlantedDate: p.PlantedDate.UTC(), PositionX: p.Position.X, PositionY: p.Position.Y,
		PositionZ: p.Position.Z, CommitCount: p.CommitCount, LinesOfCode: p.LinesOfCode,
		ComplexityScore: p.ComplexityScore, VisitorInteractions: p.VisitorInteractions,
		Technologies: tech, Status: p.Status, Visibility: p.Visibility, Origin: p.Origin,
		Moderation: p.Moderation, CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
	}
}

// Projects converts a list.
func Projects(ps []*domain.Project) []api.Project {
	out := make([]api.Project, len(ps))
	for i, p := range ps {
		out[i] = Project(p)
	}
	return out
}

// GrowthLog converts a growth history.
func GrowthLog(es []*domain.GrowthLogEntry) []api.GrowthLogEntry {
	out := make([]api.GrowthLogEntry, len(es))
	for i, e := range es {
		out[i] = api.GrowthLogEntry{
			ID: e.ID.String(), ProjectID: e.ProjectID.String(), CommitsDelta: e.CommitsDelta,
			LinesAdded: e.LinesAdded, LinesRemoved: e.LinesRemoved, ComplexityChange: e.ComplexityChange,
			GithubActivity: e.GithubActivity, DeploymentEvents: e.DeploymentEvents,
			PageViews: e.PageViews, Interactions: e.Interactions, TimeSpentMinutes: e.TimeSpentMinutes,
			PreviousStage: e.PreviousStage, NewStage: e.NewStage, GrowthFactor: e.GrowthFactor,
			RecordedAt: e.RecordedAt.UTC(),
		}
	}
	return out
}

func date(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format(time.DateOnly)
	return &s
}

// Skill converts a skill.
func Skill(s *domain.Skill) api.Skill {
	return api.Skill{
		ID: s.ID.String(), Name: s.Name, Category: s.Category, ConstellationGroup: s.ConstellationGroup,
		PositionX: s.PositionX, PositionY: s.PositionY, Brightness: s.Brightness,
		ProficiencyLevel: s.ProficiencyLevel, HoursPracticed: s.HoursPracticed,
		ProjectsUsedIn: s.ProjectsUsedIn, FirstUsedDate: date(s.FirstUsedDate),
		LastUsedDate: date(s.LastUsedDate), LearningVelocity: s.LearningVelocity, IconURL: s.IconURL,
		ColorHex: s.ColorHex, Description: s.Description, CreatedAt: s.CreatedAt.UTC(),
		UpdatedAt: s.UpdatedAt.UTC(),
	}
}

// Skills converts a list.
func Skills(ss []*domain.Skill) []api.Skill {
	out := make([]api.Skill, len(ss))
	for i, s := range ss {
		out[i] = Skill(s)
	}
	return out
}

// Connection converts a skill connection.
func Connection(c *domain.SkillConnection) api.SkillConnection {
	return api.SkillConnection{
		ID: c.ID.String(), SkillAID: c.SkillA.String(), SkillBID: c.SkillB.String(),
		ConnectionType: c.ConnectionType, Strength: c.Strength, ProjectsCombined: c.ProjectsCombined,
		LearningCorrelation: c.LearningCorrelation, CreatedAt: c.CreatedAt.UTC(),
	}
}

// Connections converts a list.
func Connections(cs []*domain.SkillConnection) []api.SkillConnection {
	out := make([]api.SkillConnection, len(cs))
	for i, c := range cs {
		out[i] = Connection(c)
	}
	return out
}

// Weather converts a weather state.
func Weather(w *domain.WeatherState) api.WeatherState {
	return api.WeatherState{
		ID: w.ID.String(), WeatherType: w.WeatherType, Intensity: w.Intensity,
		GithubCommitsToday: w.GithubCommitsToday, CodingHoursToday: w.CodingHoursToday,
		MusicMood: w.MusicMood, ActualWeather: w.ActualWeather, ProductivityScore: w.ProductivityScore,
		CreativityIndex: w.CreativityIndex, StressLevel: w.StressLevel, TimeOfDay: w.TimeOfDay,
		Season: w.Season, Source: w.Source, OverrideUntil: w.OverrideUntil, StartedAt: w.StartedAt.UTC(),
		EndedAt: w.EndedAt,
	}
}

// Event converts a stored event to its socket message.
func Event(e *domain.Event) api.Event {
	return api.Event{ID: e.ID, EventType: e.Type, Timestamp: e.CreatedAt.UTC(), Data: e.Data}
}

// ProjectDetail converts a project's page.
func ProjectDetail(d *domain.ProjectDetails) api.ProjectDetail {
	links := api.ProjectLinks{Demo: d.Project.DemoURL}
	if d.Project.GithubRepo != "" {
		links.Github = "https://github.com/" + strings.TrimPrefix(d.Project.GithubRepo, "/")
	}
	return api.ProjectDetail{Project: Project(d.Project), GrowthHistory: GrowthLog(d.Growth),
		RelatedProjects: Projects(d.RelatedProjects), RelatedSkills: Skills(d.RelatedSkills), Links: links}
}
