package analytics_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/greenhouse-garden/greenhouse/internal/testclock"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// visitPlan is one visit: its start, hash and interactions (offsets in
// seconds after the start).
type visitPlan struct {
	start   time.Time
	hash    string
	entry   string
	device  string
	actions []action
}

type action struct {
	after   int
	project uuid.UUID
	typ     string
	dur     float64
}

func visit(t *testing.T, svc *services, clk *testclock.Clock, v visitPlan) {
	t.Helper()
	ctx := context.Background()
	clk.Set(v.start)
	dev := v.device
	if dev == "" {
		dev = "desktop"
	}
	sess, err := svc.StartSession(ctx, domain.SessionInput{IPHash: v.hash, EntryPoint: v.entry,
		DeviceType: dev, Browser: "firefox", ScreenResolution: "1920x1080", CountryCode: "NZ"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range v.actions {
		clk.Set(v.start.Add(time.Duration(a.after) * time.Second))
		if _, err := svc.RecordInteraction(ctx, sess.SessionToken, a.project,
			domain.InteractionInput{Type: a.typ, DurationSeconds: a.dur}); err != nil {
			t.Fatal(err)
		}
	}
}

// endVisits ends the visits idle for 30 minutes, as the worker does.
func endVisits(t *testing.T, svc *services) {
	t.Helper()
	if _, err := svc.EndIdleSessions(context.Background(), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
}

func dashboard(t *testing.T, svc *services, raw bool, rng string, loc *time.Location, now time.Time) *analytics.Dashboard {
	t.Helper()
	dr, err := analytics.ParseDateRange(rng, loc, now)
	if err != nil {
		t.Fatal(err)
	}
	var d *analytics.Dashboard
	if raw {
		d, err = svc.DashboardFromRaw(context.Background(), dr)
	} else {
		d, err = svc.Dashboard(context.Background(), dr)
	}
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// sameDashboard compares two dashboards but for the time they were made.
func sameDashboard(t *testing.T, what string, a, b *analytics.Dashboard) {
	t.Helper()
	x, y := *a, *b
	x.GeneratedAt, y.GeneratedAt = time.Time{}, time.Time{}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	if string(ja) != string(jb) {
		t.Fatalf("%s: dashboards differ:\n%s\n%s", what, ja, jb)
	}
}

func count(cs []analytics.Count, key string) (int64, int64) {
	for _, c := range cs {
		if c.Key == key {
			return c.Count, c.Previous
		}
	}
	return -1, -1
}

func TestParseDateRange(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, ny) // two days after the switch to EDT
	dr, err := analytics.ParseDateRange("", ny, now)
	if err != nil {
		t.Fatal(err)
	}
	if dr.Name != "7d" || dr.Days != 7 || !dr.From.Equal(time.Date(2026, 3, 4, 0, 0, 0, 0, ny)) ||
		!dr.To.Equal(time.Date(2026, 3, 11, 0, 0, 0, 0, ny)) {
		t.Fatalf("7d: %+v", dr)
	}
	if got := dr.To.Sub(dr.From); got != 7*24*time.Hour-time.Hour {
		t.Fatalf("7d across DST lasts %v", got)
	}
	prev := dr.Previous()
	if !prev.From.Equal(time.Date(2026, 2, 25, 0, 0, 0, 0, ny)) || !prev.To.Equal(dr.From) {
		t.Fatalf("previous: %+v", prev)
	}
	h, err := analytics.ParseDateRange("24h", ny, now)
	if err != nil || !h.Hourly || h.To.Sub(h.From) != 24*time.Hour || !h.To.Equal(now) {
		t.Fatalf("24h: %+v %v", h, err)
	}
	ex, err := analytics.ParseDateRange("2026-03-01..2026-03-02", ny, now)
	if err != nil || ex.Days != 2 || !ex.From.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, ny)) ||
		!ex.To.Equal(time.Date(2026, 3, 3, 0, 0, 0, 0, ny)) {
		t.Fatalf("explicit: %+v %v", ex, err)
	}
	for _, bad := range []string{"1y", "7", "2026-13-01..2026-13-02", "2026-03-02..2026-03-01", "2026-03-01", "2026-3-1..2026-3-2"} {
		_, err := analytics.ParseDateRange(bad, ny, now)
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "date_range" {
			t.Fatalf("%q: want a validation error on date_range, got %v", bad, err)
		}
		msg := err.Error()
		for _, form := range analytics.DateRangeForms {
			if !strings.Contains(msg, form) {
				t.Fatalf("%q: the error does not name %s: %s", bad, form, msg)
			}
		}
	}
}

// TestDashboardExact builds visits around local midnights in New York
// (across the switch to daylight time) and checks every figure, from raw
// rows, from rollups, and from rollups plus a raw tail.
func TestDashboardExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ny := mustLoc(t, "America/New_York")
		clk := testclock.New(time.Date(2026, 3, 1, 12, 0, 0, 0, ny))
		svc := newServices(db, clk.Now)
		p1, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Fern"})
		if err != nil {
			t.Fatal(err)
		}
		p2, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Moss"})
		if err != nil {
			t.Fatal(err)
		}
		at := func(d, h, m, s int) time.Time { return time.Date(2026, 3, d, h, m, s, 0, ny) }
		// Current range (7d ending Mar 20): Mar 14 00:00 EDT .. Mar 21 00:00 EDT.
		visit(t, svc, clk, visitPlan{start: at(6, 23, 59, 0), hash: "h0"}) // before both periods
		visit(t, svc, clk, visitPlan{start: at(7, 0, 0, 0), hash: "h4"})   // first instant of the previous period
		clk.Set(at(10, 9, 0, 0))
		stage := "growing"
		if _, err := svc.EditProject(ctx, "Moss", domain.ProjectPatch{GrowthStage: &stage}); err != nil {
			t.Fatal(err)
		}
		visit(t, svc, clk, visitPlan{start: at(13, 23, 59, 58), hash: "h1", entry: "github",
			actions: []action{{1, p1.ID, "view", 0}}}) // last instant of the previous period, a bounce
		visit(t, svc, clk, visitPlan{start: at(14, 0, 0, 0), hash: "h1", entry: "search", actions: []action{
			{10, p1.ID, "view", 0}, {20, p1.ID, "click", 0}, {30, p1.ID, "dwell", 10}}})
		clk.Set(at(15, 12, 0, 0))
		stage = "sprout"
		if _, err := svc.EditProject(ctx, "Fern", domain.ProjectPatch{GrowthStage: &stage}); err != nil {
			t.Fatal(err)
		}
		visit(t, svc, clk, visitPlan{start: at(16, 23, 30, 0), hash: "h3", entry: "search", device: "mobile",
			actions: []action{{10, p1.ID, "view", 0}, {20, p2.ID, "like", 0}}})
		visit(t, svc, clk, visitPlan{start: at(20, 10, 0, 0), hash: "h2", entry: "garden",
			actions: []action{{2, p2.ID, "hover", 0}, {5, p2.ID, "hover", 0}}}) // under 10 s: a bounce
		visit(t, svc, clk, visitPlan{start: at(20, 10, 30, 0), hash: "h2", entry: "garden"}) // same visitor, same UTC day
		visit(t, svc, clk, visitPlan{start: at(21, 0, 0, 0), hash: "h9"})                    // tomorrow: outside
		now := at(20, 15, 0, 0)
		clk.Set(at(20, 12, 0, 0))
		endVisits(t, svc) // "tomorrow"'s visit stays open

		check := func(t *testing.T, d *analytics.Dashboard, extra int64) {
			t.Helper()
			v := d.Visitors
			if v.Sessions != 4+extra || v.UniqueVisitors != 3+extra || v.Bounces != 2+extra || v.Interactions != 7 {
				t.Fatalf("visitors: %+v", v)
			}
			if extra == 0 && (v.BounceRate != 0.5 || v.AvgVisitSeconds != 13.75 || v.MedianVisitSeconds != 5 ||
				v.ProjectsPerSession != 1) {
				t.Fatalf("visitor rates: %+v", v)
			}
			p := d.PreviousVisitors
			if p.Sessions != 2 || p.UniqueVisitors != 2 || p.Bounces != 2 || p.BounceRate != 1 || p.Interactions != 1 {
				t.Fatalf("previous visitors: %+v", p)
			}
			if len(d.Series) != 7 || d.SeriesBy != "day" || !d.Series[0].Start.Equal(at(14, 0, 0, 0)) {
				t.Fatalf("series: %+v", d.Series)
			}
			s0, s2, s6 := d.Series[0], d.Series[2], d.Series[6]
			if s0.Sessions != 1 || s0.Interactions != 3 || s2.Sessions != 1 || s2.Interactions != 2 ||
				s6.Sessions != 2+extra || s6.Bounces != 2+extra || s6.Interactions != 2 || s6.PreviousSessions != 1 ||
				s6.PreviousInteractions != 1 || d.Series[1].Sessions != 0 {
				t.Fatalf("series points: %+v", d.Series)
			}
			cells := map[string][2]int64{}
			for _, c := range d.Heatmap {
				cells[c.ProjectName+"/"+c.Weekday.String()+"/"+time.Duration(c.Hour*int(time.Hour)).String()] = [2]int64{c.Interactions, c.PreviousInteractions}
			}
			// The previous period's one interaction has a cell of its own.
			want := map[string][2]int64{"Fern/Saturday/0s": {3, 0}, "Fern/Monday/23h0m0s": {1, 0}, "Moss/Monday/23h0m0s": {1, 0},
				"Moss/Friday/10h0m0s": {2, 0}, "Fern/Friday/23h0m0s": {0, 1}}
			if len(cells) != len(want) {
				t.Fatalf("heatmap: %v", cells)
			}
			for k, n := range want {
				if cells[k] != n {
					t.Fatalf("heatmap %s = %v, want %v (%v)", k, cells[k], n, cells)
				}
			}
			// The same figures in the API's compact form.
			w := wire.Dashboard(d)
			compact := map[string][2]int64{}
			for _, r := range w.Heatmap {
				for i := range api.HeatmapHours {
					if n, prev := r.Cell(i/24, i%24); n != 0 || prev != 0 {
						compact[r.ProjectName+"/"+time.Weekday(i/24).String()+"/"+time.Duration(i%24*int(time.Hour)).String()] = [2]int64{n, prev}
					}
				}
			}
			if !maps.Equal(compact, want) || len(w.Heatmap) != 2 || w.Heatmap[0].ProjectName != "Fern" {
				t.Fatalf("compact heatmap: %v (%+v)", compact, w.Heatmap)
			}
			ws := w.Series
			if len(ws.Start) != 7 || !ws.Start[0].Equal(at(14, 0, 0, 0)) || ws.Sessions[0] != 1 || ws.Interactions[0] != 3 ||
				ws.Sessions[6] != 2+extra || ws.Bounces[6] != 2+extra || ws.PreviousSessions[6] != 1 ||
				ws.PreviousInteractions[6] != 1 || ws.Sessions[1] != 0 {
				t.Fatalf("compact series: %+v", ws)
			}
			for typ, n := range map[string][2]int64{"view": {2, 1}, "click": {1, 0}, "dwell": {1, 0}, "like": {1, 0}, "hover": {2, 0}} {
				c, prev := count(d.InteractionTypes, typ)
				if c != n[0] || prev != n[1] {
					t.Fatalf("type %s: %d/%d, want %v (%+v)", typ, c, prev, n, d.InteractionTypes)
				}
			}
			j1 := "project:" + p1.ID.String()
			j12 := j1 + " > project:" + p2.ID.String()
			if c, prev := count(d.Journeys, j1); c != 1 || prev != 1 {
				t.Fatalf("journey %s: %d/%d %+v", j1, c, prev, d.Journeys)
			}
			if c, _ := count(d.Journeys, j12); c != 1 || len(d.Journeys) != 3 {
				t.Fatalf("journeys: %+v", d.Journeys)
			}
			if c, prev := count(d.EntryPoints, "search"); c != 2 || prev != 0 {
				t.Fatalf("entry points: %+v", d.EntryPoints)
			}
			if c, _ := count(d.EntryPoints, "garden"); c != 2+extra {
				t.Fatalf("entry points: %+v", d.EntryPoints)
			}
			if c, _ := count(d.Devices, "mobile"); c != 1 {
				t.Fatalf("devices: %+v", d.Devices)
			}
			if c, prev := count(d.ExitPoints, "project:"+p1.ID.String()); c != 1 || prev != 1 {
				t.Fatalf("exit points: %+v", d.ExitPoints)
			}
			if c, _ := count(d.ExitPoints, "project:"+p2.ID.String()); c != 2 {
				t.Fatalf("exit points: %+v", d.ExitPoints)
			}
			g := d.Growth
			if g.StageChanges != 1 || g.PreviousStageChanges != 1 || len(g.Changes) != 1 || g.Changes[0].NewStage != "sprout" ||
				len(g.PreviousChanges) != 1 || g.PreviousChanges[0].ProjectName != "Moss" {
				t.Fatalf("growth: %+v", g)
			}
			for _, pg := range g.Projects {
				switch pg.Name {
				case "Fern":
					if pg.StageAtStart != "seed" || pg.StageAtEnd != "sprout" || pg.Interactions != 4 || pg.PreviousInteractions != 1 ||
						pg.DwellSeconds != 10 || pg.Series[0] != 3 || pg.Series[2] != 1 {
						t.Fatalf("Fern: %+v", pg)
					}
				case "Moss":
					if pg.StageAtStart != "growing" || pg.StageAtEnd != "growing" || pg.Interactions != 3 {
						t.Fatalf("Moss: %+v", pg)
					}
				}
			}
		}
		raw := dashboard(t, svc, true, "7d", ny, now)
		check(t, raw, 0)
		check(t, dashboard(t, svc, false, "7d", ny, now), 0) // no rollup yet: all raw

		if err := svc.RollupAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		clk.Set(at(20, 12, 30, 0)) // past the grace period: the rollups answer
		rolled := dashboard(t, svc, false, "7d", ny, now)
		check(t, rolled, 0)
		sameDashboard(t, "rollup vs raw", rolled, dashboard(t, svc, true, "7d", ny, now))
		if err := svc.RollupAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		sameDashboard(t, "second rollup", rolled, dashboard(t, svc, false, "7d", ny, now))

		// More raw rows after the rollup: the tail is read raw.
		visit(t, svc, clk, visitPlan{start: at(20, 14, 0, 0), hash: "h7", entry: "garden"})
		check(t, dashboard(t, svc, false, "7d", ny, now), 1)
		clk.Set(at(20, 15, 0, 0))
		endVisits(t, svc)
		if c, _ := count(dashboard(t, svc, false, "7d", ny, now).ExitPoints, "garden"); c != 2 {
			t.Fatal("ending a visit after the rollup did not reach the dashboard")
		}
		if err := svc.RollupAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		clk.Set(at(20, 15, 30, 0))
		tail := dashboard(t, svc, false, "7d", ny, now)
		check(t, tail, 1)
		sameDashboard(t, "incremental rollup vs raw", tail, dashboard(t, svc, true, "7d", ny, now))
	})
}

