package worker

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// serveRepo serves a recorded repository at the paths the GitHub client
// calls, answering 304 to a matching If-None-Match as GitHub does.
func (e *env) serveRepo(repo, repoFile, langFile string) string {
	base := "/gh/repos/" + repo
	etag := `W/"etag-` + repo + `"`
	body := readFixture(e.t, "github-rest", repoFile)
	e.world.handle(base, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = w.Write(body)
	})
	e.world.handle(base+"/languages", serveBody(200, readFixture(e.t, "github-rest", langFile)))
	// The stapler page holds 30 commits and no Link header: 30 commits.
	e.world.handle(base+"/commits", serveBody(200, readFixture(e.t, "github-rest", "repos.list-commits.stapler.json")))
	return base
}

func TestSyncTwiceChangesNothingTheSecondTime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		base := e.serveRepo("github/hub", "repos.get.github-hub.json", "repos.languages.github-api.json")
		p, err := e.svc.PlantProject(ctx, domain.PlantInput{Name: "Hub", GithubRepo: "github/hub", Technologies: []string{"java", "Go"}})
		if err != nil {
			t.Fatal(err)
		}
		e.plant("Unlinked", "")

		dry, err := e.w.GitHubSync().Run(ctx, SyncOptions{DryRun: true})
		if err != nil || len(dry.Projects) != 1 || dry.Projects[0].Status != SyncWouldUpdate {
			t.Fatalf("dry run: %+v %v", dry, err)
		}
		if h := e.history(p.ID); len(h) != 0 {
			t.Fatalf("dry run wrote the growth log: %+v", h)
		}

		rep, err := e.w.GitHubSync().Run(ctx, SyncOptions{})
		if err != nil || !rep.OK() || rep.Projects[0].Status != SyncUpdated {
			t.Fatalf("first sync: %+v %v", rep, err)
		}
		got, _ := e.svc.GetProject(ctx, p.ID)
		// hub's languages fixture is 671125 bytes of Java: 16778 lines at 40
		// bytes a line; "java" is already listed, so nothing is added.
		if got.CommitCount != 30 || got.LinesOfCode != 671125/40 || got.ComplexityScore != 5.7 ||
			len(got.Technologies) != 2 {
			t.Fatalf("after sync: %+v", got)
		}
		h := e.history(p.ID)
		if len(h) != 1 || h[0].CommitsDelta != 30 || h[0].LinesAdded != 671125/40 || h[0].ComplexityChange != 5.7 {
			t.Fatalf("growth log: %+v", h)
		}
		events := len(e.events())
		repoHits := e.world.count(base + "/languages")

		// Within cache.github_ttl the repository is not even asked...
		asked := e.world.count(base)
		fresh, err := e.w.GitHubSync().Run(ctx, SyncOptions{ProjectRef: "hub"})
		if err != nil || !fresh.OK() || fresh.Projects[0].Status != SyncFresh || e.world.count(base) != asked {
			t.Fatalf("sync within the TTL: %+v %v (%d -> %d requests)", fresh, err, asked, e.world.count(base))
		}
		// ...unless forced, and then a 304 costs nothing further.
		again, err := e.w.GitHubSync().Run(ctx, SyncOptions{ProjectRef: "hub", Force: true})
		if err != nil || !again.OK() || again.Projects[0].Status != SyncNotModified {
			t.Fatalf("second sync: %+v %v", again, err)
		}
		if n := e.world.count(base + "/languages"); n != repoHits {
			t.Errorf("a 304 still fetched the languages (%d -> %d)", repoHits, n)
		}
		after, _ := e.svc.GetProject(ctx, p.ID)
		if !after.UpdatedAt.Equal(got.UpdatedAt) || len(e.history(p.ID)) != 1 || len(e.events()) != events {
			t.Fatal("the second sync changed something")
		}
		if at, err := e.svc.LastSyncAt(ctx, ProviderGitHub); err != nil || at == nil {
			t.Fatalf("last sync: %v %v", at, err)
		}
	})
}

func TestSyncRateLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		e.serveRepo("github/hub", "repos.get.github-hub.json", "repos.languages.github-api.json")
		e.plant("Hub", "github/hub")
		e.plant("Hello", "octokit-fixture-org/hello-world")
		e.serveRepo("octokit-fixture-org/hello-world", "repos.get.octokit-fixture-org.hello-world.json", "repos.languages.rails_admin.json")

		// A secondary limit with a short Retry-After is waited out.
		var calls atomic.Int32
		hub := readFixture(t, "github-rest", "repos.get.github-hub.json")
		e.world.handle("/gh/repos/github/hub", func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				w.Header().Set("Retry-After", "2")
				w.WriteHeader(http.StatusTooManyRequests)
				_, _ = w.Write([]byte(`{"message":"You have exceeded a secondary rate limit."}`))
				return
			}
			w.Header().Set("ETag", `W/"hub"`)
			_, _ = w.Write(hub)
		})
		var slept time.Duration
		e.w.gh.Sleep = func(_ context.Context, d time.Duration) error { slept += d; return nil }
		rep, err := e.w.GitHubSync().Run(ctx, SyncOptions{})
		if err != nil || !rep.OK() || slept <= 0 {
			t.Fatalf("secondary limit: slept %v, %+v %v", slept, rep, err)
		}

		// A primary limit resetting in an hour is not waited for: the
		// project fails, and the others are not even asked.
		reset := e.clock.Now().Add(time.Hour)
		for _, path := range []string{"/gh/repos/github/hub", "/gh/repos/octokit-fixture-org/hello-world"} {
			e.world.handle(path, serveBody(http.StatusForbidden, []byte(`{"message":"API rate limit exceeded"}`),
				"X-RateLimit-Limit", "60", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10)))
		}
		before := e.world.count("/gh/repos/octokit-fixture-org/hello-world")
		rep, err = e.w.GitHubSync().Run(ctx, SyncOptions{Force: true})
		if err != nil || rep.OK() || rep.Failed != 2 {
			t.Fatalf("primary limit: %+v %v", rep, err)
		}
		if n := e.world.count("/gh/repos/octokit-fixture-org/hello-world"); n != before {
			t.Errorf("the second project was requested during the rate limit (%d -> %d)", before, n)
		}
		if err := e.w.syncGitHub(ctx, SyncOptions{Force: true}); err == nil {
			t.Error("the sync job succeeded despite failures")
		}
	})
}
