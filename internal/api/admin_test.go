package api_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/worker"

	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

func TestAdminCRUD(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		admin := e.admin()
		res, err := admin.Do(ctx(), "POST", "/api/v1/admin/projects", wireapi.ProjectCreate{Name: "Orchard",
			PlantType: "tree", Technologies: []string{"Rust"}, Position: wireapi.Position{X: 5, Y: 0, Z: -5}}, nil)
		if err != nil || res.Status != http.StatusCreated {
			t.Fatalf("create project: %v %v", res, err)
		}
		golden(t, "admin_project_created", res.Body)
		ps, _ := admin.ListSeeds(ctx(), "")
		if len(ps) != 0 {
			t.Errorf("owner projects listed as seeds")
		}
		_, err = admin.CreateProject(ctx(), wireapi.ProjectCreate{Name: "orchard"})
		problem(t, err, http.StatusConflict)

		g, _ := e.visitor().Garden(ctx(), wireapi.GardenParams{})
		id := g.Projects[0].ID
		name, private := "Old Orchard", "private"
		p, err := admin.UpdateProject(ctx(), id, wireapi.ProjectUpdate{Name: &name})
		if err != nil || p.Name != name {
			t.Fatalf("update: %+v %v", p, err)
		}
		if _, err := admin.UpdateProject(ctx(), id, wireapi.ProjectUpdate{Visibility: &private}); err != nil {
			t.Fatal(err)
		}
		_, err = e.visitor().Project(ctx(), id)
		problem(t, err, http.StatusNotFound)
		if d, err := admin.DeleteProject(ctx(), id); err != nil || !d.Deleted {
			t.Fatalf("delete: %+v %v", d, err)
		}
		_, err = admin.DeleteProject(ctx(), id)
		problem(t, err, http.StatusNotFound)

		goSkill, err := admin.CreateSkill(ctx(), wireapi.SkillCreate{Name: "Go", Category: "backend", ProficiencyLevel: 7,
			FirstUsedDate: ptr("2015-03-01")})
		if err != nil || goSkill.FirstUsedDate == nil || *goSkill.FirstUsedDate != "2015-03-01" {
			t.Fatalf("create skill: %+v %v", goSkill, err)
		}
		rust, err := admin.CreateSkill(ctx(), wireapi.SkillCreate{Name: "Rust"})
		if err != nil {
			t.Fatal(err)
		}
		level := 9
		if sk, err := admin.UpdateSkill(ctx(), goSkill.ID, wireapi.SkillUpdate{ProficiencyLevel: &level}); err != nil || sk.ProficiencyLevel != 9 {
			t.Fatalf("update skill: %+v %v", sk, err)
		}
		res, err = admin.Do(ctx(), "PUT", "/api/v1/admin/connections", wireapi.ConnectionRequest{SkillA: "Go", SkillB: rust.ID, ConnectionType: "similar"}, nil)
		if err != nil || res.Status != http.StatusCreated {
			t.Fatalf("connect: %v %v", res, err)
		}
		c, err := admin.Connect(ctx(), wireapi.ConnectionRequest{SkillA: rust.ID, SkillB: "go", Strength: ptr(0.9)})
		if err != nil || c.Created || c.Connection.Strength != 0.9 {
			t.Fatalf("reconnect: %+v %v", c, err)
		}
		g, _ = e.visitor().Garden(ctx(), wireapi.GardenParams{})
		if len(g.Skills) != 2 || len(g.Connections) != 1 {
			t.Errorf("garden constellation: %d skills %d connections", len(g.Skills), len(g.Connections))
		}
		if _, err := admin.Disconnect(ctx(), "Go", "Rust"); err != nil {
			t.Fatal(err)
		}
		_, err = admin.Connect(ctx(), wireapi.ConnectionRequest{SkillA: "Go", SkillB: "Go"})
		problem(t, err, http.StatusUnprocessableEntity)
		if _, err := admin.DeleteSkill(ctx(), rust.ID); err != nil {
			t.Fatal(err)
		}
		g, _ = e.visitor().Garden(ctx(), wireapi.GardenParams{})
		if len(g.Skills) != 1 || len(g.Connections) != 0 {
			t.Errorf("after delete: %d skills %d connections", len(g.Skills), len(g.Connections))
		}

		ann, err := admin.Announce(ctx(), "the roses are out")
		if err != nil || ann.Event.EventType != "system_update" {
			t.Fatalf("announce: %+v %v", ann, err)
		}
		w, err := admin.MoodUpdate(ctx(), wireapi.MoodUpdate{WeatherType: "aurora", Intensity: ptr(1.0), MusicMood: "ambient", HoldMinutes: 30})
		if err != nil || !w.Changed || w.Weather.Source != "manual" || w.Weather.OverrideUntil == nil {
			t.Fatalf("mood: %+v %v", w, err)
		}
		rt, err := admin.RealtimeMetrics(ctx())
		if err != nil || rt.GeneratedAt.IsZero() {
			t.Fatalf("realtime: %+v %v", rt, err)
		}
		dash, err := admin.AnalyticsDashboard(ctx(), "")
		if err != nil || dash.DateRange != "7d" || dash.TimeZone != "UTC" {
			t.Fatalf("dashboard: %+v %v", dash, err)
		}
		if _, err := admin.AnalyticsDashboard(ctx(), "2026-06-01..2026-06-21"); err != nil {
			t.Errorf("explicit range: %v", err)
		}
		sync, err := admin.GithubSyncStatus(ctx())
		if err != nil || sync.Configured || sync.Status != "not_configured" {
			t.Fatalf("sync: %+v %v", sync, err)
		}
		_, err = admin.Do(ctx(), "POST", "/api/v1/integrations/github/sync", nil, nil)
		problem(t, err, http.StatusForbidden)
		sp, err := e.visitor().Spotify(ctx())
		if err != nil || sp.Configured {
			t.Fatalf("spotify: %+v %v", sp, err)
		}
	})
}

