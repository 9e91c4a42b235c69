package analytics_test

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

// The daily log of every project carries its page views, interactions and
// time spent, per day of analytics.timezone, from the recorded visits; a
// second run rewrites rather than duplicates, and garden_summary's growth
// events leave those rows out while its figures reach the project page.
func TestDailyVisitsLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tz := mustLoc(t, "Pacific/Auckland") // UTC+12 in June
		day1 := time.Date(2026, 6, 1, 0, 0, 0, 0, tz)
		clk := testclock.New(day1.Add(-48 * time.Hour))
		svc := newServices(db, clk.Now)
		a, err1 := svc.PlantProject(ctx, domain.PlantInput{Name: "A"})
		b, err2 := svc.PlantProject(ctx, domain.PlantInput{Name: "B"})
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		// Day 1 (local): A viewed twice with 90 s of dwell and clicked; B viewed.
		visit(t, svc, clk, visitPlan{start: day1.Add(1 * time.Hour), hash: "h1", actions: []action{
			{after: 5, project: a.ID, typ: "view"}, {after: 60, project: a.ID, typ: "dwell", dur: 90},
			{after: 70, project: a.ID, typ: "click"}, {after: 80, project: b.ID, typ: "view"}}})
		visit(t, svc, clk, visitPlan{start: day1.Add(23*time.Hour + 50*time.Minute), hash: "h2", actions: []action{
			{after: 5, project: a.ID, typ: "view", dur: 0}, {after: 30, project: a.ID, typ: "dwell", dur: 60}}})
		// Day 2, 00:10 local: still the previous UTC day, but another local one.
		visit(t, svc, clk, visitPlan{start: day1.Add(24*time.Hour + 10*time.Minute), hash: "h3", actions: []action{
			{after: 5, project: b.ID, typ: "view"}}})
		clk.Set(day1.Add(3*24*time.Hour + time.Hour))
		endVisits(t, svc)

		res, err := svc.LogDailyVisits(ctx, tz)
		if err != nil || res.Days != 7 || res.Rows != 3 {
			t.Fatalf("log: %+v %v, want 7 days, 3 rows", res, err)
		}
		if _, err := svc.LogDailyVisits(ctx, tz); err != nil {
			t.Fatal(err)
		}
		type row struct {
			day                         string
			views, interactions, minute int
		}
		got := func(id [16]byte) []row {
			log, err := svc.GrowthHistory(ctx, id, 50)
			if err != nil {
				t.Fatal(err)
			}
			var out []row
			for _, e := range log {
				if e.VisitsDay != nil {
					out = append(out, row{e.VisitsDay.Format(time.DateOnly), e.PageViews, e.Interactions, e.TimeSpentMinutes})
				}
			}
			return out
		}
		wantA := []row{{"2026-06-01", 2, 5, 3}} // 150 s of dwell
		wantB := []row{{"2026-06-02", 1, 1, 0}, {"2026-06-01", 1, 1, 0}}
		if g := got(a.ID); !slices.Equal(g, wantA) {
			t.Errorf("A's visits rows %+v, want %+v", g, wantA)
		}
		if g := got(b.ID); !slices.Equal(g, wantB) {
			t.Errorf("B's visits rows %+v, want %+v", g, wantB)
		}

		// The project page: growth events without the visits rows, the
		// average visit and the last 7 days' interactions.
		if err := svc.RollupAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		if err := svc.RefreshGardenSummary(ctx); err != nil {
			t.Fatal(err)
		}
		d, err := svc.ProjectDetails(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s := d.Summary; s == nil || s.GrowthEvents != 0 || s.Interactions7d != 5 || s.AvgVisitSeconds == nil {
			raw, _ := json.Marshal(s)
			t.Fatalf("A's summary %s, want 0 growth events, 5 interactions, an average visit", raw)
		}
		sprout := "sprout"
		if _, err := svc.EditProject(ctx, a.ID.String(), domain.ProjectPatch{GrowthStage: &sprout}); err != nil {
			t.Fatal(err)
		}
		if err := svc.RefreshGardenSummary(ctx); err != nil {
			t.Fatal(err)
		}
		if d, err = svc.ProjectDetails(ctx, a.ID); err != nil || d.Summary.GrowthEvents != 1 {
			t.Fatalf("after a stage change: %+v %v, want 1 growth event", d.Summary, err)
		}
		clk.Set(day1.Add(20 * 24 * time.Hour))
		if d, err = svc.ProjectDetails(ctx, a.ID); err != nil || d.Summary.Interactions7d != 0 {
			t.Fatalf("three weeks later: %+v %v, want no recent interaction", d.Summary, err)
		}
	})
}