// TestDashboardAucklandMidnight checks that an explicit day in
// Pacific/Auckland starts and ends at local midnight, from raw rows and
// from rollups.
func TestDashboardAucklandMidnight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		akl := mustLoc(t, "Pacific/Auckland")
		clk := testclock.New(time.Date(2026, 2, 1, 0, 0, 0, 0, akl))
		svc := newServices(db, clk.Now)
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Kowhai"})
		if err != nil {
			t.Fatal(err)
		}
		mid := time.Date(2026, 3, 1, 0, 0, 0, 0, akl) // 2026-02-28 11:00 UTC (NZDT)
		next := time.Date(2026, 3, 2, 0, 0, 0, 0, akl)
		for i, start := range []time.Time{mid.Add(-time.Second), mid, next.Add(-time.Second), next} {
			visit(t, svc, clk, visitPlan{start: start, hash: "v" + string(rune('a'+i)),
				actions: []action{{0, p.ID, "view", 0}}})
		}
		now := time.Date(2026, 3, 10, 12, 0, 0, 0, akl)
		clk.Set(now)
		endVisits(t, svc)
		for _, rolled := range []bool{false, true} {
			if rolled {
				if err := svc.RollupAnalytics(ctx); err != nil {
					t.Fatal(err)
				}
				clk.Set(now.Add(time.Hour))
			}
			d := dashboard(t, svc, false, "2026-03-01..2026-03-01", akl, now)
			if d.Visitors.Sessions != 2 || d.Visitors.UniqueVisitors != 2 || d.Visitors.Interactions != 2 ||
				d.PreviousVisitors.Sessions != 1 || d.PreviousVisitors.Interactions != 1 {
				t.Fatalf("rolled=%v: %+v / %+v", rolled, d.Visitors, d.PreviousVisitors)
			}
			if !d.Current.From.Equal(mid) || !d.Current.To.Equal(next) || len(d.Series) != 1 || d.Series[0].Sessions != 2 {
				t.Fatalf("rolled=%v: range %+v series %+v", rolled, d.Current, d.Series)
			}
			hours := map[int]int64{}
			for _, c := range d.Heatmap {
				hours[c.Hour] += c.Interactions
			}
			if hours[0] != 1 || hours[23] != 1 {
				t.Fatalf("rolled=%v: heatmap hours %v", rolled, hours)
			}
			sameDashboard(t, "auckland", d, dashboard(t, svc, true, "2026-03-01..2026-03-01", akl, now))
		}
	})
}

