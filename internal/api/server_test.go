package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

func TestOpenAPIListsEveryRoute(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	res, body := e.do("GET", "/openapi.json", "", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("openapi.json: %d", res.StatusCode)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	routes := e.server.Routes()
	n := 0
	for _, r := range routes {
		if strings.HasPrefix(r.Path, "/openapi") || strings.HasPrefix(r.Path, "/docs") ||
			r.Path == "/" || strings.HasPrefix(r.Path, "/assets/") {
			continue // the document and its viewer; the garden page (server.ui)
		}
		path := r.Path
		parts := strings.Split(path, "/")
		for i, p := range parts {
			if strings.HasPrefix(p, ":") {
				parts[i] = "{" + p[1:] + "}"
			}
		}
		path = strings.Join(parts, "/")
		if _, ok := doc.Paths[path][strings.ToLower(r.Method)]; !ok {
			t.Errorf("%s %s is not in the OpenAPI document", r.Method, path)
		}
		n++
	}
	if n < 25 {
		t.Errorf("only %d routes checked", n)
	}
	// Request bodies reject unknown fields.
	var full struct {
		Components struct {
			Schemas map[string]struct {
				AdditionalProperties *bool `json:"additionalProperties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	_ = json.Unmarshal(body, &full)
	for _, name := range []string{"PlantSeedRequest", "SeedData", "InteractionRequest", "ProjectCreate", "SessionReport", "MoodUpdate"} {
		s, ok := full.Components.Schemas[name]
		if !ok || s.AdditionalProperties == nil || *s.AdditionalProperties {
			t.Errorf("schema %s: additionalProperties must be false", name)
		}
	}
	res, body = e.do("GET", "/docs", "", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "/openapi") ||
		!strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src") {
		t.Errorf("docs: %d csp %q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}
}

func TestHeadersAndHealth(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		res, body := e.do("GET", "/readyz", "", map[string]string{"X-Request-ID": "trace-123", "Origin": "https://garden.example"})
		if res.StatusCode != http.StatusOK || !strings.Contains(string(body), db.Engine()) {
			t.Errorf("readyz: %d %s", res.StatusCode, body)
		}
		for k, want := range map[string]string{
			"X-Request-ID": "trace-123", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
			"Referrer-Policy": "strict-origin-when-cross-origin", "Access-Control-Allow-Origin": "https://garden.example",
			"Access-Control-Allow-Credentials": "true",
		} {
			if got := res.Header.Get(k); got != want {
				t.Errorf("%s = %q, want %q", k, got, want)
			}
		}
		insane := "bad id with spaces and 'quotes' \u00e9 that is far too long to be kept as a request id"
		res, _ = e.do("GET", "/healthz", "", map[string]string{"X-Request-ID": insane, "Origin": "https://evil.example"})
		if id := res.Header.Get("X-Request-ID"); id == "" || id == insane || strings.Contains(id, " ") {
			t.Errorf("insane request id kept: %q", id)
		}
		if res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("CORS granted to an unknown origin")
		}
		res, _ = e.do("OPTIONS", "/api/v1/garden", "", map[string]string{"Origin": "https://garden.example", "Access-Control-Request-Method": "POST"})
		if res.StatusCode != http.StatusNoContent || !strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "X-Visitor-Session") {
			t.Errorf("preflight: %d %v", res.StatusCode, res.Header)
		}
		res, body = e.do("GET", "/nowhere", "", nil)
		if res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("unknown route: %d %s", res.StatusCode, body)
		}
		// Behind a trusted proxy that says https, the cookie is Secure.
		e2 := newEnv(t, storetestOpen(t, db), func(c *config.Config) { c.Server.TrustedProxies = []string{"127.0.0.1/32"} })
		res, _ = e2.do("GET", "/api/v1/garden", "", map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
		if !strings.Contains(res.Header.Get("Set-Cookie"), "Secure") {
			t.Errorf("cookie behind TLS proxy = %q", res.Header.Get("Set-Cookie"))
		}
	})
}

func TestMetrics(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		v := e.visitor()
		_, _ = v.Garden(ctx(), wireapi.GardenParams{})
		_, _ = v.Project(ctx(), ids["Greenhouse"])
		if _, err := v.Interact(ctx(), ids["Greenhouse"], wireapi.InteractionRequest{InteractionType: "view"}); err != nil {
			t.Fatal(err)
		}
		stage := "blooming"
		if _, err := e.admin().UpdateProject(ctx(), ids["Vine UI"], wireapi.ProjectUpdate{GrowthStage: &stage}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.admin().MoodUpdate(ctx(), wireapi.MoodUpdate{WeatherType: "starry", Intensity: ptr(0.3)}); err != nil {
			t.Fatal(err)
		}
		_, body := e.do("GET", "/metrics", "", nil)
		for _, want := range []string{
			`api_requests_total{endpoint="/api/v1/projects/{project_id}",method="GET"} 1`,
			`api_requests_total{endpoint="/api/v1/garden",method="GET"} 1`,
			`request_duration_seconds_count`,
			`active_websockets_total 0`,
			`project_interactions_total{project_id="` + ids["Greenhouse"] + `"} 1`,
			`growth_stage_changes_total{from_stage="seed",to_stage="blooming"} 1`,
			`weather_changes_total{weather_type="starry"} 1`,
		} {
			if !strings.Contains(string(body), want) {
				t.Errorf("metrics lack %s", want)
			}
		}
	})
}

// slowBody sends its first bytes, then waits for release before the rest.
type slowBody struct {
	parts   []string
	release chan struct{}
	i       int
}

func (b *slowBody) Read(p []byte) (int, error) {
	if b.i >= len(b.parts) {
		return 0, io.EOF
	}
	if b.i == 1 {
		<-b.release
	}
	n := copy(p, b.parts[b.i])
	b.i++
	return n, nil
}

func TestRunFinishesInFlightRequests(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.server.Serve(runCtx, ln) }()
	base := "http://" + ln.Addr().String()
	tok, _ := wireapi.NewClient(base).Do(ctx(), "GET", "/healthz", nil, nil)
	if tok == nil || tok.Status != 200 {
		t.Fatalf("server not up")
	}
	body := &slowBody{parts: []string{`{"message":`, `"still here"}`}, release: make(chan struct{})}
	req, _ := http.NewRequest("POST", base+"/api/v1/system/announce", body)
	for k, v := range e.adminHeader() {
		req.Header.Set(k, v)
	}
	req.Header.Set("Content-Type", "application/json")
	resc := make(chan *http.Response, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("in-flight request failed: %v", err)
			resc <- nil
			return
		}
		resc <- res
	}()
	time.Sleep(100 * time.Millisecond) // the request is in flight
	cancel()
	time.Sleep(100 * time.Millisecond) // shutdown has begun
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), 200*time.Millisecond); err == nil {
		t.Errorf("new connections are still accepted during shutdown")
	}
	close(body.release)
	if res := <-resc; res == nil || res.StatusCode != http.StatusCreated {
		t.Errorf("in-flight request: %+v", res)
	} else {
		res.Body.Close()
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
}

// The enums the document publishes are the domain's vocabularies.
func TestOpenAPIEnumsMatchDomain(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	doc := e.server.OpenAPI()
	params := map[string][]any{}
	for _, p := range doc.Paths["/api/v1/garden"].Get.Parameters {
		if p.Schema != nil {
			params[p.Name] = p.Schema.Enum
		}
	}
	schemas := doc.Components.Schemas.Map()
	prop := func(schema, name string) []any { return schemas[schema].Properties[name].Enum }
	for name, c := range map[string]struct {
		got  []any
		want []string
	}{
		"season":           {params["season"], domain.Seasons},
		"weather_type":     {params["weather_type"], domain.WeatherTypes},
		"interaction_type": {prop("InteractionRequest", "interaction_type"), domain.InteractionTypes},
		"plant_type":       {prop("SeedData", "plant_type"), domain.PlantTypes},
		"mood weather":     {prop("MoodUpdate", "weather_type"), domain.WeatherTypes},
		"growth_stage":     {prop("ProjectCreate", "growth_stage"), domain.GrowthStages},
		"category":         {prop("SkillCreate", "category"), domain.SkillCategories},
		"connection_type":  {prop("ConnectionRequest", "connection_type"), domain.ConnectionTypes},
	} {
		got := make([]string, len(c.got))
		for i, v := range c.got {
			got[i], _ = v.(string)
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: document %v, domain %v", name, got, c.want)
		}
	}
}

// A browser origin that is not configured is refused its preflight with a
// problem that says which setting lets it in.
func TestCORSRefusalNamesTheSetting(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	for _, method := range []string{"GET", "POST", "DELETE"} {
		res, body := e.do("OPTIONS", "/api/v1/garden", "", map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": method})
		if res.StatusCode != http.StatusForbidden || res.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%s preflight: %d %s: %s", method, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
		var p wireapi.Problem
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatalf("not a problem: %s", body)
		}
		if p.Status != http.StatusForbidden || p.Title != "Forbidden" || !strings.Contains(p.Detail, "server.cors_origins") ||
			!strings.Contains(p.Detail, "https://evil.example") {
			t.Errorf("problem = %+v", p)
		}
		if res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("refused preflight grants CORS")
		}
	}
}
