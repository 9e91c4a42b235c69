package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// TestAnalyticsPreviousPeriodFields drives visits and stage changes through
// the API in a custom range and the period before it, then reads the
// dashboard as JSON, before and after a rollup: each project's heatmap row
// carries the previous period's cells in previous_interactions, growth lists the previous period's stage changes in
// previous_changes, and the fields are named as docs/analytics.md says.
func TestAnalyticsPreviousPeriodFields(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db) // UTC; the clock starts on Sunday 2026-06-21 12:00
		at := func(month time.Month, day, hour, minute int) time.Time {
			return time.Date(2026, month, day, hour, minute, 0, 0, time.UTC)
		}
		setClock := func(t2 time.Time) { e.clock.Add(t2.Sub(e.clock.Now())) }
		ids := map[string]string{}
		for _, name := range []string{"Aster", "Birch", "Cedar"} {
			p, err := e.admin().CreateProject(ctx(), wireapi.ProjectCreate{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			ids[name] = p.ID
		}
		interact := func(when time.Time, project string, types ...string) {
			t.Helper()
			setClock(when)
			v := e.visitor()
			if _, err := v.Garden(ctx(), wireapi.GardenParams{}); err != nil {
				t.Fatal(err)
			}
			for _, typ := range types {
				res, err := v.Interact(ctx(), ids[project], wireapi.InteractionRequest{InteractionType: typ})
				if err != nil {
					t.Fatalf("%s %s at %s: %v", typ, project, when, err)
				}
				if res.StageChanged { // would add a stage change this test does not expect
					t.Fatalf("%s %s at %s changed the stage: %+v", typ, project, when, res)
				}
			}
		}
		stage := func(when time.Time, project, to string) {
			t.Helper()
			setClock(when)
			if _, err := e.admin().UpdateProject(ctx(), ids[project], wireapi.ProjectUpdate{GrowthStage: &to}); err != nil {
				t.Fatal(err)
			}
		}

		// Range 2026-06-29..2026-07-05 is [Mon Jun 29, Mon Jul 6); the
		// previous period is [Mon Jun 22, Mon Jun 29).
		interact(at(6, 21, 13, 0), "Aster", "view") // before both periods
		stage(at(6, 21, 13, 30), "Aster", "sprout") // before both periods
		interact(at(6, 23, 10, 15), "Aster", "view", "like")
		interact(at(6, 23, 10, 20), "Birch", "click")
		stage(at(6, 24, 8, 0), "Cedar", "sprout")
		stage(at(6, 26, 16, 0), "Cedar", "growing")
		interact(at(6, 28, 23, 59), "Cedar", "view") // last minute of the previous period
		interact(at(6, 29, 0, 0), "Cedar", "view")   // first instant of the range
		interact(at(6, 30, 10, 40), "Aster", "view", "view", "share")
		stage(at(7, 1, 9, 0), "Birch", "growing")
		interact(at(7, 1, 14, 5), "Birch", "hover")
		setClock(at(7, 7, 12, 0))

		wantCells := map[string][2]int64{ // project/weekday/hour: interactions, previous_interactions
			"Aster/2/10": {3, 2},
			"Birch/2/10": {0, 1},
			"Birch/3/14": {1, 0},
			"Cedar/0/23": {0, 1},
			"Cedar/1/0":  {1, 0},
		}
		wantChanges := []string{"Birch seed>growing 2026-07-01T09:00:00Z"}
		wantPrevious := []string{"Cedar seed>sprout 2026-06-24T08:00:00Z", "Cedar sprout>growing 2026-06-26T16:00:00Z"}

		check := func(t *testing.T) {
			res, raw := e.do("GET", "/api/v1/analytics/dashboard?date_range=2026-06-29..2026-07-05", "", e.adminHeader())
			if res.StatusCode != http.StatusOK {
				t.Fatalf("dashboard: %d %s", res.StatusCode, raw)
			}
			// Every field of the response is one the wire type declares.
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			var typed wireapi.AnalyticsDashboard
			if err := dec.Decode(&typed); err != nil {
				t.Fatalf("dashboard does not decode strictly into api.AnalyticsDashboard: %v", err)
			}
			var d map[string]any
			if err := json.Unmarshal(raw, &d); err != nil {
				t.Fatal(err)
			}
			prev, _ := d["previous"].(map[string]any)
			if prev["from"] != "2026-06-22T00:00:00Z" || prev["to"] != "2026-06-29T00:00:00Z" {
				t.Fatalf("previous = %v", d["previous"])
			}

			heat, ok := d["heatmap"].([]any)
			if !ok {
				t.Fatalf("heatmap = %v", d["heatmap"])
			}
			gotCells := map[string][2]int64{}
			for _, r := range heat {
				row := r.(map[string]any)
				wantKeys(t, "heatmap row", row, "project_id", "project_name", "projects", "interactions", "previous_interactions")
				name := row["project_name"].(string)
				if row["project_id"] != ids[name] || row["projects"] != float64(1) {
					t.Errorf("row %v: project_id is not %s's %s", row, name, ids[name])
				}
				cur, prev := row["interactions"].([]any), row["previous_interactions"].([]any)
				if len(cur) != wireapi.HeatmapHours || len(prev) != wireapi.HeatmapHours {
					t.Fatalf("row %s has %d and %d hours, want %d", name, len(cur), len(prev), wireapi.HeatmapHours)
				}
				for i := range cur {
					if n, p := int64(cur[i].(float64)), int64(prev[i].(float64)); n != 0 || p != 0 {
						gotCells[fmt.Sprintf("%s/%d/%d", name, i/24, i%24)] = [2]int64{n, p}
					}
				}
			}
			if fmt.Sprint(gotCells) != fmt.Sprint(wantCells) {
				t.Errorf("heatmap cells (interactions, previous_interactions):\n got %v\nwant %v", gotCells, wantCells)
			}

			g, ok := d["growth"].(map[string]any)
			if !ok {
				t.Fatalf("growth = %v", d["growth"])
			}
			wantKeys(t, "growth", g, "stage_changes", "previous_stage_changes", "changes", "previous_changes", "projects")
			if g["stage_changes"] != float64(len(wantChanges)) || g["previous_stage_changes"] != float64(len(wantPrevious)) {
				t.Errorf("stage_changes = %v, previous_stage_changes = %v, want %d and %d",
					g["stage_changes"], g["previous_stage_changes"], len(wantChanges), len(wantPrevious))
			}
			for _, list := range []struct {
				field string
				want  []string
			}{{"changes", wantChanges}, {"previous_changes", wantPrevious}} {
				items, ok := g[list.field].([]any)
				if !ok {
					t.Fatalf("growth.%s = %v", list.field, g[list.field])
				}
				got := []string{}
				for _, it := range items {
					c := it.(map[string]any)
					wantKeys(t, "growth."+list.field+" entry", c, "project_id", "project_name", "previous_stage", "new_stage", "at")
					name := c["project_name"].(string)
					if c["project_id"] != ids[name] {
						t.Errorf("%s entry %v: project_id is not %s's %s", list.field, c, name, ids[name])
					}
					when, err := time.Parse(time.RFC3339Nano, c["at"].(string))
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, fmt.Sprintf("%s %s>%s %s", name, c["previous_stage"], c["new_stage"], when.UTC().Format(time.RFC3339)))
				}
				if !slices.Equal(got, list.want) {
					t.Errorf("growth.%s:\n got %q\nwant %q", list.field, got, list.want)
				}
			}
		}

		t.Run("raw", check) // no rollup has run: every figure from raw rows
		if err := e.an.RollupAnalytics(ctx()); err != nil {
			t.Fatal(err)
		}
		t.Run("rollups", check)
	})
}

// wantKeys fails unless obj has exactly the given keys.
func wantKeys(t *testing.T, what string, obj map[string]any, keys ...string) {
	t.Helper()
	got := make([]string, 0, len(obj))
	for k := range obj {
		got = append(got, k)
	}
	slices.Sort(got)
	want := slices.Clone(keys)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s fields = %v, want %v", what, got, want)
	}
}
