package domain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
)

// DemoResult counts what LoadDemo created and what was already there.
type DemoResult struct {
	ProjectsCreated, ProjectsPresent       int
	GrowthLogCreated                       int
	SkillsCreated, SkillsPresent           int
	ConnectionsCreated, ConnectionsPresent int
	WeatherCreated, WeatherPresent         int
}

// demoProject is one demo plant and the shape of its past.
type demoProject struct {
	in        PlantInput
	daysAgo   int // when it was planted
	commits   int
	lines     int
	complex   float64
	extraLogs int // activity rows beyond the stage changes
}

// demoProjects covers every plant type and every growth stage. None is
// linked to a GitHub repository: the worker would query GitHub for
// repositories that do not exist (or, online, someone else's) on a first
// `make run`, and log a failure for each.
func demoProjects() []demoProject {
	p := func(name, desc, repo, demo, plant, stage, status string, tech []string, x, z float64) PlantInput {
		return PlantInput{Name: name, Description: desc, GithubRepo: repo, DemoURL: demo, PlantType: plant,
			GrowthStage: stage, Status: status, Visibility: "public", Technologies: tech, Position: Position{X: x, Z: z}}
	}
	return []demoProject{
		{p("Tidepool", "A tide-chart dashboard that refreshes itself with htmx.", "", "https://tidepool.dev", "vine", "blooming", "featured", []string{"Go", "htmx", "SQLite"}, 1.5, -2), 240, 610, 18400, 5.5, 2},
		{p("Lighthouse", "Uptime monitor that blinks when a site goes dark.", "", "https://lighthouse.example.com", "tree", "mature", "featured", []string{"Go", "PostgreSQL", "Prometheus"}, -6, 4), 720, 1480, 52000, 7.8, 1},
		{p("Petal", "A tiny design system of soft, rounded components.", "", "https://petal.example.com", "flower", "growing", "active", []string{"TypeScript", "CSS", "Storybook"}, 3, 3), 150, 220, 7400, 3.1, 1},
		{p("Fernwood", "Static site generator for field notes.", "", "", "fern", "sprout", "active", []string{"Rust", "Markdown"}, -3, -5), 45, 48, 2100, 1.9, 1},
		{p("Sandglass", "A focus timer that lives in the menu bar.", "", "", "succulent", "seed", "active", []string{"Swift"}, 7, -1), 12, 9, 400, 0.6, 2},
		{p("Saguaro", "Self-hosted CI runner that survives on very little.", "", "", "cactus", "mature", "active", []string{"Go", "Docker", "Linux"}, -8, -6), 900, 2100, 67000, 8.4, 1},
		{p("Basil", "Recipe scaler that converts units as you cook.", "", "https://basil.example.com", "herb", "sprout", "active", []string{"Python", "FastAPI"}, 5, 6), 60, 70, 2600, 2.2, 1},
		{p("Hedgerow", "Rate limiter middleware with sliding windows.", "", "", "shrub", "growing", "active", []string{"Go", "Redis"}, -2, 7), 200, 260, 9100, 4.4, 1},
		{p("Compost", "Scratchpad of half-finished experiments.", "", "", "generic", "seed", "active", []string{"Shell"}, 9, 9), 20, 14, 600, 0.8, 2},
		{p("Canopy", "3D garden renderer behind this very site.", "", "https://canopy.example.com", "tree", "blooming", "active", []string{"TypeScript", "Three.js", "WebGL"}, 0, -8), 330, 700, 21000, 6.2, 1},
		{p("Trellis", "Graph layout engine for skill constellations.", "", "", "vine", "growing", "active", []string{"TypeScript", "D3"}, -5, 1), 170, 240, 8300, 4.9, 1},
		{p("Old Moss", "The first blog engine; kept for sentiment.", "", "", "fern", "mature", "archived", []string{"PHP", "MySQL"}, 10, -9), 1500, 1900, 45000, 5.0, 1},
	}
}

// demoSkill is a star; demoConstellations groups them.
type demoSkill struct {
	name, category string
	level          int
}

func demoConstellations() map[string][]demoSkill {
	return map[string][]demoSkill{
		"Systems": {{"Go", "backend", 9}, {"Rust", "backend", 5}, {"Linux", "devops", 8}, {"Docker", "devops", 7}, {"Prometheus", "devops", 6}},
		"Web":     {{"TypeScript", "frontend", 8}, {"CSS", "frontend", 7}, {"htmx", "frontend", 6}, {"Three.js", "frontend", 5}, {"WebGL", "frontend", 4}},
		"Data":    {{"PostgreSQL", "data", 8}, {"SQLite", "data", 8}, {"Redis", "data", 6}, {"Python", "data", 6}, {"D3", "data", 5}},
		"Craft":   {{"Figma", "design", 6}, {"Typography", "design", 5}, {"Git", "tools", 9}, {"Testing", "tools", 8}, {"Writing", "other", 7}},
	}
}

