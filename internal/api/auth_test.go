package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
	"golang.org/x/crypto/bcrypt"
)

func TestAdminAuth(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		expired, err := api.IssueToken(e.secret, e.clock.Now().Add(-2*time.Hour), time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		otherKey, _ := api.IssueToken([]byte("another-key-another-key-another-key!"), e.clock.Now(), time.Hour)
		for name, h := range map[string]map[string]string{
			"none":      nil,
			"garbage":   {"Authorization": "Bearer not.a.jwt"},
			"scheme":    {"Authorization": "Basic YWRtaW46YWRtaW4="},
			"expired":   {"Authorization": "Bearer " + expired},
			"other key": {"Authorization": "Bearer " + otherKey},
		} {
			res, body := e.do("GET", "/api/v1/analytics/realtime", "", h)
			if res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s: %d %v %s", name, res.StatusCode, res.Header.Get("WWW-Authenticate"), body)
			}
			if name == "expired" && !strings.Contains(string(body), "expired") {
				t.Errorf("expired: %s", body)
			}
		}
		// A bad token on plant-seed is refused, not downgraded to a visitor.
		res, _ := e.do("POST", "/api/v1/garden/plant-seed", `{"seed_data":{"name":"x"},"position":{"x":0,"y":0,"z":0}}`,
			map[string]string{"Authorization": "Bearer " + expired})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("plant-seed with an expired token: %d", res.StatusCode)
		}

		c := e.visitor()
		_, err = c.IssueToken(ctx(), "wrong")
		problem(t, err, http.StatusUnauthorized)
		tok, err := c.IssueToken(ctx(), adminPassword)
		if err != nil {
			t.Fatal(err)
		}
		if tok.TokenType != "bearer" || tok.ExpiresIn != int((24*time.Hour).Seconds()) {
			t.Errorf("token = %+v", tok)
		}
		if _, err := c.RealtimeMetrics(ctx()); err != nil {
			t.Errorf("issued token refused: %v", err)
		}
		// auth_token allows 5 attempts a minute.
		for range 3 {
			_, _ = wireapi.NewClient(e.ts.URL, wireapi.WithUserAgent(browserUA)).IssueToken(ctx(), "wrong")
		}
		_, err = wireapi.NewClient(e.ts.URL, wireapi.WithUserAgent(browserUA)).IssueToken(ctx(), adminPassword)
		problem(t, err, http.StatusTooManyRequests)
	})
}

func TestBcryptPassword(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte("s3cret"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(c *config.Config) { c.Security.AdminPassword = string(hash) })
		c := e.visitor()
		_, err := c.IssueToken(ctx(), string(hash))
		problem(t, err, http.StatusUnauthorized)
		if _, err := c.IssueToken(ctx(), "s3cret"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestLoadSecretGeneratesOnce(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = filepath.Join(t.TempDir(), "data")
	k1, err := api.LoadSecret(cfg)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(cfg.DataDir, "secret_key"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 || len(k1) != 32 {
		t.Errorf("mode %v, %d bytes", info.Mode().Perm(), len(k1))
	}
	k2, err := api.LoadSecret(cfg)
	if err != nil || string(k1) != string(k2) {
		t.Errorf("second load: %v, same key %v", err, string(k1) == string(k2))
	}
	cfg.Security.SecretKey = "configured"
	if k3, _ := api.LoadSecret(cfg); string(k3) != "configured" {
		t.Errorf("configured key ignored")
	}
}