func TestDashboardEmpty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 5, 5, 10, 0, 0, 0, time.UTC)
		svc := newServices(db, func() time.Time { return now })
		for _, rng := range []string{"24h", "7d", "30d", "90d", "all", "2020-01-01..2020-01-31"} {
			d := dashboard(t, svc, false, rng, time.UTC, now)
			if d.Visitors != (analytics.VisitorStats{}) || d.PreviousVisitors != (analytics.VisitorStats{}) ||
				len(d.Heatmap) != 0 || len(d.Journeys) != 0 || d.Growth.StageChanges != 0 || d.Performance.Current.Requests != 0 {
				t.Fatalf("%s: not empty: %+v", rng, d)
			}
			for _, p := range d.Series {
				if p.Sessions != 0 || p.Interactions != 0 {
					t.Fatalf("%s: series %+v", rng, d.Series)
				}
			}
		}
		if d := dashboard(t, svc, false, "24h", time.UTC, now); len(d.Series) != 24 || d.SeriesBy != "hour" {
			t.Fatalf("24h series: %d points by %s", len(d.Series), d.SeriesBy)
		}
		if d := dashboard(t, svc, false, "2020-01-01..2020-01-31", time.UTC, now); len(d.Series) != 31 {
			t.Fatalf("explicit series: %d points", len(d.Series))
		}
		if err := svc.RollupAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.PruneAnalytics(ctx, 30); err != nil || n != 0 {
			t.Fatalf("prune empty: %d %v", n, err)
		}
		if _, err := svc.PruneAnalytics(ctx, 0); domain.InvalidFields(err) == nil {
			t.Fatalf("prune 0 days: %v", err)
		}
	})
}

