package api_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/cache"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// seedGarden plants three public projects, one private, two skills and a
// connection, and sets the weather.
func seedGarden(t *testing.T, e *env) (ids map[string]string) {
	t.Helper()
	ids = map[string]string{}
	for _, in := range []domain.PlantInput{
		{Name: "Greenhouse", Description: "This site", PlantType: "tree", Technologies: []string{"Go", "PostgreSQL"},
			GithubRepo: "greenhouse-garden/greenhouse", DemoURL: "https://garden.example", Position: domain.Position{X: 1, Y: 0, Z: 2}},
		{Name: "Fern CLI", PlantType: "fern", Technologies: []string{"go", "Cobra"}, Position: domain.Position{X: -3}},
		{Name: "Vine UI", PlantType: "vine", Technologies: []string{"TypeScript"}, Status: "featured"},
		{Name: "Secret Shrub", PlantType: "shrub", Technologies: []string{"Go"}, Visibility: "private"},
	} {
		p, err := e.svc.PlantProject(ctx(), in)
		if err != nil {
			t.Fatal(err)
		}
		ids[p.Name] = p.ID.String()
	}
	for _, in := range []domain.SkillInput{
		{Name: "Go", Category: "backend", ConstellationGroup: "systems", ProficiencyLevel: 8},
		{Name: "PostgreSQL", Category: "data", ConstellationGroup: "systems", ProficiencyLevel: 6},
	} {
		sk, err := e.svc.AddSkill(ctx(), in)
		if err != nil {
			t.Fatal(err)
		}
		ids["skill:"+sk.Name] = sk.ID.String()
	}
	if _, _, err := e.svc.Connect(ctx(), domain.ConnectInput{A: "Go", B: "PostgreSQL"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.SetWeather(ctx(), domain.WeatherInput{WeatherType: "aurora", Intensity: 0.75,
		TimeOfDay: "dusk", Season: "summer"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddProjectMedia(ctx(), ids["Greenhouse"], domain.MediaInput{Kind: "image",
		URL: "https://garden.example/dusk.png", Caption: "The garden at dusk", AltText: "Glowing plants under an aurora"}); err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestGarden(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		res, body := e.do("GET", "/api/v1/garden", "", nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", res.StatusCode, body)
		}
		golden(t, "garden", body)
		tok := res.Header.Get("X-Visitor-Session")
		if len(tok) < 22 { // 128 bits in base64url
			t.Fatalf("session token %q is too short", tok)
		}
		cookie := res.Header.Get("Set-Cookie")
		for _, want := range []string{"greenhouse_session=" + tok, "HttpOnly", "SameSite=Lax"} {
			if !strings.Contains(cookie, want) {
				t.Errorf("cookie %q lacks %q", cookie, want)
			}
		}
		if strings.Contains(cookie, "Secure") {
			t.Errorf("cookie over plain HTTP must not be Secure: %q", cookie)
		}
		if strings.Contains(string(body), ids["Secret Shrub"]) {
			t.Error("the private project is in the garden")
		}

		// The cookie alone identifies the visitor too.
		res, _ = e.do("GET", "/api/v1/garden", "", map[string]string{"Cookie": "greenhouse_session=" + tok})
		if res.Header.Get("X-Visitor-Session") != "" {
			t.Errorf("a known visitor got a new session")
		}

		// Viewing a project personalises the garden.
		res, body = e.do("POST", "/api/v1/projects/"+ids["Fern CLI"]+"/interact", `{"interaction_type":"view"}`,
			map[string]string{"X-Visitor-Session": tok})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("interact %d: %s", res.StatusCode, body)
		}
		golden(t, "interact", body)
		_, body = e.do("GET", "/api/v1/garden?season=winter&weather_type=stormy", "", map[string]string{"X-Visitor-Session": tok})
		var g wireapi.Garden
		if err := json.Unmarshal(body, &g); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(g.Personalization.ViewedProjectIDs, []string{ids["Fern CLI"]}) {
			t.Errorf("viewed = %v", g.Personalization.ViewedProjectIDs)
		}
		if len(g.Personalization.Suggestions) != 1 || g.Personalization.Suggestions[0].ID != ids["Greenhouse"] {
			t.Errorf("suggestions = %+v, want Greenhouse (shares Go)", g.Personalization.Suggestions)
		}
		if g.Season != "winter" || g.Weather.Season != "winter" || g.Weather.WeatherType != "stormy" {
			t.Errorf("overrides not applied: season %s/%s weather %s", g.Season, g.Weather.Season, g.Weather.WeatherType)
		}
		// The override only changes the response.
		w, err := e.visitor().Weather(ctx())
		if err != nil || w.WeatherType != "aurora" {
			t.Errorf("weather = %+v, %v", w, err)
		}
	})
}

func TestProjectDetail(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		if err := e.svc.RefreshGardenSummary(ctx()); err != nil {
			t.Fatal(err)
		}
		res, body := e.do("GET", "/api/v1/projects/"+ids["Greenhouse"], "", nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", res.StatusCode, body)
		}
		golden(t, "project", body)
		for name, path := range map[string]string{
			"private": "/api/v1/projects/" + ids["Secret Shrub"],
			"unknown": "/api/v1/projects/0190a5c4-0000-7000-8000-00000000ffff",
		} {
			res, body := e.do("GET", path, "", nil)
			if res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: %d %s %s", name, res.StatusCode, res.Header.Get("Content-Type"), body)
			}
		}
		res, body = e.do("GET", "/api/v1/projects/not-a-uuid", "", nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"path.project_id"`) {
			t.Errorf("malformed id: %d %s", res.StatusCode, body)
		}
	})
}

func TestETag(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		res, _ := e.do("GET", "/api/v1/garden", "", nil)
		tok := res.Header.Get("X-Visitor-Session")
		for _, path := range []string{"/api/v1/garden", "/api/v1/projects/" + ids["Greenhouse"]} {
			h := map[string]string{"X-Visitor-Session": tok}
			res, _ := e.do("GET", path, "", h)
			etag := res.Header.Get("ETag")
			if etag == "" {
				t.Fatalf("%s: no ETag", path)
			}
			h["If-None-Match"] = etag
			res, body := e.do("GET", path, "", h)
			if res.StatusCode != http.StatusNotModified || len(body) != 0 || res.Header.Get("ETag") != etag {
				t.Errorf("%s: want 304 with ETag and no body, got %d %q %s", path, res.StatusCode, res.Header.Get("ETag"), body)
			}
			h["If-None-Match"] = `"stale"`
			if res, _ := e.do("GET", path, "", h); res.StatusCode != http.StatusOK {
				t.Errorf("%s: stale ETag got %d", path, res.StatusCode)
			}
		}
	})
}

func TestWriteInvalidatesCache(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		v, admin := e.visitor(), e.admin()
		g, err := v.Garden(ctx(), wireapi.GardenParams{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Project(ctx(), ids["Vine UI"]); err != nil {
			t.Fatal(err)
		}
		// A write straight to the database is not seen: the garden is cached.
		if _, err := e.svc.PlantProject(ctx(), domain.PlantInput{Name: "Behind the cache"}); err != nil {
			t.Fatal(err)
		}
		if again, _ := v.Garden(ctx(), wireapi.GardenParams{}); len(again.Projects) != len(g.Projects) {
			t.Fatalf("the garden was not cached")
		}
		// A write through the API invalidates it.
		planted, err := admin.PlantSeed(ctx(), wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: "Fresh Herb",
			PlantType: "herb", Technologies: []string{"TypeScript"}}, Position: wireapi.Position{X: 4}})
		if err != nil {
			t.Fatal(err)
		}
		if planted.Project.Origin != "owner" || !planted.Visible {
			t.Errorf("admin planting = %+v", planted)
		}
		g2, err := v.Garden(ctx(), wireapi.GardenParams{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(g2.Projects, func(p wireapi.Project) bool { return p.ID == planted.Project.ID }) {
			t.Errorf("the planted project is missing after the write")
		}
		d, err := v.Project(ctx(), ids["Vine UI"])
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(d.RelatedProjects, func(p wireapi.Project) bool { return p.Name == "Fresh Herb" }) {
			t.Errorf("project details were not invalidated: related = %+v", d.RelatedProjects)
		}
		// Weather: a mood update shows at once.
		if _, err := admin.MoodUpdate(ctx(), wireapi.MoodUpdate{WeatherType: "stormy", Intensity: ptr(0.9)}); err != nil {
			t.Fatal(err)
		}
		if w, _ := v.Weather(ctx()); w.WeatherType != "stormy" {
			t.Errorf("weather after mood update = %s", w.WeatherType)
		}
		if g3, _ := v.Garden(ctx(), wireapi.GardenParams{}); g3.Weather.WeatherType != "stormy" {
			t.Errorf("garden weather after mood update = %s", g3.Weather.WeatherType)
		}
	})
}

func TestVisitorSeeds(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		seedGarden(t, e)
		a, b, admin := e.visitor(), e.visitor(), e.admin()
		if _, err := a.Garden(ctx(), wireapi.GardenParams{}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Garden(ctx(), wireapi.GardenParams{}); err != nil {
			t.Fatal(err)
		}
		planted, err := a.PlantSeed(ctx(), wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: "A's daisy",
			Description: "a small flower", PlantType: "flower"}, Position: wireapi.Position{X: 1, Y: 1}})
		if err != nil {
			t.Fatal(err)
		}
		p := planted.Project
		if p.Origin != "visitor" || p.Moderation != "pending" || planted.Visible {
			t.Fatalf("visitor seed = %+v", planted)
		}
		// A views a project too: that is A's alone.
		ga0, _ := a.Garden(ctx(), wireapi.GardenParams{})
		if _, err := a.Interact(ctx(), ga0.Projects[0].ID, wireapi.InteractionRequest{InteractionType: "like"}); err != nil {
			t.Fatal(err)
		}
		ga, err := a.Garden(ctx(), wireapi.GardenParams{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(ga.Projects, func(x wireapi.Project) bool { return x.ID == p.ID }) {
			t.Errorf("the planter does not see their pending seed")
		}
		if len(ga.Personalization.ViewedProjectIDs) != 1 {
			t.Errorf("A's viewed ids = %v", ga.Personalization.ViewedProjectIDs)
		}
		_, raw := e.do("GET", "/api/v1/garden", "", map[string]string{"X-Visitor-Session": b.Session()})
		if strings.Contains(string(raw), p.ID) || strings.Contains(string(raw), "A's daisy") {
			t.Errorf("B sees A's pending seed")
		}
		var gb wireapi.Garden
		_ = json.Unmarshal(raw, &gb)
		if len(gb.Personalization.ViewedProjectIDs) != 0 || len(gb.Personalization.Suggestions) != 0 {
			t.Errorf("B sees A's personalisation: %+v", gb.Personalization)
		}
		if _, err := b.Project(ctx(), p.ID); err == nil {
			t.Errorf("B can open A's pending seed")
		}
		// The owner approves it: everyone sees it.
		pending, err := admin.ListSeeds(ctx(), "pending")
		if err != nil || len(pending) != 1 {
			t.Fatalf("pending seeds = %v, %v", pending, err)
		}
		approved := "approved"
		if _, err := admin.UpdateProject(ctx(), p.ID, wireapi.ProjectUpdate{Moderation: &approved}); err != nil {
			t.Fatal(err)
		}
		gb2, _ := b.Garden(ctx(), wireapi.GardenParams{})
		if !slices.ContainsFunc(gb2.Projects, func(x wireapi.Project) bool { return x.ID == p.ID }) {
			t.Errorf("B does not see the approved seed")
		}
		// Visitor limits: 60 characters, plain text.
		_, err = a.PlantSeed(ctx(), wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: strings.Repeat("n", 61),
			Description: "<b>bold</b>"}})
		pr := problem(t, err, http.StatusUnprocessableEntity)
		locs := []string{}
		for _, f := range pr.Errors {
			locs = append(locs, f.Location)
		}
		if !slices.Equal(locs, []string{"body.seed_data.description", "body.seed_data.name"}) {
			t.Errorf("locations = %v", locs)
		}
		// No session, no seed.
		_, err = e.visitor().PlantSeed(ctx(), wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: "x"}})
		problem(t, err, http.StatusUnauthorized)
	})
}

func TestVisitorSeedModes(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		off := newEnv(t, db, func(c *config.Config) { c.Garden.VisitorSeeds = "off" })
		v := off.visitor()
		_, _ = v.Garden(ctx(), wireapi.GardenParams{})
		_, err := v.PlantSeed(ctx(), wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: "x"}})
		problem(t, err, http.StatusForbidden)

		open := newEnv(t, storetestOpen(t, db), func(c *config.Config) {
			c.Garden.VisitorSeeds = "open"
			c.Garden.MaxVisitorSeeds = 2
		})
		a, b := open.visitor(), open.visitor()
		_, _ = a.Garden(ctx(), wireapi.GardenParams{})
		for i := range 2 {
			planted, err := a.PlantSeed(ctx(), wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: "Seed " + string(rune('A'+i))}})
			if err != nil || !planted.Visible || planted.Project.Moderation != "approved" {
				t.Fatalf("open seed %d = %+v, %v", i, planted, err)
			}
		}
		gb, _ := b.Garden(ctx(), wireapi.GardenParams{})
		if len(gb.Projects) != 2 {
			t.Errorf("B sees %d open seeds, want 2", len(gb.Projects))
		}
		_, err = a.PlantSeed(ctx(), wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: "One too many"}})
		problem(t, err, http.StatusConflict)
	})
}

func TestPlantSeedRateLimit(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		v := e.visitor()
		_, _ = v.Garden(ctx(), wireapi.GardenParams{})
		for i := range 5 {
			if _, err := v.PlantSeed(ctx(), wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: "Seed " + string(rune('A'+i))}}); err != nil {
				t.Fatalf("seed %d: %v", i+1, err)
			}
		}
		res, err := v.Do(ctx(), "POST", "/api/v1/garden/plant-seed", wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: "Sixth"}}, nil)
		problem(t, err, http.StatusTooManyRequests)
		if len(res.Header.Values("Retry-After")) != 1 || res.Header.Get("Retry-After") == "0" ||
			len(res.Header.Values("X-RateLimit-Limit")) != 1 || res.Header.Get("X-RateLimit-Limit") != "5" ||
			res.Header.Get("X-RateLimit-Remaining") != "0" || res.Header.Get("X-RateLimit-Reset") == "" {
			t.Errorf("429 headers = %v", res.Header)
		}
		if res.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("content type %q", res.Header.Get("Content-Type"))
		}
		// A minute later the visitor may plant again.
		e.clock.Add(61 * time.Second)
		if _, err := v.PlantSeed(ctx(), wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: "Later"}}); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
}

func TestRateLimitDisabled(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(c *config.Config) { c.RateLimit.Enabled = false })
		v := e.visitor()
		_, _ = v.Garden(ctx(), wireapi.GardenParams{})
		for i := range 7 {
			if _, err := v.PlantSeed(ctx(), wireapi.PlantSeedRequest{SeedData: wireapi.SeedData{Name: "Seed " + string(rune('A'+i))}}); err != nil {
				t.Fatalf("seed %d: %v", i+1, err)
			}
		}
	})
}

func TestDoNotTrackAndBots(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		for name, h := range map[string]map[string]string{
			"dnt":  {"DNT": "1"},
			"gpc":  {"Sec-GPC": "1"},
			"bot":  {"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"},
			"curl": {"User-Agent": "curl/8.5.0"},
		} {
			res, body := e.do("GET", "/api/v1/garden", "", h)
			if res.StatusCode != http.StatusOK || res.Header.Get("X-Visitor-Session") != "" || res.Header.Get("Set-Cookie") != "" {
				t.Errorf("%s: %d session %q cookie %q", name, res.StatusCode, res.Header.Get("X-Visitor-Session"), res.Header.Get("Set-Cookie"))
			}
			if !strings.Contains(string(body), `"tracked":false`) {
				t.Errorf("%s: not marked untracked", name)
			}
			res, body = e.do("POST", "/api/v1/projects/"+ids["Greenhouse"]+"/interact", `{"interaction_type":"click"}`, h)
			if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"recorded":false`) {
				t.Errorf("%s interact: %d %s", name, res.StatusCode, body)
			}
		}
		d, err := e.visitor().Project(ctx(), ids["Greenhouse"])
		if err != nil || d.Project.VisitorInteractions != 0 {
			t.Errorf("untracked interactions were recorded: %+v %v", d, err)
		}
	})
}