// demoConnections links stars within and across constellations.
func demoConnections() []ConnectInput {
	c := func(a, b, kind string, strength float64) ConnectInput {
		return ConnectInput{A: a, B: b, Type: kind, Strength: &strength}
	}
	return []ConnectInput{
		c("Go", "PostgreSQL", "complement", 0.7), c("Go", "SQLite", "complement", 0.8),
		c("Go", "Rust", "similar", 0.4), c("Linux", "Docker", "prerequisite", 0.8),
		c("Docker", "Prometheus", "complement", 0.5), c("TypeScript", "Three.js", "prerequisite", 0.7),
		c("Three.js", "WebGL", "complement", 0.9), c("CSS", "Typography", "complement", 0.6),
		c("htmx", "Go", "complement", 0.6), c("PostgreSQL", "SQLite", "similar", 0.7),
		c("Redis", "Go", "complement", 0.5), c("Python", "D3", "similar", 0.3),
		c("TypeScript", "D3", "complement", 0.6), c("Figma", "CSS", "complement", 0.6),
		c("Git", "Testing", "complement", 0.5), c("Writing", "Typography", "similar", 0.4),
	}
}

// demoWeather is applied oldest first; the last one is the sky that stays.
func demoWeather() []WeatherInput {
	f := func(v float64) *float64 { return &v }
	return []WeatherInput{
		{WeatherType: "cloudy", Intensity: 0.4, TimeOfDay: "dawn", MusicMood: "ambient", ProductivityScore: f(0.3), StressLevel: f(0.2)},
		{WeatherType: "sunny", Intensity: 0.7, TimeOfDay: "day", MusicMood: "upbeat", GithubCommitsToday: 9, CodingHoursToday: 4, ProductivityScore: f(0.8), StressLevel: f(0.3)},
		{WeatherType: "starry", Intensity: 0.6, TimeOfDay: "night", MusicMood: "calm", GithubCommitsToday: 12, CodingHoursToday: 6, ProductivityScore: f(0.6), StressLevel: f(0.1)},
	}
}

// LoadDemo fills the garden with demo projects (with past growth history),
// skills, connections and weather. Anything already present by name is left
// alone, so running it twice changes nothing.
func (s *Service) LoadDemo(ctx context.Context) (*DemoResult, error) {
	res := &DemoResult{}
	planted, err := s.demoPlant(ctx, res)
	if err != nil {
		return res, err
	}
	if err := s.demoHistory(ctx, planted, res); err != nil {
		return res, err
	}
	if err := s.demoSkills(ctx, res); err != nil {
		return res, err
	}
	if err := s.demoConnect(ctx, res); err != nil {
		return res, err
	}
	return res, s.demoWeather(ctx, res)
}

// plantedDemo pairs a freshly planted project with its demo past.
type plantedDemo struct {
	p    *Project
	demo demoProject
}

func (s *Service) demoPlant(ctx context.Context, res *DemoResult) ([]plantedDemo, error) {
	var planted []plantedDemo
	for _, d := range demoProjects() {
		present, err := found(s.ResolveProject(ctx, d.in.Name))
		if err != nil {
			return nil, err
		}
		if present {
			res.ProjectsPresent++
			continue
		}
		p, err := s.PlantProject(ctx, d.in)
		if err != nil {
			return nil, fmt.Errorf("demo project %q: %w", d.in.Name, err)
		}
		res.ProjectsCreated++
		planted = append(planted, plantedDemo{p: p, demo: d})
	}
	return planted, nil
}

// found turns a lookup into found / not found, keeping real failures. A
// name shared by several items counts as present.
func found(_ any, err error) (bool, error) {
	switch {
	case err == nil, errors.Is(err, ErrConflict):
		return true, nil
	case errors.Is(err, ErrNotFound):
		return false, nil
	}
	return false, err
}

// demoHistory back-dates the new projects and writes their growth history
// in one transaction: a garden whose past is half written would mislead.
func (s *Service) demoHistory(ctx context.Context, planted []plantedDemo, res *DemoResult) error {
	now := s.Now()
	return s.store.Update(ctx, func(tx Tx) error {
		for _, pd := range planted {
			p, d := pd.p, pd.demo
			p.PlantedDate = now.AddDate(0, 0, -d.daysAgo)
			p.CommitCount, p.LinesOfCode, p.ComplexityScore = d.commits, d.lines, d.complex
			if err := tx.UpdateProject(ctx, p); err != nil {
				return err
			}
			for _, e := range s.demoGrowthLog(p, d, now) {
				if err := tx.InsertGrowthLog(ctx, e); err != nil {
					return err
				}
				res.GrowthLogCreated++
			}
		}
		return nil
	})
}

