package worker

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/github"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// deliver signs body, hands it to Handle and, when a job was queued, waits
// for the worker to finish it.
func (e *env) deliver(event string, body []byte, delivery string) Result {
	e.t.Helper()
	res, err := e.w.Webhooks().Handle(context.Background(), event, delivery, sign(body), body)
	if err != nil {
		e.t.Fatalf("%s: %v", event, err)
	}
	if res.JobID != 0 {
		if js := e.waitJob(res.JobID); js.State != "completed" {
			e.t.Fatalf("%s job: %+v", event, js)
		}
	}
	return res
}

func TestWebhookEventsEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.start()
		hello := e.plant("Hello", "codertocat/hello-world") // GitHub compares repos case-insensitively
		drone := e.plant("Drone", "bradrydzewski/drone-test-go")
		octo := e.plant("Octo", "octo-org/octo-repo")

		// A merged pull request: no recorded payload has one, so this variant
		// is derived in memory from the closed one by setting merged to true.
		closed := readFixture(t, "github-webhooks", "pull_request.closed.not-merged.json")
		merged := bytes.Replace(closed, []byte(`"merged": false`), []byte(`"merged": true`), 1)
		if bytes.Equal(merged, closed) {
			t.Fatal("could not derive a merged pull request")
		}

		tests := []struct {
			event, file string
			body        []byte
			project     *domain.Project
			commits     int
			linesAdded  int
			deployment  bool
		}{
			{event: "push", file: "push.branch-created.1-commit.json", project: hello, commits: 1},
			{event: "push", file: "push.tag-deleted.json", project: hello},
			{event: "push", file: "push.tag-created.json", project: drone},
			{event: "pull_request", file: "pull_request.opened.json", project: hello},
			{event: "pull_request", file: "(derived) merged", body: merged, project: hello, linesAdded: 1},
			{event: "release", file: "release.published.json", project: hello, deployment: true},
			{event: "create", file: "create.tag.json", project: hello},
			{event: "create", file: "create.branch.json", project: drone},
			{event: "star", file: "star.created.json", project: hello},
			{event: "fork", file: "fork.json", project: hello},
			{event: "issues", file: "issues.opened.json", project: hello},
			{event: "workflow_run", file: "workflow_run.completed.success.json", project: octo, deployment: true},
		}
		for _, tt := range tests {
			body := tt.body
			if body == nil {
				body = readFixture(t, "github-webhooks", tt.file)
			}
			before, _ := e.svc.GetProject(context.Background(), tt.project.ID)
			rows := len(e.history(tt.project.ID))
			res := e.deliver(tt.event, body, newDeliveryID())
			if res.Status != http.StatusAccepted || res.JobID == 0 {
				t.Fatalf("%s: %+v", tt.file, res)
			}
			h := e.history(tt.project.ID)
			if len(h) != rows+1 {
				t.Fatalf("%s: %d growth rows, want %d", tt.file, len(h), rows+1)
			}
			row := h[0]
			if row.CommitsDelta != tt.commits || row.LinesAdded != tt.linesAdded {
				t.Errorf("%s: row deltas %+v", tt.file, row)
			}
			if tt.deployment != (len(row.DeploymentEvents) > 0) || tt.deployment == (len(row.GithubActivity) > 0) {
				t.Errorf("%s: activity %s deployment %s", tt.file, row.GithubActivity, row.DeploymentEvents)
			}
			after, _ := e.svc.GetProject(context.Background(), tt.project.ID)
			if after.CommitCount != before.CommitCount+tt.commits {
				t.Errorf("%s: commit_count %d -> %d", tt.file, before.CommitCount, after.CommitCount)
			}
		}
		// Each project got one growth recalculation, however many deliveries.
		var growthJobs int
		if err := db.SQL().QueryRowContext(context.Background(),
			`SELECT COUNT(*) FROM river_job WHERE kind = 'calculate_project_growth'`).Scan(&growthJobs); err != nil || growthJobs != 3 {
			t.Errorf("%d calculate_project_growth jobs for 3 projects (%v)", growthJobs, err)
		}
		rel := e.history(hello.ID)
		var found bool
		for _, r := range rel {
			if strings.Contains(string(r.DeploymentEvents), "0.0.1") {
				found = true
			}
		}
		if !found {
			t.Error("release 0.0.1 is not in deployment_events")
		}
	})
}