func TestSessionReport(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		v := e.visitor()
		_, err := v.ReportSession(ctx(), wireapi.SessionReport{})
		problem(t, err, http.StatusUnauthorized)
		_, _ = v.Garden(ctx(), wireapi.GardenParams{})
		str := func(s string) *string { return &s }
		depth := 42.5
		steps := []wireapi.SessionReport{
			{Referrer: str("https://news.example.com/item?id=1"), ScreenResolution: str("1920x1080"), Area: str("garden")},
			{ScrollDepthPercent: &depth, Area: str("constellation")},
			{Leaving: true},
		}
		var st *wireapi.SessionState
		for _, r := range steps {
			e.clock.Add(10 * time.Second)
			if st, err = v.ReportSession(ctx(), r); err != nil {
				t.Fatal(err)
			}
		}
		if st.EntryPoint != "news.example.com" || st.ScreenResolution != "1920x1080" || st.ExitPoint != "constellation" ||
			!slices.Equal(st.JourneyPath, []string{"garden", "constellation"}) || st.EndedAt == nil ||
			st.ScrollDepthPercent == nil || *st.ScrollDepthPercent != 42.5 || st.TotalTimeSeconds != 30 ||
			st.Browser != "firefox" || st.DeviceType != "desktop" {
			t.Errorf("session = %+v", st)
		}
		sess, err := e.svc.Session(ctx(), v.Session())
		if err != nil {
			t.Fatal(err)
		}
		if len(sess.IPHash) != 64 || strings.Contains(sess.UserAgent, "Mozilla") {
			t.Errorf("stored ip_hash %q, user_agent %q", sess.IPHash, sess.UserAgent)
		}
		_, err = v.ReportSession(ctx(), wireapi.SessionReport{ScrollDepthPercent: ptr(101.0)})
		problem(t, err, http.StatusUnprocessableEntity)
	})
}

