package domain_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

func TestGenerateSkillInsights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		for _, p := range []domain.PlantInput{
			{Name: "API", Technologies: []string{"go", "PostgreSQL"}},
			{Name: "CLI", Technologies: []string{"Go", "postgresql", "SQLite"}},
			{Name: "Old", Technologies: []string{"Go", "Perl"}, Status: "archived"},
		} {
			if _, err := svc.PlantProject(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		x, y := 10.0, 20.0
		first := t0.AddDate(-2, 0, 0)
		for _, s := range []domain.SkillInput{
			{Name: "Go", ConstellationGroup: "backend", ProficiencyLevel: 7, FirstUsedDate: &first, LastUsedDate: &t0},
			{Name: "PostgreSQL", ConstellationGroup: "backend", ProficiencyLevel: 5, PositionX: &x, PositionY: &y},
			{Name: "SQLite", ConstellationGroup: "data", ProficiencyLevel: 3},
			{Name: "Perl", ConstellationGroup: "legacy", ProficiencyLevel: 2},
		} {
			if _, err := svc.AddSkill(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		before, _ := svc.EventsSince(ctx, 0, 100)
		res, err := svc.GenerateSkillInsights(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.SkillsUnlocked != 3 || res.ConnectionsCreated != 1 || res.SkillsPlaced != 3 {
			t.Fatalf("result: %+v", res)
		}
		skills := map[string]*domain.Skill{}
		all, _ := svc.ListSkills(ctx)
		for _, s := range all {
			skills[s.Name] = s
		}
		if skills["Go"].ProjectsUsedIn != 2 || skills["PostgreSQL"].ProjectsUsedIn != 2 || skills["SQLite"].ProjectsUsedIn != 1 ||
			skills["Perl"].ProjectsUsedIn != 0 {
			t.Errorf("projects_used_in: go %d pg %d sqlite %d perl %d", skills["Go"].ProjectsUsedIn,
				skills["PostgreSQL"].ProjectsUsedIn, skills["SQLite"].ProjectsUsedIn, skills["Perl"].ProjectsUsedIn)
		}
		if skills["Go"].LearningVelocity != 3 || skills["Go"].Brightness != 0.84 {
			t.Errorf("go: velocity %v brightness %v", skills["Go"].LearningVelocity, skills["Go"].Brightness)
		}
		if *skills["PostgreSQL"].PositionX != 10 || skills["SQLite"].PositionX == nil || skills["Perl"].PositionY == nil {
			t.Error("positions: owner-placed moved or unplaced left")
		}
		conns, _ := svc.ListConnections(ctx)
		if len(conns) != 1 || conns[0].ProjectsCombined != 2 || conns[0].Strength != 1 {
			t.Fatalf("connections: %+v", conns)
		}
		after, _ := svc.EventsSince(ctx, 0, 100)
		unlocks := 0
		for _, ev := range after[len(before):] {
			if ev.Type == domain.EventSkillUnlock {
				unlocks++
				var data map[string]any
				_ = json.Unmarshal(ev.Data, &data)
			}
		}
		if unlocks != 3 {
			t.Errorf("%d skill_unlock events, want 3", unlocks)
		}
		// A second run changes nothing.
		again, err := svc.GenerateSkillInsights(ctx)
		if err != nil || *again != (domain.InsightsResult{}) {
			t.Fatalf("second run: %+v %v", again, err)
		}
	})
}

func TestApplyRepoStatsAndActivity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Vine", GithubRepo: "me/vine", Technologies: []string{"Go"}})
		if err != nil {
			t.Fatal(err)
		}
		stats := domain.RepoStats{CommitCount: 400, LinesOfCode: 30000, ComplexityScore: 6.5,
			Languages: []string{"go", "Shell", "Makefile"}, ETag: `"e1"`}
		res, err := svc.ApplyRepoStats(ctx, p.ID, "github", stats)
		if err != nil || res.Growth == nil || !res.Growth.StageChanged || res.Project.GrowthStage != "growing" {
			t.Fatalf("apply: %+v %v", res, err)
		}
		if got := res.Project.Technologies; len(got) != 3 || got[1] != "Shell" {
			t.Fatalf("technologies: %v", got)
		}
		if etag, _, _ := svc.SyncState(ctx, p.ID, "github"); etag != `"e1"` {
			t.Fatalf("etag: %q", etag)
		}
		again, err := svc.ApplyRepoStats(ctx, p.ID, "github", stats)
		if err != nil || again.Change.Changed() || again.Growth != nil {
			t.Fatalf("same stats changed something: %+v %v", again, err)
		}
		// Activity: once per delivery, and nothing for an unknown repository.
		act := domain.GitHubActivity{DeliveryID: "d-1", Event: "push", Repo: "ME/Vine", Commits: 3,
			CommitSHAs: []string{"a1", "b2", "c3"}, Activity: json.RawMessage(`{"event":"push"}`)}
		r1, err := svc.ApplyGitHubActivity(ctx, act)
		if err != nil || !r1.Applied || len(r1.Projects) != 1 {
			t.Fatalf("apply activity: %+v %v", r1, err)
		}
		r2, err := svc.ApplyGitHubActivity(ctx, act)
		if err != nil || r2.Applied {
			t.Fatalf("replayed activity applied: %+v %v", r2, err)
		}
		got, _ := svc.GetProject(ctx, p.ID)
		if got.CommitCount != 403 {
			t.Fatalf("commit_count = %d", got.CommitCount)
		}
		if _, err := svc.ApplyGitHubActivity(ctx, domain.GitHubActivity{DeliveryID: ""}); err == nil {
			t.Fatal("empty delivery id accepted")
		}
		// Today's activity is the pushed commits, never the statistics' 400
		// (a sync's delta grows the project, not today's weather).
		commits, projects, err := svc.CommitActivitySince(ctx, t0.Add(-time.Hour))
		if err != nil || commits != 3 || projects != 1 {
			t.Fatalf("activity today: %d commits in %d projects, %v", commits, projects, err)
		}
	})
}
