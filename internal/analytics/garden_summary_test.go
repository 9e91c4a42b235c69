package analytics_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/greenhouse-garden/greenhouse/internal/testclock"
)

// garden_summary's average visit time per project comes from the session
// rollups: the mean total_time_seconds of the sessions that viewed the
// project, exactly, once they are rolled up.
func TestGardenSummaryReadsRollups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		clk := testclock.New(start)
		svc := newServices(db, clk.Now)
		a, err1 := svc.PlantProject(ctx, domain.PlantInput{Name: "A"})
		b, err2 := svc.PlantProject(ctx, domain.PlantInput{Name: "B"})
		c, err3 := svc.PlantProject(ctx, domain.PlantInput{Name: "C"})
		if err := errors.Join(err1, err2, err3); err != nil {
			t.Fatal(err)
		}
		// Three visits: 30 s on A; 90 s on A then B; 60 s on B. C unvisited.
		visit(t, svc, clk, visitPlan{start: start, hash: "h1", actions: []action{{after: 30, project: a.ID, typ: "view"}}})
		visit(t, svc, clk, visitPlan{start: start.Add(time.Hour), hash: "h2", actions: []action{
			{after: 10, project: a.ID, typ: "view"}, {after: 90, project: b.ID, typ: "click"}}})
		visit(t, svc, clk, visitPlan{start: start.Add(2 * time.Hour), hash: "h3", actions: []action{{after: 60, project: b.ID, typ: "view"}}})
		clk.Set(start.Add(5 * time.Hour))
		endVisits(t, svc)
		// Before the rollup the summary knows no visit: it does not scan sessions.
		checkSummary(t, db, svc, map[uuid.UUID]sql.NullFloat64{a.ID: {}, b.ID: {}, c.ID: {}})
		if err := svc.RollupAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		checkSummary(t, db, svc, map[uuid.UUID]sql.NullFloat64{
			a.ID: {Float64: 60, Valid: true}, // (30 + 90) / 2
			b.ID: {Float64: 75, Valid: true}, // (90 + 60) / 2
			c.ID: {},                         // no visits
		})
	})
}

func checkSummary(t *testing.T, db *store.DB, svc *services, want map[uuid.UUID]sql.NullFloat64) {
	t.Helper()
	ctx := context.Background()
	if err := svc.RefreshGardenSummary(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT id, growth_events, avg_visit_time FROM garden_summary`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var (
			id     uuid.UUID
			events int
			avg    sql.NullFloat64
		)
		if err := rows.Scan(&id, &events, &avg); err != nil {
			t.Fatal(err)
		}
		if w, ok := want[id]; !ok || avg != w || events != 0 {
			t.Errorf("project %s: avg %+v, growth events %d; want %+v, 0", id, avg, events, w)
		}
		n++
	}
	if err := rows.Err(); err != nil || n != len(want) {
		t.Fatalf("%d summary rows (%v), want %d", n, err, len(want))
	}
}