func TestWebhookRejectsAndIgnores(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		hello := e.plant("Hello", "Codertocat/Hello-World")
		ctx := context.Background()
		push := readFixture(t, "github-webhooks", "push.branch-created.1-commit.json")
		tampered := bytes.Replace(push, []byte(`"Codertocat"`), []byte(`"Mallory"`), 1)
		for name, sig := range map[string]string{
			"missing":      "",
			"malformed":    "sha1=abc",
			"wrong secret": "sha256=" + strings.Repeat("0", 64),
			"tampered":     sign(push),
		} {
			body := push
			if name == "tampered" {
				body = tampered
			}
			res, err := e.w.Webhooks().Handle(ctx, "push", newDeliveryID(), sig, body)
			if err != nil || res.Status != http.StatusUnauthorized {
				t.Errorf("%s signature: %+v %v", name, res, err)
			}
		}
		cases := []struct {
			name, event string
			body        []byte
			status      int
		}{
			{"ping", "ping", readFixture(t, "github-webhooks", "ping.json"), http.StatusOK},
			{"unknown event", "repository", readFixture(t, "github-webhooks", "repository.created.json"), http.StatusAccepted},
			{"malformed JSON", "push", []byte(`{"ref": "refs/heads/main", "commits": [`), http.StatusBadRequest},
			{"unlinked repository", "star", readFixture(t, "github-webhooks", "star.created.quarkus-bot-playground.json"), http.StatusAccepted},
		}
		for _, c := range cases {
			res, err := e.w.Webhooks().Handle(ctx, c.event, newDeliveryID(), sign(c.body), c.body)
			if err != nil || res.Status != c.status || res.JobID != 0 {
				t.Errorf("%s: %+v %v", c.name, res, err)
			}
		}
		if h := e.history(hello.ID); len(h) != 0 {
			t.Fatalf("rejected deliveries changed the growth log: %+v", h)
		}
		var jobs int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job`).Scan(&jobs); err == nil && jobs != 0 {
			t.Fatalf("%d jobs queued for rejected deliveries", jobs)
		}
		// No secret configured: refused, not accepted unsigned.
		e.w.Webhooks().secret = nil
		if res, _ := e.w.Webhooks().Handle(ctx, "push", newDeliveryID(), sign(push), push); res.Status != http.StatusForbidden {
			t.Errorf("no secret: %+v", res)
		}
	})
}

func TestWebhookReplayIsANoOp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.plant("Hello", "Codertocat/Hello-World")
		// Six commits leave the project a seed (growth factor 0.0986); the
		// seventh makes it sprout (0.1053).
		if _, err := e.svc.ApplyRepoStats(ctx, p.ID, ProviderGitHub, domain.RepoStats{CommitCount: 6}); err != nil {
			t.Fatal(err)
		}
		e.start()
		push := readFixture(t, "github-webhooks", "push.branch-created.1-commit.json")
		id := newDeliveryID()
		first := e.deliver("push", push, id)
		if first.Status != http.StatusAccepted {
			t.Fatalf("first delivery: %+v", first)
		}
		again := e.deliver("push", push, id)
		if again.Status != http.StatusOK || again.JobID != 0 {
			t.Fatalf("redelivery: %+v", again)
		}
		// The job itself running twice (a worker killed after the commit)
		// applies nothing the second time.
		ev, err := github.ParseWebhook("push", push)
		if err != nil {
			t.Fatal(err)
		}
		args := argsFor(id, ev)
		if err := e.w.processWebhook(ctx, args); err != nil {
			t.Fatal(err)
		}
		got, _ := e.svc.GetProject(ctx, p.ID)
		if got.CommitCount != 7 || got.GrowthStage != "sprout" {
			t.Fatalf("after replays: %d commits, stage %s", got.CommitCount, got.GrowthStage)
		}
		h := e.history(p.ID)
		if len(h) != 2 || h[0].PreviousStage != "seed" || h[0].NewStage != "sprout" || h[0].CommitsDelta != 1 {
			t.Fatalf("growth log: %d rows, first %+v", len(h), h[0])
		}
		growth := 0
		for _, ev := range e.events() {
			if ev.Type == domain.EventProjectGrowth {
				growth++
			}
		}
		if growth != 1 {
			t.Fatalf("%d project_growth events, want 1", growth)
		}
		if n := e.counter(e.w.metrics.stages, "seed", "sprout"); n != 1 {
			t.Fatalf("growth_stage_changes_total{seed,sprout} = %v", n)
		}
	})
}