func ptr[T any](v T) *T { return &v }

// GET /garden is served outside huma (gardenDirect): its refusals must look
// exactly like every other route's.
func TestGardenRateLimitAndProblems(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		v := e.visitor()
		// The first request, which starts the session, counts against the
		// visitor's address hash; the next 100 against the session.
		for i := range 101 {
			if _, err := v.Garden(ctx(), wireapi.GardenParams{}); err != nil {
				t.Fatalf("garden %d: %v", i+1, err)
			}
		}
		res, err := v.Do(ctx(), "GET", "/api/v1/garden", nil, nil)
		problem(t, err, http.StatusTooManyRequests)
		if res.Header.Get("Retry-After") == "" || res.Header.Get("X-RateLimit-Limit") != "100" ||
			res.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("429 headers = %v", res.Header)
		}
		var p struct {
			Status int    `json:"status"`
			Title  string `json:"title"`
			Detail string `json:"detail"`
		}
		if err := json.Unmarshal(res.Body, &p); err != nil || p.Status != 429 || p.Title != "Too Many Requests" || p.Detail == "" {
			t.Errorf("429 body %s (%v)", res.Body, err)
		}

		res2, body := e.do("GET", "/api/v1/garden?weather_type=drizzle", "", nil)
		var bad struct {
			Status int `json:"status"`
			Errors []struct {
				Location string `json:"location"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(body, &bad); err != nil || res2.StatusCode != 422 || bad.Status != 422 ||
			len(bad.Errors) != 1 || bad.Errors[0].Location != "query.weather_type" ||
			res2.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("bad weather_type: %d %s", res2.StatusCode, body)
		}
	})
}

// Interactions do not invalidate the cached garden and project pages one by
// one: their counts show there within countsFreshness (a second).
func TestInteractionCountsReachTheCaches(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		v := e.visitor()
		count := func() (garden, page int) {
			g, err := v.Garden(ctx(), wireapi.GardenParams{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range g.Projects {
				if p.ID == ids["Greenhouse"] {
					garden = p.VisitorInteractions
				}
			}
			d, err := v.Project(ctx(), ids["Greenhouse"])
			if err != nil {
				t.Fatal(err)
			}
			return garden, d.Project.VisitorInteractions
		}
		if g, p := count(); g != 0 || p != 0 { // both now cached
			t.Fatalf("before: garden %d, page %d", g, p)
		}
		for range 3 {
			if _, err := v.Interact(ctx(), ids["Greenhouse"], wireapi.InteractionRequest{InteractionType: "view"}); err != nil {
				t.Fatal(err)
			}
		}
		if g, p := count(); g != 0 || p != 0 { // batched: not one invalidation per interaction
			t.Fatalf("at once: garden %d, page %d, want the cached 0 and 0", g, p)
		}
		e.clock.Add(1100 * time.Millisecond)
		if g, p := count(); g != 3 || p != 3 {
			t.Fatalf("a second later: garden %d, page %d, want 3 and 3", g, p)
		}
	})
}

// Two replicas share the database and the cache. Interactions recorded on A
// reach the garden B serves once a second has passed on both (A's flush
// ticker, then B's near-cache expiry), though A serves no read after them.
func TestCountsReachAnotherReplica(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		shared := cache.NewMemory(time.Now, 1024)
		useShared := func(d *api.Deps) { d.Cache = shared }
		a := newEnvWith(t, db, useShared)
		b := newEnvWith(t, db, useShared)
		ids := seedGarden(t, a)

		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		serveCtx, stop := context.WithCancel(context.Background())
		served := make(chan error, 1)
		go func() { served <- a.server.Serve(serveCtx, ln) }()
		t.Cleanup(func() { stop(); <-served })

		count := func(c *wireapi.Client) int {
			g, err := c.Garden(ctx(), wireapi.GardenParams{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range g.Projects {
				if p.ID == ids["Greenhouse"] {
					return p.VisitorInteractions
				}
			}
			t.Fatal("Greenhouse is not in the garden")
			return 0
		}
		onB := b.visitor()
		if n := count(onB); n != 0 {
			t.Fatalf("before: %d", n)
		}
		onA := wireapi.NewClient("http://"+ln.Addr().String(), wireapi.WithUserAgent(browserUA))
		_ = count(onA) // a session on A
		for range 2 {
			if _, err := onA.Interact(ctx(), ids["Greenhouse"], wireapi.InteractionRequest{InteractionType: "view"}); err != nil {
				t.Fatal(err)
			}
		}
		if n := count(onB); n != 0 {
			t.Fatalf("at once: %d, want B's cached 0", n)
		}
		a.clock.Add(1100 * time.Millisecond) // A's counts are due: its ticker flushes them
		// B asks the shared cache again every nearTTL (a second on its clock);
		// A's ticker runs on the wall clock, within a second.
		deadline := time.Now().Add(5 * time.Second)
		for {
			b.clock.Add(1100 * time.Millisecond)
			if count(onB) == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the interactions on A never reached B's garden")
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}
