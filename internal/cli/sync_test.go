package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/fixtures"
)

func TestSyncGitHubCommand(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		read := func(name string) []byte { return fixtures.Read(t, "github-rest", name) }
		var limited atomic.Bool
		etag := `W/"hub"`
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if limited.Load() {
				w.Header().Set("X-RateLimit-Remaining", "0")
				w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
				w.WriteHeader(http.StatusForbidden)
				_, _ = w.Write([]byte(`{"message":"API rate limit exceeded"}`))
				return
			}
			switch r.URL.Path {
			case "/repos/github/hub":
				w.Header().Set("ETag", etag)
				if r.Header.Get("If-None-Match") == etag {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				_, _ = w.Write(read("repos.get.github-hub.json"))
			case "/repos/github/hub/languages":
				_, _ = w.Write(read("repos.languages.github-api.json"))
			case "/repos/github/hub/commits":
				_, _ = w.Write(read("repos.list-commits.stapler.json"))
			default:
				w.WriteHeader(http.StatusNotFound)
				_, _ = w.Write([]byte(`{"message":"Not Found"}`))
			}
		}))
		defer srv.Close()
		t.Setenv("GREENHOUSE_GITHUB_API_URL", srv.URL+"/")
		svc, closeDB := e.service(t)
		if _, err := svc.PlantProject(context.Background(), domain.PlantInput{Name: "Hub", GithubRepo: "github/hub"}); err != nil {
			t.Fatal(err)
		}
		closeDB()

		dry := e.mustRun(t, "sync", "github", "--dry-run", "--output", "json")
		if !strings.Contains(dry.out, `"status": "would_update"`) {
			t.Fatalf("dry run: %s", dry.out)
		}
		if c := e.count(t); c.growth != 0 {
			t.Fatalf("dry run wrote %d growth rows", c.growth)
		}
		first := e.mustRun(t, "sync", "github", "--output", "json")
		var rep struct {
			Synced, Failed int
			Projects       []struct {
				Status       string `json:"status"`
				CommitsDelta int    `json:"commits_delta"`
			}
		}
		if err := json.Unmarshal([]byte(first.out), &rep); err != nil || rep.Synced != 1 ||
			rep.Projects[0].Status != "updated" || rep.Projects[0].CommitsDelta != 30 {
			t.Fatalf("first sync: %s (%v)", first.out, err)
		}
		// Synced less than cache.github_ttl ago: not asked, unless --force.
		if fresh := e.mustRun(t, "sync", "github", "--project", "hub"); !strings.Contains(fresh.out, "fresh") {
			t.Fatalf("sync within the TTL: %s", fresh.out)
		}
		second := e.mustRun(t, "sync", "github", "--project", "hub", "--force")
		if !strings.Contains(second.out, "not_modified") {
			t.Fatalf("second sync: %s", second.out)
		}
		if c := e.count(t); c.growth != 1 {
			t.Fatalf("%d growth rows after two syncs, want 1", c.growth)
		}
		limited.Store(true)
		r := e.run(t, "sync", "github", "--force")
		if r.code != ExitFailure || !strings.Contains(r.out, "failed") {
			t.Fatalf("rate limited: exit %d, out %q, err %q", r.code, r.out, r.errOut)
		}
		assertOneErrorLine(t, r)
		if r := e.run(t, "sync", "github", "--project", "nope"); r.code != ExitNotFound {
			t.Fatalf("unknown project: exit %d", r.code)
		}
	})
}
