package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// TestInteractLimitPerVisitor: the interact limit (30 a minute) follows the
// visitor (the daily hash of address and agent), so a client that starts a
// new session gets no new allowance; another agent is another visitor.
func TestInteractLimitPerVisitor(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p, err := e.admin().CreateProject(ctx(), wireapi.ProjectCreate{Name: "orchard"})
		if err != nil {
			t.Fatal(err)
		}
		view := wireapi.InteractionRequest{InteractionType: "view"}
		first := e.visitor()
		if _, err := first.Garden(ctx(), wireapi.GardenParams{}); err != nil {
			t.Fatal(err)
		}
		for i := range 30 {
			if _, err := first.Interact(ctx(), p.ID, view); err != nil {
				t.Fatalf("interaction %d: %v", i+1, err)
			}
		}
		_, err = first.Interact(ctx(), p.ID, view)
		problem(t, err, http.StatusTooManyRequests)

		fresh := e.visitor() // the same client with a new session
		if _, err := fresh.Garden(ctx(), wireapi.GardenParams{}); err != nil {
			t.Fatal(err)
		}
		res, err := fresh.Do(ctx(), http.MethodPost, "/api/v1/projects/"+p.ID+"/interact", view, nil)
		problem(t, err, http.StatusTooManyRequests)
		if res.Header.Get("X-RateLimit-Limit") != "30" || res.Header.Get("Retry-After") == "" {
			t.Errorf("429 headers = %v", res.Header)
		}

		other := wireapi.NewClient(e.ts.URL, wireapi.WithUserAgent(browserUA+" other"))
		if _, err := other.Garden(ctx(), wireapi.GardenParams{}); err != nil {
			t.Fatal(err)
		}
		if _, err := other.Interact(ctx(), p.ID, view); err != nil {
			t.Errorf("another visitor is limited too: %v", err)
		}
		e.clock.Add(time.Minute)
		if _, err := fresh.Interact(ctx(), p.ID, view); err != nil {
			t.Errorf("a minute later: %v", err)
		}
	})
}

// TestDashboardLimitPerSubject: the dashboard limit (10 a minute) is kept
// per admin token subject, not shared by every admin.
func TestDashboardLimitPerSubject(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		token := func(subject string) *wireapi.Client {
			tok, err := api.IssueTokenFor(e.secret, subject, e.clock.Now(), time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			return wireapi.NewClient(e.ts.URL, wireapi.WithUserAgent(browserUA), wireapi.WithToken(tok))
		}
		alice, alicesOtherToken, bob := token("alice"), token("alice"), token("bob")
		for i := range 10 {
			if _, err := alice.AnalyticsDashboard(ctx(), ""); err != nil {
				t.Fatalf("dashboard %d: %v", i+1, err)
			}
		}
		res, err := alicesOtherToken.Do(ctx(), http.MethodGet, "/api/v1/analytics/dashboard", nil, nil)
		problem(t, err, http.StatusTooManyRequests)
		if res.Header.Get("X-RateLimit-Limit") != "10" || res.Header.Get("Retry-After") == "" {
			t.Errorf("429 headers = %v", res.Header)
		}
		if _, err := bob.AnalyticsDashboard(ctx(), ""); err != nil {
			t.Errorf("bob is limited by alice's requests: %v", err)
		}
		if _, err := api.IssueTokenFor(e.secret, "no spaces", e.clock.Now(), time.Hour); err == nil {
			t.Error("a subject with a space was accepted")
		}
	})
}
