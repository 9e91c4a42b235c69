package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/worker"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// TestGithubSyncStatusTellsTheTruth: POST queues a sync in the worker
// (202, the job id); GET then reports the run's state, its per-repository
// results and last_sync_at; a failing repository makes the run failed with
// its error.
func TestGithubSyncStatusTellsTheTruth(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		gh := http.NewServeMux()
		gh.HandleFunc("/repos/owner/vine", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("ETag", `"vine-1"`)
			_, _ = w.Write([]byte(`{"full_name":"owner/vine","default_branch":"main"}`))
		})
		gh.HandleFunc("/repos/owner/vine/languages", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"Go":40000}`))
		})
		gh.HandleFunc("/repos/owner/vine/commits", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`[{"sha":"abc","commit":{"author":{"date":"2020-01-01T00:00:00Z"},"committer":{"date":"2020-01-01T00:00:00Z"}}}]`))
		})
		ghSrv := httptest.NewServer(gh)
		t.Cleanup(ghSrv.Close)

		var w *worker.Worker
		e := newEnvWith(t, db, func(d *api.Deps) {
			var err error
			w, err = worker.New(worker.Deps{Service: d.Service, DB: db, Config: d.Config, Now: d.Now,
				NoSchedule: true, PollInterval: 20 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			d.Integrations = w.ForAPI()
		}, func(c *config.Config) {
			c.GitHub.Token, c.GitHub.APIURL = "test-token", ghSrv.URL+"/"
		})
		if err := w.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = w.Stop(stop)
		})
		for _, p := range []domain.PlantInput{{Name: "Vine", GithubRepo: "owner/vine"}, {Name: "Gone", GithubRepo: "owner/gone"}} {
			if _, err := e.svc.PlantProject(ctx(), p); err != nil {
				t.Fatal(err)
			}
		}
		status := func() wireapi.SyncStatus {
			res, body := e.do(http.MethodGet, "/api/v1/integrations/github/sync", "", e.adminHeader())
			var st wireapi.SyncStatus
			if res.StatusCode != http.StatusOK || json.Unmarshal(body, &st) != nil {
				t.Fatalf("GET sync: %d %s", res.StatusCode, body)
			}
			return st
		}
		if st := status(); st.Status != "idle" || st.LastSyncAt != nil || st.LatestRun != nil || st.Projects != 2 {
			t.Fatalf("before any sync: %+v", st)
		}

		res, body := e.do(http.MethodPost, "/api/v1/integrations/github/sync", "", e.adminHeader())
		var queued wireapi.SyncStatus
		if res.StatusCode != http.StatusAccepted || json.Unmarshal(body, &queued) != nil || queued.JobID == 0 || queued.LatestRun == nil {
			t.Fatalf("POST sync: %d %s", res.StatusCode, body)
		}
		var st wireapi.SyncStatus
		waitFor(t, func() bool { st = status(); return st.Status == "succeeded" || st.Status == "failed" })

		run := st.LatestRun
		if st.Status != "failed" || st.JobID != queued.JobID || run == nil || run.Error == "" ||
			run.QueuedAt == nil || run.StartedAt == nil || run.FinishedAt == nil || st.LastSyncAt == nil {
			t.Fatalf("after the run: %+v %+v", st, run)
		}
		byName := map[string]wireapi.SyncProjectResult{}
		for _, r := range run.Results {
			byName[r.Name] = r
		}
		if v := byName["Vine"]; len(run.Results) != 2 || v.Status != "updated" || v.CommitsDelta != 1 || v.Repo != "owner/vine" {
			t.Errorf("results: %+v", run.Results)
		}
		if g := byName["Gone"]; g.Status != "failed" || g.Error == "" {
			t.Errorf("the missing repository: %+v", g)
		}
	})
}
