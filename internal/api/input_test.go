package api_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

func TestBadInput(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		res, _ := e.do("GET", "/api/v1/garden", "", nil)
		visitor := map[string]string{"X-Visitor-Session": res.Header.Get("X-Visitor-Session")}
		admin := e.adminHeader()
		interact := "/api/v1/projects/" + ids["Greenhouse"] + "/interact"
		cases := []struct {
			name, method, path, body string
			header                   map[string]string
			status                   int
			location                 string // one of the errors[] must name it
		}{
			{"unknown field", "POST", interact, `{"interaction_type":"view","bogus":1}`, visitor, 422, "body.bogus"},
			{"nested unknown field", "POST", "/api/v1/garden/plant-seed", `{"seed_data":{"name":"x","colour":"red"},"position":{"x":0,"y":0,"z":0}}`, visitor, 422, "body.seed_data.colour"},
			{"wrong type", "POST", interact, `{"interaction_type":"view","duration_seconds":"long"}`, visitor, 422, "body.duration_seconds"},
			{"out of range", "POST", interact, `{"interaction_type":"dwell","duration_seconds":99999}`, visitor, 422, "body.duration_seconds"},
			{"unknown enum", "POST", interact, `{"interaction_type":"stare"}`, visitor, 422, "body.interaction_type"},
			{"missing field", "POST", interact, `{}`, visitor, 422, "body"},
			{"unknown query enum", "GET", "/api/v1/garden?season=monsoon", "", visitor, 422, "query.season"},
			{"unknown weather", "GET", "/api/v1/garden?weather_type=foggy", "", visitor, 422, "query.weather_type"},
			{"malformed uuid", "GET", "/api/v1/projects/12345", "", visitor, 422, "path.project_id"},
			{"malformed uuid admin", "DELETE", "/api/v1/admin/projects/nope", "", admin, 422, "path.project_id"},
			{"domain rule", "POST", "/api/v1/admin/projects", `{"name":"Bad <b>","github_repo":"not a repo"}`, admin, 422, "body.github_repo"},
			{"malformed json", "POST", interact, `{"interaction_type":`, visitor, 400, "body"},
			{"not json", "POST", "/api/v1/admin/skills", `name=Go`, admin, 400, ""},
			{"oversized", "POST", "/api/v1/system/announce", `{"message":"` + strings.Repeat("a", 70<<10) + `"}`, admin, 413, ""},
			{"unknown date range", "GET", "/api/v1/analytics/dashboard?date_range=1y", "", admin, 422, "query.date_range"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res, body := e.do(c.method, c.path, c.body, c.header)
				if res.StatusCode != c.status {
					t.Fatalf("status %d, want %d: %s", res.StatusCode, c.status, body)
				}
				if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("content type %q", ct)
				}
				var p wireapi.Problem
				if err := json.Unmarshal(body, &p); err != nil {
					t.Fatalf("not a problem: %s", body)
				}
				if p.Status != c.status || p.Title == "" || p.Detail == "" {
					t.Errorf("problem = %+v", p)
				}
				if c.location != "" && !slices.ContainsFunc(p.Errors, func(f wireapi.ProblemField) bool { return f.Location == c.location }) {
					t.Errorf("no error at %s: %s", c.location, body)
				}
			})
		}
	})
}

func TestProblemGolden(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		_, body := e.do("POST", "/api/v1/admin/skills", `{"name":"Go","proficiency_level":11,"category":"magic"}`, e.adminHeader())
		golden(t, "problem_validation", body)
		_, body = e.do("POST", "/api/v1/admin/projects", `{"name":"x","demo_url":"ftp://x"}`, e.adminHeader())
		golden(t, "problem_domain_validation", body)
		_, body = e.do("GET", "/api/v1/admin/seeds", "", nil)
		golden(t, "problem_unauthorized", body)
	})
}

func TestInteractionMetadata(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		v := e.visitor()
		_, _ = v.Garden(ctx(), wireapi.GardenParams{})
		res, err := v.Interact(ctx(), ids["Vine UI"], wireapi.InteractionRequest{InteractionType: "dwell",
			DurationSeconds: 12.5, Metadata: json.RawMessage(`{"section":"readme","depth":[1,2]}`)})
		if err != nil || !res.Recorded || res.VisitorInteractions != 1 {
			t.Fatalf("interact: %+v %v", res, err)
		}
		_, err = v.Interact(ctx(), ids["Vine UI"], wireapi.InteractionRequest{InteractionType: "view",
			Metadata: json.RawMessage(`{"big":"` + strings.Repeat("x", 3000) + `"}`)})
		if p := problem(t, err, 422); len(p.Errors) != 1 || p.Errors[0].Location != "body.metadata" {
			t.Errorf("oversized metadata: %v", p)
		}
		_, err = v.Interact(ctx(), ids["Secret Shrub"], wireapi.InteractionRequest{InteractionType: "view"})
		problem(t, err, 404)
		sess, _ := e.svc.Session(ctx(), v.Session())
		if sess.TimeSpentPerProject[ids["Vine UI"]] != 12.5 || sess.ClicksCount != 0 {
			t.Errorf("session = %+v", sess)
		}
	})
}
