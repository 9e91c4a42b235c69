package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

func TestTokenIssuePrintsOnlyTheToken(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.mustRun(t, "migrate", "up")
	r := e.mustRun(t, "token", "issue", "--ttl", "2h")
	tok := strings.TrimSpace(r.out)
	if strings.Count(r.out, "\n") != 1 || strings.Count(tok, ".") != 2 || r.errOut != "" {
		t.Fatalf("stdout %q stderr %q", r.out, r.errOut)
	}
	key, err := os.ReadFile(filepath.Join(e.dataDir, "secret_key"))
	if err != nil {
		t.Fatal(err)
	}
	claims := &jwt.RegisteredClaims{}
	if _, err := jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return key, nil }); err != nil {
		t.Fatalf("token does not verify with the generated key: %v", err)
	}
	if left := time.Until(claims.ExpiresAt.Time); left < 119*time.Minute || left > 121*time.Minute {
		t.Errorf("expires in %s, want 2h", left)
	}
	// The key is generated once and reused.
	e.mustRun(t, "token", "issue")
	again, _ := os.ReadFile(filepath.Join(e.dataDir, "secret_key"))
	if string(again) != string(key) {
		t.Errorf("secret key changed between runs")
	}
	if r := e.run(t, "token", "issue", "--ttl", "-1h"); r.code == 0 {
		t.Errorf("negative ttl accepted")
	}
}

func TestSeedsModeration(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		svc, closeDB := e.service(t)
		ctx := context.Background()
		sess, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "mobile", Browser: "safari"})
		if err != nil {
			t.Fatal(err)
		}
		seed, err := svc.PlantVisitorSeed(ctx, sess.SessionToken, domain.SeedInput{Name: "Tulip"},
			domain.SeedPolicy{Mode: domain.SeedsModerated, Max: 10})
		if err != nil {
			t.Fatal(err)
		}
		owner, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Oak"})
		if err != nil {
			t.Fatal(err)
		}
		closeDB()

		if r := e.mustRun(t, "seeds", "list"); !strings.Contains(r.out, "Tulip") || !strings.Contains(r.out, "pending") {
			t.Errorf("list: %s", r.out)
		}
		if r := e.mustRun(t, "seeds", "approve", seed.ID.String()); !strings.Contains(r.out, "approved") {
			t.Errorf("approve: %s", r.out)
		}
		if r := e.mustRun(t, "seeds", "list"); strings.Contains(r.out, "Tulip") {
			t.Errorf("approved seed still pending: %s", r.out)
		}
		if r := e.mustRun(t, "-o", "json", "seeds", "list", "--moderation", "approved"); !strings.Contains(r.out, `"moderation": "approved"`) {
			t.Errorf("json list: %s", r.out)
		}
		r := e.run(t, "seeds", "reject", owner.ID.String())
		if r.code == 0 {
			t.Errorf("rejecting an owner's project succeeded")
		}
		assertOneErrorLine(t, r)
	})
}

func TestServeStopsOnCancel(t *testing.T) {
	e := newEnv(t, "sqlite")
	stop := startServe(t, e, freeAddr(t)) // returns once /readyz answers 200
	if code := stop(); code != 0 {
		t.Fatalf("serve exited with %d after its context was cancelled", code)
	}
}