func TestPruneKeepsRollups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := testclock.New(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
		svc := newServices(db, clk.Now)
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Oak"})
		if err != nil {
			t.Fatal(err)
		}
		day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
		for i, d := range []int{1, 1, 2, 18, 19} {
			visit(t, svc, clk, visitPlan{start: day(d), hash: "p" + string(rune('a'+i)),
				actions: []action{{5, p.ID, "view", 0}, {15, p.ID, "click", 0}}})
		}
		now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
		clk.Set(now)
		endVisits(t, svc)
		// Before any rollup nothing may be deleted.
		if n, err := svc.PruneAnalytics(ctx, 10); err != nil || n != 0 {
			t.Fatalf("prune before rollup: %d %v", n, err)
		}
		if err := svc.RollupAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		clk.Set(now.Add(time.Hour))
		before := dashboard(t, svc, false, "30d", time.UTC, now)
		if before.Visitors.Sessions != 5 || before.Visitors.Interactions != 10 {
			t.Fatalf("before prune: %+v", before.Visitors)
		}
		n, err := svc.PruneAnalytics(ctx, 10) // keeps Mar 10 on: deletes 3 sessions and their 6 interactions
		if err != nil || n != 9 {
			t.Fatalf("prune: %d %v", n, err)
		}
		after := dashboard(t, svc, false, "30d", time.UTC, now)
		sameDashboard(t, "after prune", before, after)
		raw := dashboard(t, svc, true, "30d", time.UTC, now)
		if raw.Visitors.Sessions != 2 {
			t.Fatalf("raw rows left: %+v", raw.Visitors)
		}
		if n, err := svc.PruneAnalytics(ctx, 10); err != nil || n != 0 {
			t.Fatalf("second prune: %d %v", n, err)
		}
	})
}

func TestRollupConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
		svc := newServices(db, func() time.Time { return now })
		res, err := svc.GenerateVisitors(ctx, analytics.GenerateVisitorsInput{Sessions: 300, Interactions: 2000, Days: 5, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if res.Sessions != 300 || res.Interactions != 2000 || res.ProjectsCreated != 8 {
			t.Fatalf("generated: %+v", res)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Go(func() { errs <- svc.RebuildAnalytics(ctx) })
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		later := newServices(db, func() time.Time { return now.Add(time.Hour) })
		d := dashboard(t, later, false, "7d", time.UTC, now)
		if d.Visitors.Sessions != 300 || d.Visitors.Interactions != 2000 {
			t.Fatalf("after concurrent rollups: %+v", d.Visitors)
		}
		sameDashboard(t, "concurrent", d, dashboard(t, later, true, "7d", time.UTC, now))
	})
}

func TestGenerateVisitors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
		svc := newServices(db, func() time.Time { return now })
		if _, err := svc.GenerateVisitors(ctx, analytics.GenerateVisitorsInput{Sessions: 0, Days: 0}); len(domain.InvalidFields(err)) != 2 {
			t.Fatalf("bad input: %v", err)
		}
		res, err := svc.GenerateVisitors(ctx, analytics.GenerateVisitorsInput{Sessions: 2000, Interactions: 15000, Days: 30, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if res.Sessions != 2000 || res.Interactions != 15000 {
			t.Fatalf("generated: %+v", res)
		}
		later := newServices(db, func() time.Time { return now.Add(time.Hour) })
		for _, raw := range []bool{false, true} {
			d := dashboard(t, later, raw, "all", time.UTC, now)
			v := d.Visitors
			if v.Sessions != 2000 || v.Interactions != 15000 || v.UniqueVisitors == 0 || v.UniqueVisitors > 2000 ||
				v.Bounces == 0 || v.Bounces == 2000 {
				t.Fatalf("raw=%v: %+v", raw, v)
			}
			var cells int64
			for _, c := range d.Heatmap {
				cells += c.Interactions
			}
			if cells != 15000 {
				t.Fatalf("raw=%v: heatmap holds %d interactions", raw, cells)
			}
		}
		sameDashboard(t, "generated", dashboard(t, later, false, "30d", time.UTC, now), dashboard(t, later, true, "30d", time.UTC, now))
		sameDashboard(t, "generated 24h", dashboard(t, later, false, "24h", time.UTC, now), dashboard(t, later, true, "24h", time.UTC, now))
		// Whole weeks come from the weekly rollups, the days at either edge
		// from the daily ones.
		for _, rng := range []string{"2026-03-04..2026-03-27", "2026-03-10..2026-03-16", "90d"} {
			sameDashboard(t, "generated "+rng, dashboard(t, later, false, rng, time.UTC, now), dashboard(t, later, true, rng, time.UTC, now))
		}
	})
}

func TestRealtimeAndRequestStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := testclock.New(time.Date(2026, 6, 1, 11, 0, 0, 0, time.UTC))
		svc := newServices(db, clk.Now)
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Ivy"})
		if err != nil {
			t.Fatal(err)
		}
		visit(t, svc, clk, visitPlan{start: time.Date(2026, 6, 1, 11, 50, 0, 0, time.UTC), hash: "old", device: "tablet",
			actions: []action{{10, p.ID, "view", 0}}})
		visit(t, svc, clk, visitPlan{start: time.Date(2026, 6, 1, 11, 58, 0, 0, time.UTC), hash: "new", device: "mobile",
			actions: []action{{30, p.ID, "like", 0}}})
		clk.Set(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
		stage := "blooming"
		if _, err := svc.EditProject(ctx, "Ivy", domain.ProjectPatch{GrowthStage: &stage}); err != nil {
			t.Fatal(err)
		}
		rt, err := svc.Realtime(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rt.ActiveVisitors != 1 || len(rt.RecentInteractions) != 2 || len(rt.GrowthChanges) != 1 {
			t.Fatalf("realtime: %+v", rt)
		}
		first := rt.RecentInteractions[0]
		if first.Type != "like" || first.DeviceType != "mobile" || first.ProjectName != "Ivy" || first.ProjectID != p.ID {
			t.Fatalf("recent: %+v", first)
		}
		raw, _ := json.Marshal(rt)
		if strings.Contains(string(raw), "token") || strings.Contains(string(raw), "hash") || strings.Contains(string(raw), "\"new\"") {
			t.Fatalf("realtime leaks a visitor: %s", raw)
		}
		if rt.GrowthChanges[0].NewStage != "blooming" || rt.GrowthChanges[0].PreviousStage != "seed" {
			t.Fatalf("growth: %+v", rt.GrowthChanges)
		}

		minute := time.Date(2026, 6, 1, 11, 59, 0, 0, time.UTC)
		var b [analytics.LatencyBucketCount]int64
		b[analytics.LatencyBucket(3)] = 90   // 2..5 ms
		b[analytics.LatencyBucket(400)] = 10 // 250..500 ms
		stat := analytics.RequestStat{Minute: minute, Route: "/api/v1/garden", Method: "GET", Requests: 100, Errors: 5, TotalMs: 6000, Buckets: b}
		// Two replicas report the same minute: their numbers add up.
		for range 2 {
			if err := svc.RecordRequestStats(ctx, []analytics.RequestStat{stat}); err != nil {
				t.Fatal(err)
			}
		}
		d := dashboard(t, svc, false, "24h", time.UTC, clk.Now())
		perf := d.Performance
		if len(perf.Routes) != 1 || perf.Current.Requests != 200 || perf.Current.Errors != 10 || perf.Current.ErrorRate != 0.05 {
			t.Fatalf("performance: %+v", perf)
		}
		r := perf.Routes[0]
		if r.P50Millis < 2 || r.P50Millis > 5 || r.P95Millis < 250 || r.P95Millis > 500 || r.RequestsPerMinute != 200.0/1440 {
			t.Fatalf("route: %+v", r)
		}
		if err := svc.RecordRequestStats(ctx, []analytics.RequestStat{{Minute: minute, Route: "", Method: "GET"}}); domain.InvalidFields(err) == nil {
			t.Fatalf("empty route: %v", err)
		}
	})
}

// services is the garden and its analytics over one store, as the
// application wires them; the aliases name the embedded fields apart.
type (
	gardenService    = domain.Service
	analyticsService = analytics.Service
	services         struct {
		*gardenService
		*analyticsService
	}
)

func newServices(db *store.DB, now func() time.Time) *services {
	garden := domain.NewService(db, domain.WithClock(now))
	return &services{garden, analytics.NewService(db.Analytics(), garden, analytics.WithClock(now))}
}