// demoGrowthLog walks a project from planting to its stage, one row per
// stage change plus some activity rows, evenly spread over its life.
func (s *Service) demoGrowthLog(p *Project, d demoProject, now time.Time) []*GrowthLogEntry {
	type step struct{ prev, next string }
	steps := []step{{"", GrowthStages[0]}}
	for i := 1; i <= StageIndex(p.GrowthStage); i++ {
		steps = append(steps, step{GrowthStages[i-1], GrowthStages[i]})
	}
	for range d.extraLogs {
		steps = append(steps, step{p.GrowthStage, p.GrowthStage})
	}
	span := time.Duration(d.daysAgo) * 24 * time.Hour
	out := make([]*GrowthLogEntry, len(steps))
	for i, st := range steps {
		factor := math.Round((stageThresholds[StageIndex(st.next)]+0.02*float64(i%3))*100) / 100
		share := float64(i) / float64(len(steps))
		out[i] = &GrowthLogEntry{
			ID: s.newID(), ProjectID: p.ID, PreviousStage: st.prev, NewStage: st.next,
			CommitsDelta: d.commits / len(steps), LinesAdded: d.lines / len(steps),
			LinesRemoved: d.lines / len(steps) / 5, ComplexityChange: d.complex / float64(len(steps)),
			PageViews: 10 * (i + 1), Interactions: 3 * (i + 1), TimeSpentMinutes: 5 * (i + 1),
			GithubActivity: demoActivity(d.commits/len(steps), i),
			GrowthFactor:   &factor,
			RecordedAt:     now.Add(-span).Add(time.Duration(share * float64(span))).Add(time.Hour),
		}
	}
	return out
}

func demoActivity(commits, i int) json.RawMessage {
	raw, _ := json.Marshal(map[string]int{"commits": commits, "pull_requests": i % 3, "issues": (i + 1) % 2})
	return raw
}

func (s *Service) demoSkills(ctx context.Context, res *DemoResult) error {
	for _, group := range []string{"Systems", "Web", "Data", "Craft"} {
		for i, d := range demoConstellations()[group] {
			present, err := found(s.ResolveSkill(ctx, d.name))
			if err != nil {
				return err
			}
			if present {
				res.SkillsPresent++
				continue
			}
			brightness := 0.3 + 0.07*float64(d.level)
			hours := d.level * 120
			_, err = s.AddSkill(ctx, SkillInput{Name: d.name, Category: d.category, ConstellationGroup: group,
				ProficiencyLevel: d.level, Brightness: &brightness, HoursPracticed: hours + i*10})
			if err != nil {
				return fmt.Errorf("demo skill %q: %w", d.name, err)
			}
			res.SkillsCreated++
		}
	}
	return nil
}

// demoConnect adds the missing links only, so the owner's own strength
// and type on an existing link survive a second run.
func (s *Service) demoConnect(ctx context.Context, res *DemoResult) error {
	existing, err := s.connectedPairs(ctx)
	if err != nil {
		return err
	}
	for _, in := range demoConnections() {
		a, errA := s.ResolveSkill(ctx, in.A)
		b, errB := s.ResolveSkill(ctx, in.B)
		if err := errors.Join(errA, errB); err != nil {
			return fmt.Errorf("demo connection %s-%s: %w", in.A, in.B, err)
		}
		first, second := orderPair(a.ID, b.ID)
		if existing[[2]uuid.UUID{first, second}] {
			res.ConnectionsPresent++
			continue
		}
		if _, _, err := s.Connect(ctx, in); err != nil {
			return fmt.Errorf("demo connection %s-%s: %w", in.A, in.B, err)
		}
		res.ConnectionsCreated++
	}
	return nil
}

func (s *Service) connectedPairs(ctx context.Context) (map[[2]uuid.UUID]bool, error) {
	conns, err := s.ListConnections(ctx)
	if err != nil {
		return nil, err
	}
	pairs := make(map[[2]uuid.UUID]bool, len(conns))
	for _, c := range conns {
		pairs[[2]uuid.UUID{c.SkillA, c.SkillB}] = true
	}
	return pairs, nil
}

// demoWeather sets a few skies when the garden has never had weather; any
// recorded weather is the garden's own and is kept.
func (s *Service) demoWeather(ctx context.Context, res *DemoResult) error {
	cur, err := s.CurrentWeather(ctx)
	if err != nil {
		return err
	}
	if cur.Source != "default" {
		res.WeatherPresent++
		return nil
	}
	season := SeasonAt(s.Now(), true)
	for _, in := range demoWeather() {
		in.Season = season
		if _, _, err := s.SetWeather(ctx, in); err != nil {
			return fmt.Errorf("demo weather: %w", err)
		}
		res.WeatherCreated++
	}
	return nil
}
