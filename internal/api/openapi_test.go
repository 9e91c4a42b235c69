package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	valerrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/schema_validation"
)

// docs/openapi.json is what `greenhouse openapi` prints, so that clients
// generate from a committed file that matches the code.
func TestOpenAPIDocumentIsCommitted(t *testing.T) {
	got, err := api.Document()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../docs/openapi.json")
	if err != nil {
		t.Fatalf("%v: run `make openapi` to generate it", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		line := 0
		for line < len(gl) && line < len(wl) && gl[line] == wl[line] {
			line++
		}
		t.Fatalf("docs/openapi.json is stale (first difference at line %d): run `make openapi` to regenerate it", line+1)
	}
}

// contract validates every response a test server sends against the
// OpenAPI document: its status must be declared and its body must match the
// declared schema.
type contract struct {
	t         *testing.T
	validator validator.Validator
	doc       libopenapi.Document
	mu        sync.Mutex
	seen      map[string]bool // "METHOD /path status"
}

func newContract(t *testing.T) *contract {
	t.Helper()
	raw, err := api.Document()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	return &contract{t: t, validator: v, doc: doc, seen: map[string]bool{}}
}

// serve wraps h: each response is checked once it is complete.
func (c *contract) serve(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		c.check(r, rec)
	})
}

func (c *contract) check(r *http.Request, rec *httptest.ResponseRecorder) {
	body := rec.Body.Bytes()
	if rec.Header().Get("Content-Encoding") == "gzip" { // the document describes the decoded body
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err == nil {
			body, err = io.ReadAll(zr)
		}
		if err != nil {
			c.t.Errorf("%s %s: gzip body: %v", r.Method, r.URL.Path, err)
			return
		}
	}
	res := &http.Response{StatusCode: rec.Code, Header: rec.Header(), Body: io.NopCloser(bytes.NewReader(body)),
		Request: r}
	key := fmt.Sprintf("%s %s %d", r.Method, r.URL.Path, rec.Code)
	c.mu.Lock()
	c.seen[key] = true
	c.mu.Unlock()
	if ok, errs := c.validator.ValidateHttpResponse(r, res); !ok {
		for _, e := range errs {
			c.t.Errorf("%s: the response does not match docs/openapi.json: %s\n%s", key, describe(e),
				truncate(rec.Body.String(), 600))
		}
	}
}

// sent reports whether a response with this method, path prefix and status
// was checked.
func (c *contract) sent(method, pathPrefix string, status int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.seen {
		var m, p string
		var code int
		if _, err := fmt.Sscanf(k, "%s %s %d", &m, &p, &code); err == nil && m == method &&
			strings.HasPrefix(p, pathPrefix) && code == status {
			return true
		}
	}
	return false
}

// event checks a stored event, as /ws/garden sends it, against GardenEvent.
func (c *contract) event(raw []byte) {
	model, err := c.doc.BuildV3Model()
	if err != nil {
		c.t.Fatal(err)
	}
	schema := model.Model.Components.Schemas.GetOrZero("GardenEvent").Schema()
	if ok, errs := schema_validation.NewSchemaValidator().ValidateSchemaBytes(schema, raw); !ok {
		for _, e := range errs {
			c.t.Errorf("event %s does not match GardenEvent: %s", raw, describe(e))
		}
	}
}

