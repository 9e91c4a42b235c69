package domain_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

var t0 = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func newService(db *store.DB) *domain.Service {
	return domain.NewService(db, domain.WithClock(func() time.Time { return t0 }))
}

func TestPlantValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		tests := []struct {
			name  string
			in    domain.PlantInput
			field string
		}{
			{"empty name", domain.PlantInput{Name: "  "}, "name"},
			{"markup in name", domain.PlantInput{Name: "<script>"}, "name"},
			{"unknown plant type", domain.PlantInput{Name: "a", PlantType: "palm"}, "plant_type"},
			{"unknown stage", domain.PlantInput{Name: "a", GrowthStage: "dead"}, "growth_stage"},
			{"unknown status", domain.PlantInput{Name: "a", Status: "gone"}, "status"},
			{"unknown visibility", domain.PlantInput{Name: "a", Visibility: "secret"}, "visibility"},
			{"bad repo", domain.PlantInput{Name: "a", GithubRepo: "not a repo"}, "github_repo"},
			{"bad demo url", domain.PlantInput{Name: "a", DemoURL: "ftp://x"}, "demo_url"},
			{"far position", domain.PlantInput{Name: "a", Position: domain.Position{X: 1e9}}, "position.x"},
		}
		for _, tt := range tests {
			_, err := svc.PlantProject(ctx, tt.in)
			fields := domain.InvalidFields(err)
			if len(fields) != 1 || fields[0] != tt.field {
				t.Errorf("%s: want a validation error on %s, got %v", tt.name, tt.field, err)
			}
		}
		all, err := svc.ListProjects(ctx, domain.ProjectFilter{})
		if err != nil || len(all) != 0 {
			t.Fatalf("invalid input changed the database: %d projects, %v", len(all), err)
		}
		events, _ := svc.EventsSince(ctx, 0, 10)
		if len(events) != 0 {
			t.Fatalf("invalid input emitted %d events", len(events))
		}
	})
}

func TestEditStageLogsAndEmits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Orchid", PlantType: "flower"})
		if err != nil {
			t.Fatal(err)
		}
		stage := "blooming"
		if _, err := svc.EditProject(ctx, "orchid", domain.ProjectPatch{GrowthStage: &stage}); err != nil {
			t.Fatal(err)
		}
		history, err := svc.GrowthHistory(ctx, p.ID, 10)
		if err != nil || len(history) != 1 || history[0].PreviousStage != "seed" || history[0].NewStage != "blooming" {
			t.Fatalf("growth log: %+v %v", history, err)
		}
		events, _ := svc.EventsSince(ctx, 0, 10)
		// seed_planted, then the edit's project_growth and garden_changed.
		if len(events) != 3 || events[1].Type != domain.EventProjectGrowth || events[2].Type != domain.EventSystemUpdate {
			t.Fatalf("events: %+v", events)
		}
		bad := "withered"
		if _, err := svc.EditProject(ctx, p.ID.String(), domain.ProjectPatch{GrowthStage: &bad}); domain.InvalidFields(err) == nil {
			t.Fatalf("bad stage accepted: %v", err)
		}
		got, _ := svc.GetProject(ctx, p.ID)
		if got.GrowthStage != "blooming" {
			t.Fatalf("failed edit changed the project: %s", got.GrowthStage)
		}
	})
}

func TestSkillConnections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		for _, name := range []string{"Go", "PostgreSQL"} {
			if _, err := svc.AddSkill(ctx, domain.SkillInput{Name: name, Category: "backend", ProficiencyLevel: 7}); err != nil {
				t.Fatal(err)
			}
		}
		strength := 0.7
		c1, created, err := svc.Connect(ctx, domain.ConnectInput{A: "Go", B: "PostgreSQL", Strength: &strength})
		if err != nil || !created {
			t.Fatalf("connect: %v created=%v", err, created)
		}
		c2, created, err := svc.Connect(ctx, domain.ConnectInput{A: "postgresql", B: "go", Type: "similar"})
		if err != nil || created || c2.ID != c1.ID {
			t.Fatalf("reverse connect should update the same connection: %v created=%v", err, created)
		}
		conns, _ := svc.ListConnections(ctx)
		if len(conns) != 1 || conns[0].ConnectionType != "similar" {
			t.Fatalf("connections: %+v", conns)
		}
		if _, _, err := svc.Connect(ctx, domain.ConnectInput{A: "Go", B: "go"}); domain.InvalidFields(err) == nil {
			t.Fatalf("self connection accepted: %v", err)
		}
		if _, _, err := svc.Connect(ctx, domain.ConnectInput{A: "Go", B: "Rust"}); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("unknown skill: %v", err)
		}
		bad := 1.5
		if _, _, err := svc.Connect(ctx, domain.ConnectInput{A: "Go", B: "PostgreSQL", Strength: &bad}); domain.InvalidFields(err) == nil {
			t.Fatalf("strength 1.5 accepted: %v", err)
		}
		if err := svc.Disconnect(ctx, "PostgreSQL", "Go"); err != nil {
			t.Fatal(err)
		}
		if err := svc.Disconnect(ctx, "PostgreSQL", "Go"); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("second disconnect: %v", err)
		}
		if _, err := svc.AddSkill(ctx, domain.SkillInput{Name: "go"}); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("duplicate skill: %v", err)
		}
		level := 9
		if _, err := svc.EditSkill(ctx, "Go", domain.SkillPatch{ProficiencyLevel: &level}); err != nil {
			t.Fatal(err)
		}
		events, _ := svc.EventsSince(ctx, 0, 10)
		unlocks := 0
		for _, e := range events {
			if e.Type == domain.EventSkillUnlock {
				unlocks++
			}
		}
		if unlocks != 3 { // two added, one levelled up
			t.Fatalf("skill_unlock events: %d", unlocks)
		}
	})
}

func TestWeatherOverrideAndChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := t0
		svc := domain.NewService(db, domain.WithClock(func() time.Time { return now }))
		ctx := context.Background()
		w, err := svc.CurrentWeather(ctx)
		if err != nil || w.Source != "default" {
			t.Fatalf("fresh garden weather: %+v %v", w, err)
		}
		in := domain.WeatherInput{WeatherType: "cloudy", Intensity: 0.4, TimeOfDay: "day", Season: "summer"}
		if _, changed, err := svc.SetWeather(ctx, in); err != nil || !changed {
			t.Fatalf("first weather: changed=%v %v", changed, err)
		}
		if _, changed, _ := svc.SetWeather(ctx, in); changed {
			t.Fatal("the same weather again must not change anything")
		}
		manual := domain.WeatherInput{WeatherType: "aurora", Intensity: 0.9, Manual: true, For: time.Hour}
		if _, changed, err := svc.SetWeather(ctx, manual); err != nil || !changed {
			t.Fatalf("override: %v", err)
		}
		storm := domain.WeatherInput{WeatherType: "stormy", Intensity: 0.8}
		if cur, changed, _ := svc.SetWeather(ctx, storm); changed || cur.WeatherType != "aurora" {
			t.Fatalf("computed weather replaced a live override: %+v", cur)
		}
		now = now.Add(2 * time.Hour)
		if cur, changed, _ := svc.SetWeather(ctx, storm); !changed || cur.WeatherType != "stormy" {
			t.Fatalf("expired override was kept: %+v", cur)
		}
		if _, _, err := svc.SetWeather(ctx, domain.WeatherInput{WeatherType: "foggy", Intensity: 2}); len(domain.InvalidFields(err)) != 2 {
			t.Fatalf("bad weather: %v", err)
		}
	})
}
