package domain_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

func TestVisitorSeedLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		sess, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "desktop", Browser: "firefox"})
		if err != nil {
			t.Fatal(err)
		}
		policy := domain.SeedPolicy{Mode: domain.SeedsModerated, Max: 1}
		seed, err := svc.PlantVisitorSeed(ctx, sess.SessionToken, domain.SeedInput{Name: "Moss", Technologies: []string{"Go"}}, policy)
		if err != nil {
			t.Fatal(err)
		}
		if seed.Visible() || seed.PlantedBySession == nil || *seed.PlantedBySession != sess.ID {
			t.Fatalf("seed = %+v", seed)
		}
		own, err := svc.SeedsOfSession(ctx, sess.ID)
		if err != nil || len(own) != 1 {
			t.Fatalf("own seeds = %v, %v", own, err)
		}
		if other, _ := svc.SeedsOfSession(ctx, uuid.New()); len(other) != 0 {
			t.Errorf("another session sees the seed")
		}
		_, err = svc.PlantVisitorSeed(ctx, sess.SessionToken, domain.SeedInput{Name: "Lichen"}, policy)
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("over the cap: %v", err)
		}
		_, err = svc.PlantVisitorSeed(ctx, sess.SessionToken, domain.SeedInput{Name: "x"}, domain.SeedPolicy{Mode: domain.SeedsOff})
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("off: %v", err)
		}
		if _, err := svc.ProjectDetails(ctx, seed.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("pending seed details: %v", err)
		}
		before, _ := svc.EventsSince(ctx, 0, 100)
		if _, err := svc.ApproveSeed(ctx, seed.ID.String()); err != nil {
			t.Fatal(err)
		}
		after, _ := svc.EventsSince(ctx, 0, 100)
		if len(after) != len(before)+1 || after[len(after)-1].Type != domain.EventSeedPlanted {
			t.Errorf("approval did not emit seed_planted")
		}
		d, err := svc.ProjectDetails(ctx, seed.ID)
		if err != nil || d.Project.Moderation != domain.ModerationApproved {
			t.Fatalf("details after approval: %+v %v", d, err)
		}
		if _, err := svc.RejectSeed(ctx, seed.ID.String()); err != nil {
			t.Fatal(err)
		}
		if list, _ := svc.ListSeeds(ctx, domain.ModerationRejected); len(list) != 1 {
			t.Errorf("rejected seeds = %d", len(list))
		}
		long := make([]byte, 61)
		for i := range long {
			long[i] = 'a'
		}
		_, err = svc.PlantVisitorSeed(ctx, sess.SessionToken, domain.SeedInput{Name: string(long), Description: "a\x00b"},
			domain.SeedPolicy{Mode: domain.SeedsOpen})
		if got := domain.InvalidFields(err); !slices.Equal(got, []string{"description", "name"}) {
			t.Errorf("fields = %v (%v)", got, err)
		}
	})
}

func TestVisitReportAndSalts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		sess, err := svc.StartSession(ctx, domain.SessionInput{})
		if err != nil {
			t.Fatal(err)
		}
		s := func(v string) *string { return &v }
		if _, err := svc.ReportVisit(ctx, sess.SessionToken, domain.VisitReport{Referrer: s("https://Search.Example/q?me"), Area: s("garden")}); err != nil {
			t.Fatal(err)
		}
		got, err := svc.ReportVisit(ctx, sess.SessionToken, domain.VisitReport{Area: s("garden"), Leaving: true})
		if err != nil {
			t.Fatal(err)
		}
		if got.EntryPoint != "search.example" || len(got.JourneyPath) != 1 || got.ExitPoint != "garden" || got.EndedAt == nil {
			t.Errorf("session = %+v", got)
		}
		if _, err := svc.ReportVisit(ctx, "nope", domain.VisitReport{}); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("unknown token: %v", err)
		}

		day := domain.SaltDay(t0)
		if _, err := svc.GetSalt(ctx, day); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("missing salt: %v", err)
		}
		first := make([]byte, 32)
		first[0] = 1
		second := make([]byte, 32)
		second[0] = 2
		got1, err := svc.PutSaltIfAbsent(ctx, day, first)
		if err != nil {
			t.Fatal(err)
		}
		got2, _ := svc.PutSaltIfAbsent(ctx, day, second)
		if got1[0] != 1 || got2[0] != 1 {
			t.Errorf("the first salt must win: %v %v", got1[0], got2[0])
		}
		if _, err := svc.PutSaltIfAbsent(ctx, domain.SaltDay(t0.Add(-48*time.Hour)), second); err != nil {
			t.Fatal(err)
		}
		n, err := svc.DeleteSaltsBefore(ctx, day)
		if err != nil || n != 1 {
			t.Errorf("deleted %d, %v", n, err)
		}
		if _, err := svc.GetSalt(ctx, "yesterday"); err == nil {
			t.Errorf("malformed day accepted")
		}
	})
}

func TestSuggest(t *testing.T) {
	mk := func(name string, tech ...string) *domain.Project {
		return &domain.Project{ID: uuid.New(), Name: name, Technologies: tech}
	}
	a, b, c, d := mk("A", "Go", "SQL"), mk("B", "go"), mk("C", "sql", "GO"), mk("D", "Rust")
	got := domain.Suggest([]uuid.UUID{a.ID}, []*domain.Project{a, b, c, d}, 5)
	if len(got) != 2 || got[0] != c || got[1] != b {
		t.Errorf("suggest = %v", got)
	}
	if len(domain.Suggest(nil, []*domain.Project{a, b}, 5)) != 0 {
		t.Errorf("no views, no suggestions")
	}
	skills := []*domain.Skill{{Name: "Go"}, {Name: "Rust"}, {Name: "sql"}}
	if got := domain.SkillsForTechnologies([]string{"go", "SQL"}, skills); len(got) != 2 {
		t.Errorf("skills = %v", got)
	}
}