func describe(e *valerrors.ValidationError) string {
	detail := e.Message + ": " + e.Reason
	for _, sv := range e.SchemaValidationErrors {
		detail += "; " + sv.FieldPath + ": " + sv.Reason
	}
	return detail
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// Every main route, driven through the real handler on each engine, answers
// what the document says: successes, 304, and the problems 400, 401, 404,
// 409, 413, 422 and 429. The stored events match their socket schemas.
func TestResponsesMatchOpenAPI(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		base := newEnv(t, db)
		c := newContract(t)
		ts := httptest.NewServer(c.serve(base.server.Handler()))
		t.Cleanup(ts.Close)
		e := *base
		e.ts = ts
		visitor, admin := e.visitor(), e.admin()

		// An empty garden: every list is [] (the document says never null).
		if _, err := visitor.Garden(ctx(), wireapi.GardenParams{}); err != nil {
			t.Fatal(err)
		}
		proj, err := admin.CreateProject(ctx(), wireapi.ProjectCreate{Name: "Tidepool", Technologies: []string{"go"},
			GithubRepo: "octo/tidepool", DemoURL: "https://tidepool.example"})
		if err != nil {
			t.Fatal(err)
		}
		other, err := admin.CreateProject(ctx(), wireapi.ProjectCreate{Name: "Lantern", Technologies: []string{"go", "ts"}})
		if err != nil {
			t.Fatal(err)
		}
		sk, err := admin.CreateSkill(ctx(), wireapi.SkillCreate{Name: "Go", Category: "backend"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := admin.CreateSkill(ctx(), wireapi.SkillCreate{Name: "SQL", Category: "data"}); err != nil {
			t.Fatal(err)
		}
		if _, err := admin.Connect(ctx(), wireapi.ConnectionRequest{SkillA: "Go", SkillB: "SQL"}); err != nil {
			t.Fatal(err)
		}
		stage := "growing"
		if _, err := admin.UpdateProject(ctx(), proj.ID, wireapi.ProjectUpdate{GrowthStage: &stage}); err != nil {
			t.Fatal(err)
		}
		if _, err := admin.UpdateSkill(ctx(), sk.ID, wireapi.SkillUpdate{ProficiencyLevel: new(7)}); err != nil {
			t.Fatal(err)
		}
		if _, err := admin.Announce(ctx(), "the greenhouse is open"); err != nil {
			t.Fatal(err)
		}
		intensity := 0.7
		if _, err := admin.MoodUpdate(ctx(), wireapi.MoodUpdate{WeatherType: "aurora", Intensity: &intensity}); err != nil {
			t.Fatal(err)
		}

		res, _ := e.do("GET", "/api/v1/garden", "", nil)
		e.do("GET", "/api/v1/garden", "", map[string]string{"If-None-Match": res.Header.Get("ETag"),
			"X-Visitor-Session": res.Header.Get("X-Visitor-Session")})
		e.do("GET", "/api/v1/garden?season=summer&weather_type=stormy", "", nil)
		e.do("GET", "/api/v1/garden?season=monsoon", "", nil)
		if _, err := visitor.Weather(ctx()); err != nil {
			t.Fatal(err)
		}
		res, _ = e.do("GET", "/api/v1/projects/"+proj.ID, "", nil)
		e.do("GET", "/api/v1/projects/"+proj.ID, "", map[string]string{"If-None-Match": res.Header.Get("ETag")})
		e.do("GET", "/api/v1/projects/00000000-0000-7000-8000-00000000ffff", "", nil)
		e.do("GET", "/api/v1/projects/not-a-uuid", "", nil)
		for _, kind := range []string{"view", "click", "dwell"} {
			if _, err := visitor.Interact(ctx(), other.ID, wireapi.InteractionRequest{InteractionType: kind, DurationSeconds: 3}); err != nil {
				t.Fatal(err)
			}
		}
		e.do("POST", "/api/v1/projects/"+proj.ID+"/interact", `{"interaction_type":"view"}`, nil) // no session: 401
		e.do("POST", "/api/v1/projects/"+proj.ID+"/interact", `{"interaction_type":"wave"}`, nil)
		e.do("POST", "/api/v1/projects/"+proj.ID+"/interact", `{"interaction_type":`, nil)
		e.do("POST", "/api/v1/projects/"+proj.ID+"/interact", `{"metadata":"`+strings.Repeat("x", 70<<10)+`"}`, nil)
		if _, err := visitor.ReportSession(ctx(), wireapi.SessionReport{Area: new("skills")}); err != nil {
			t.Fatal(err)
		}
		e.do("POST", "/api/v1/session", `{}`, map[string]string{"DNT": "1"})
		if _, err := visitor.PlantSeed(ctx(), wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: "Moss"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := visitor.Garden(ctx(), wireapi.GardenParams{}); err != nil { // with this visitor's own seed
			t.Fatal(err)
		}
		seeds, err := admin.ListSeeds(ctx(), "pending")
		if err != nil || len(seeds) != 1 {
			t.Fatalf("seeds: %v %v", seeds, err)
		}
		approve := "approved"
		if _, err := admin.UpdateProject(ctx(), seeds[0].ID, wireapi.ProjectUpdate{Moderation: &approve}); err != nil {
			t.Fatal(err)
		}
		e.do("POST", "/api/v1/admin/projects", `{"name":"tidepool"}`, e.adminHeader()) // 409
		e.do("POST", "/api/v1/admin/projects", `{"name":"x"}`, nil)                    // 401
		e.do("DELETE", "/api/v1/admin/skills/00000000-0000-7000-8000-00000000ffff", "", e.adminHeader())
		for range 6 {
			e.do("POST", "/api/v1/auth/token", `{"password":"wrong"}`, nil)
		}
		for _, path := range []string{"/api/v1/analytics/dashboard?date_range=30d", "/api/v1/analytics/realtime",
			"/api/v1/integrations/github/sync", "/api/v1/integrations/spotify/current", "/healthz", "/readyz"} {
			e.do("GET", path, "", e.adminHeader())
		}
		e.do("GET", "/api/v1/analytics/dashboard?date_range=soon", "", e.adminHeader())
		e.do("POST", "/api/v1/integrations/github/sync", "", e.adminHeader())
		for range 100 {
			e.do("GET", "/api/v1/garden/weather", "", nil)
		}
		if _, err := admin.Disconnect(ctx(), "Go", "SQL"); err != nil {
			t.Fatal(err)
		}
		if _, err := admin.DeleteSkill(ctx(), sk.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := admin.DeleteProject(ctx(), other.ID); err != nil {
			t.Fatal(err)
		}

		for _, want := range []struct {
			method, path string
			status       int
		}{
			{"GET", "/api/v1/garden", 200}, {"GET", "/api/v1/garden", 304}, {"GET", "/api/v1/garden", 422},
			{"GET", "/api/v1/garden/weather", 429}, {"GET", "/api/v1/projects/", 200}, {"GET", "/api/v1/projects/", 304},
			{"GET", "/api/v1/projects/", 404}, {"POST", "/api/v1/projects/", 200}, {"POST", "/api/v1/projects/", 401},
			{"POST", "/api/v1/projects/", 400}, {"POST", "/api/v1/projects/", 413}, {"POST", "/api/v1/projects/", 422},
			{"POST", "/api/v1/session", 200}, {"POST", "/api/v1/garden/plant-seed", 201},
			{"GET", "/api/v1/admin/seeds", 200}, {"PATCH", "/api/v1/admin/projects/", 200},
			{"POST", "/api/v1/admin/projects", 201}, {"POST", "/api/v1/admin/projects", 409},
			{"POST", "/api/v1/admin/projects", 401}, {"DELETE", "/api/v1/admin/skills/", 404},
			{"POST", "/api/v1/auth/token", 401}, {"POST", "/api/v1/auth/token", 429},
			{"GET", "/api/v1/analytics/dashboard", 200}, {"GET", "/api/v1/analytics/dashboard", 422},
			{"GET", "/api/v1/analytics/realtime", 200}, {"POST", "/api/v1/integrations/github/sync", 403},
			{"PUT", "/api/v1/admin/connections", 201}, {"DELETE", "/api/v1/admin/connections", 200},
		} {
			if !c.sent(want.method, want.path, want.status) {
				t.Errorf("no %d from %s %s was checked", want.status, want.method, want.path)
			}
		}

		events, err := e.svc.EventsSince(ctx(), 0, 1000)
		if err != nil || len(events) < 8 {
			t.Fatalf("events: %d %v", len(events), err)
		}
		for _, ev := range events {
			raw, err := json.Marshal(wire.Event(ev))
			if err != nil {
				t.Fatal(err)
			}
			c.event(raw)
		}
	})
}
