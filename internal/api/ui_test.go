package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/store"
)

// The garden page is served at / with a CSP that allows only this server,
// and server.ui: false leaves / and /assets/ out.
func TestGardenPage(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		res, body := e.do(http.MethodGet, "/", "", nil)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET /: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if !strings.Contains(string(body), `src="/assets/garden.js"`) {
			t.Fatalf("GET /: not the garden page:\n%s", body)
		}
		csp := res.Header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "connect-src 'self'", "style-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("CSP %q lacks %q", csp, want)
			}
		}
		if strings.Contains(csp, "unsafe") || strings.Contains(csp, "http") {
			t.Errorf("CSP %q allows more than this server", csp)
		}
		res, body = e.do(http.MethodGet, "/assets/garden.js", "", nil)
		if res.StatusCode != http.StatusOK || len(body) == 0 || !strings.Contains(res.Header.Get("Content-Type"), "javascript") {
			t.Fatalf("GET /assets/garden.js: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if res, _ := e.do(http.MethodGet, "/assets/missing.js", "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET /assets/missing.js: %d, want 404", res.StatusCode)
		}

		off := newEnv(t, db, func(c *config.Config) { c.Server.UI = false })
		for _, path := range []string{"/", "/assets/garden.js"} {
			if res, _ := off.do(http.MethodGet, path, "", nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("server.ui false: GET %s: %d, want 404", path, res.StatusCode)
			}
		}
	})
}
