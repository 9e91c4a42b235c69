package domain_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/greenhouse-garden/greenhouse/internal/testclock"
)

// The owner's curation is respected: a brightness or a date the owner set is
// kept by the insights job until cleared, used dates are derived from the
// projects, learning_correlation is computed, and skill_unlock reports the
// level the skill had before the event.
func TestInsightsRespectOwnerCuration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Date(2024, 3, 10, 9, 0, 0, 0, time.UTC)
		clk := testclock.New(start)
		svc := domain.NewService(db, domain.WithClock(clk.Now))
		plant := func(name string, at time.Time, techs ...string) *domain.Project {
			clk.Set(at)
			p, err := svc.PlantProject(ctx, domain.PlantInput{Name: name, Technologies: techs})
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		api := plant("API", start, "Go", "PostgreSQL")
		plant("CLI", start.AddDate(0, 6, 0), "Go", "SQLite")
		plant("Site", start.AddDate(1, 0, 0), "TypeScript")
		// Code activity on API later than its planting: Go's last use.
		clk.Set(start.AddDate(1, 2, 0))
		if _, err := svc.ApplyRepoStats(ctx, api.ID, "github", domain.RepoStats{CommitCount: 40, LinesOfCode: 900}); err != nil {
			t.Fatal(err)
		}
		bright, manualFirst := 0.95, time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, in := range []domain.SkillInput{
			{Name: "Go", ProficiencyLevel: 7, Brightness: &bright},
			{Name: "PostgreSQL", ProficiencyLevel: 5, FirstUsedDate: &manualFirst},
			{Name: "SQLite", ProficiencyLevel: 3},
			{Name: "TypeScript", ProficiencyLevel: 4},
		} {
			if _, err := svc.AddSkill(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		events, _ := svc.EventsSince(ctx, 0, 1000)
		lastEvent := events[len(events)-1].ID
		now := start.AddDate(1, 3, 0)
		clk.Set(now)
		if _, err := svc.GenerateSkillInsights(ctx); err != nil {
			t.Fatal(err)
		}
		skills := skillsByName(t, svc)
		day := func(d *time.Time) string {
			if d == nil {
				return "-"
			}
			return d.Format(time.DateOnly)
		}
		for _, c := range []struct {
			name, first, last string
			manual            []string
		}{
			{"Go", "2024-03-10", "2025-05-10", []string{"brightness"}},
			{"PostgreSQL", "2012-01-01", "2025-05-10", []string{"first_used_date"}},
			{"SQLite", "2024-09-10", "2024-09-10", []string{}},
			{"TypeScript", "2025-03-10", "2025-03-10", []string{}},
		} {
			sk := skills[c.name]
			if day(sk.FirstUsedDate) != c.first || day(sk.LastUsedDate) != c.last || !slices.Equal(sk.Manual.Fields(), c.manual) {
				t.Errorf("%s: used %s..%s manual %v; want %s..%s %v", c.name, day(sk.FirstUsedDate), day(sk.LastUsedDate),
					sk.Manual.Fields(), c.first, c.last, c.manual)
			}
		}
		if skills["Go"].Brightness != 0.95 {
			t.Errorf("the owner's brightness was overwritten: %v", skills["Go"].Brightness)
		}
		if want := domain.Brightness(skills["SQLite"], now); skills["SQLite"].Brightness != want || want == 0.5 {
			t.Errorf("SQLite's brightness %v, want the derived %v", skills["SQLite"].Brightness, want)
		}

		// First use in a project: skill_unlock from "not in use" (level 0).
		events, _ = svc.EventsSince(ctx, lastEvent, 100)
		unlocks := map[string]map[string]any{}
		for _, e := range events {
			if e.Type == domain.EventSkillUnlock {
				var d map[string]any
				_ = json.Unmarshal(e.Data, &d)
				unlocks[d["name"].(string)] = d
			}
		}
		if len(unlocks) != 4 {
			t.Fatalf("unlocks %v, want one per skill", unlocks)
		}
		for name, d := range unlocks {
			if d["previous_level"] != 0.0 || d["reason"] != domain.UnlockFirstUse || d["previous_level"] == d["proficiency_level"] {
				t.Errorf("%s's unlock: %v", name, d)
			}
		}
		// A level up reports the old level.
		level := 9
		before, _ := svc.EventsSince(ctx, 0, 1000)
		if _, err := svc.EditSkill(ctx, "SQLite", domain.SkillPatch{ProficiencyLevel: &level}); err != nil {
			t.Fatal(err)
		}
		after, _ := svc.EventsSince(ctx, before[len(before)-1].ID, 10)
		var up map[string]any
		if len(after) != 1 || json.Unmarshal(after[0].Data, &up) != nil || up["previous_level"] != 3.0 || up["reason"] != domain.UnlockLevelUp {
			t.Errorf("level up event: %+v", up)
		}

		// learning_correlation: the phi coefficient over the 3 projects.
		if _, _, err := svc.Connect(ctx, domain.ConnectInput{A: "Go", B: "TypeScript", Type: "similar"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Connect(ctx, domain.ConnectInput{A: "Go", B: "PostgreSQL"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.GenerateSkillInsights(ctx); err != nil {
			t.Fatal(err)
		}
		conns, _ := svc.ListConnections(ctx)
		corr := map[string]*float64{}
		ids := map[string]string{}
		for name, sk := range skillsByName(t, svc) {
			ids[sk.ID.String()] = name
		}
		for _, c := range conns {
			corr[ids[c.SkillA.String()]+"+"+ids[c.SkillB.String()]] = c.LearningCorrelation
			corr[ids[c.SkillB.String()]+"+"+ids[c.SkillA.String()]] = c.LearningCorrelation
		}
		// Go in API, CLI; TypeScript in Site: never together, phi = -1.
		// Go and PostgreSQL, together in API only: (1·1 − 1·0)/√(2·1·1·2) = 0.5.
		for pair, want := range map[string]float64{"Go+TypeScript": -1, "Go+PostgreSQL": 0.5} {
			if got := corr[pair]; got == nil || *got != want {
				t.Errorf("%s: learning_correlation %v, want %v", pair, got, want)
			}
		}

		// The owner clears a manual value: derived again at once.
		sk, err := svc.EditSkill(ctx, "Go", domain.SkillPatch{Clear: []string{domain.SkillBrightness}})
		if err != nil || sk.Manual.Brightness || sk.Brightness != domain.Brightness(sk, now) {
			t.Fatalf("cleared brightness: %+v %v", sk, err)
		}
		// Dates set by PATCH become manual and survive the job.
		last := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
		if _, err := svc.EditSkill(ctx, "TypeScript", domain.SkillPatch{LastUsedDate: &last}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.GenerateSkillInsights(ctx); err != nil {
			t.Fatal(err)
		}
		if ts := skillsByName(t, svc)["TypeScript"]; day(ts.LastUsedDate) != "2026-01-02" || !ts.Manual.LastUsed {
			t.Errorf("TypeScript's manual last use: %s %+v", day(ts.LastUsedDate), ts.Manual)
		}
		for _, bad := range []domain.SkillPatch{
			{Clear: []string{"hours_practiced"}},
			{Clear: []string{domain.SkillLastUsedDate}, LastUsedDate: &last},
			{FirstUsedDate: &last, LastUsedDate: &manualFirst},
		} {
			if _, err := svc.EditSkill(ctx, "TypeScript", bad); !isValidation(err) {
				t.Errorf("patch %+v: %v, want a validation error", bad, err)
			}
		}
	})
}

func skillsByName(t *testing.T, svc *domain.Service) map[string]*domain.Skill {
	t.Helper()
	all, err := svc.ListSkills(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*domain.Skill{}
	for _, s := range all {
		out[s.Name] = s
	}
	return out
}

func TestLearningCorrelation(t *testing.T) {
	for _, c := range []struct {
		both, a, b, n int
		want          *float64
	}{
		{2, 2, 2, 4, f(1)},
		{0, 2, 2, 4, f(-1)},
		{1, 2, 2, 4, f(0)},
		{1, 2, 1, 3, f(0.5)},
		{3, 3, 1, 3, nil}, // a is in every project: undefined
		{0, 0, 1, 3, nil}, // a is in none
		{2, 1, 1, 3, nil}, // impossible counts
	} {
		got := domain.LearningCorrelation(c.both, c.a, c.b, c.n)
		if (got == nil) != (c.want == nil) || (got != nil && *got != *c.want) {
			t.Errorf("LearningCorrelation(%d,%d,%d,%d) = %v, want %v", c.both, c.a, c.b, c.n, got, c.want)
		}
	}
}

func f(v float64) *float64 { return &v }

func isValidation(err error) bool {
	var v *domain.ValidationError
	return errors.As(err, &v)
}