func TestGithubWebhook(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		// The API hands deliveries to the worker (insert-only here, as in a
		// serve process whose jobs run elsewhere); the worker's own tests
		// process every recorded payload.
		withWorker := func(secret string) *env {
			return newEnvWith(t, storetestOpen(t, db), func(d *api.Deps) {
				w, err := worker.New(worker.Deps{Service: d.Service, DB: db, Config: d.Config, InsertOnly: true})
				if err != nil {
					t.Fatal(err)
				}
				if err := w.Start(context.Background()); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = w.Stop(context.Background()) })
				d.Integrations = w.ForAPI()
			}, func(c *config.Config) { c.GitHub.WebhookSecret = secret })
		}
		off := withWorker("")
		res, _ := off.do("POST", "/api/v1/integrations/github/webhook", `{}`, map[string]string{"X-GitHub-Event": "push", "X-Hub-Signature-256": "sha256=00"})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("unconfigured webhook: %d", res.StatusCode)
		}
		e := withWorker("hook-secret")
		if _, err := e.svc.PlantProject(context.Background(), domain.PlantInput{Name: "Greenhouse", GithubRepo: "greenhouse-garden/greenhouse"}); err != nil {
			t.Fatal(err)
		}
		body := `{"ref":"refs/heads/main","repository":{"full_name":"greenhouse-garden/greenhouse"},"commits":[{"id":"abc"}],"sender":{"login":"x"}}`
		mac := hmac.New(sha256.New, []byte("hook-secret"))
		mac.Write([]byte(body))
		sig := "sha256=" + hex.EncodeToString(mac.Sum(nil))
		headers := map[string]string{"X-GitHub-Event": "push", "X-Hub-Signature-256": sig, "X-GitHub-Delivery": "d-1"}
		res, raw := e.do("POST", "/api/v1/integrations/github/webhook", body, headers)
		if res.StatusCode != http.StatusAccepted && res.StatusCode != http.StatusOK {
			t.Errorf("signed webhook: %d %s", res.StatusCode, raw)
		}
		res, _ = e.do("POST", "/api/v1/integrations/github/webhook", body, map[string]string{"X-GitHub-Event": "push", "X-GitHub-Delivery": "d-2", "X-Hub-Signature-256": "sha256=" + hex.EncodeToString(make([]byte, 32))})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("bad signature: %d", res.StatusCode)
		}
		res, _ = e.do("POST", "/api/v1/integrations/github/webhook", body, map[string]string{"X-GitHub-Event": "push", "X-GitHub-Delivery": "d-3"})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("missing signature: %d", res.StatusCode)
		}
		res, raw = e.do("POST", "/api/v1/integrations/github/webhook", body, headers)
		if res.StatusCode != http.StatusOK {
			t.Errorf("redelivery: %d %s", res.StatusCode, raw)
		}
	})
}

func TestAnalyticsSeeVisits(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		v := e.visitor()
		_, _ = v.Garden(ctx(), wireapi.GardenParams{})
		if _, err := v.Interact(ctx(), ids["Greenhouse"], wireapi.InteractionRequest{InteractionType: "like"}); err != nil {
			t.Fatal(err)
		}
		e.clock.Add(61 * time.Second) // the recorder reports complete minutes
		admin := e.admin()
		rt, err := admin.RealtimeMetrics(ctx())
		if err != nil {
			t.Fatal(err)
		}
		if rt.ActiveVisitors != 1 || len(rt.RecentInteractions) != 1 || rt.RequestsPerMinute < 2 {
			t.Errorf("realtime = %+v", rt)
		}
		d, err := admin.AnalyticsDashboard(ctx(), "24h")
		if err != nil {
			t.Fatal(err)
		}
		if d.Visitors.Sessions != 1 || d.Visitors.Interactions != 1 {
			t.Errorf("dashboard visitors = %+v", d.Visitors)
		}
		_, err = admin.AnalyticsDashboard(ctx(), "1y")
		if p := problem(t, err, 422); len(p.Errors) == 0 || p.Errors[0].Location != "query.date_range" {
			t.Errorf("bad range: %v", p)
		}
	})
}
