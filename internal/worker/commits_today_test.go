package worker

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/github"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// TestSyncBackfillIsNotTodaysActivity: the first sync of a repository with
// 16,772 commits grows the project by all of them, but the weather counts
// only the commits dated today (in analytics.timezone) in the recorded
// commits page, plus those a push delivered today; a forced re-sync that
// sees the same commits again counts nothing twice.
func TestSyncBackfillIsNotTodaysActivity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(c *config.Config, _ *Deps) { c.Analytics.Timezone = "America/New_York" })
		// 21:00 on 10 February 2020 in New York (already the 11th in UTC),
		// the day of the recording's latest commits: the stapler page has two
		// commits dated that New York day (20:17:10Z and 20:17:31Z), the
		// other 28 are older.
		e.clock.Set(time.Date(2020, 2, 11, 2, 0, 0, 0, time.UTC))
		ctx := context.Background()
		e.serveRepo("github/hub", "repos.get.github-hub.json", "repos.languages.github-api.json")
		page := readFixture(t, "github-rest", "repos.list-commits.stapler.json")
		const history = 16772
		e.world.handle("/gh/repos/github/hub/commits", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("per_page") == "1" { // the commit count: the last page's number
				w.Header().Set("Link", fmt.Sprintf(`<%s/gh/repos/github/hub/commits?per_page=1&page=%d>; rel="last"`, e.srv.URL, history))
			}
			_, _ = w.Write(page)
		})
		hub := e.plant("Hub", "github/hub")
		e.plant("Hello", "Codertocat/Hello-World")

		rep, err := e.w.GitHubSync().Run(ctx, SyncOptions{ProjectRef: "Hub"})
		if err != nil || !rep.OK() || rep.Projects[0].CommitsDelta != history {
			t.Fatalf("first sync: %+v %v", rep, err)
		}
		if got, _ := e.svc.GetProject(ctx, hub.ID); got.CommitCount != history {
			t.Fatalf("commit_count %d, want the whole history %d", got.CommitCount, history)
		}

		body := readFixture(t, "github-webhooks", "push.branch-created.1-commit.json")
		ev, err := github.ParseWebhook("push", body)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.w.processWebhook(ctx, argsFor(newDeliveryID(), ev)); err != nil {
			t.Fatal(err)
		}

		state, _, err := e.w.UpdateWeather(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if state.GithubCommitsToday != 3 {
			t.Errorf("github_commits_today = %d, want 3 (2 dated today by the sync, 1 pushed today)", state.GithubCommitsToday)
		}

		if rep, err := e.w.GitHubSync().Run(ctx, SyncOptions{ProjectRef: "Hub", Force: true}); err != nil || !rep.OK() {
			t.Fatalf("forced sync: %+v %v", rep, err)
		}
		commits, projects, err := e.svc.CommitActivitySince(ctx, LocalMidnight("America/New_York", e.clock.Now()))
		if err != nil || commits != 3 || projects != 2 {
			t.Errorf("after a re-sync: %d commits in %d projects (%v), want 3 in 2", commits, projects, err)
		}
		// In UTC it is already the 20th: none of those commits is today's.
		if n, _, _ := e.svc.CommitActivitySince(ctx, LocalMidnight("UTC", e.clock.Now())); n != 1 {
			t.Errorf("commits since UTC midnight = %d, want only the one pushed now", n)
		}
	})
}
