package github_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/fixtures"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/github"
)

func readFixture(t *testing.T, provider, name string) []byte {
	t.Helper()
	return fixtures.Read(t, provider, name)
}

// eventOf is the X-GitHub-Event of a fixture: its name up to the first dot.
func eventOf(file string) string {
	name, _, _ := strings.Cut(file, ".")
	return name
}

// webhookCases lists every file in github-webhooks/ with what it must parse
// to. TestWebhookFixturesAreAllCovered fails when a file is added without a
// case here.
type webhookCase struct {
	file    string
	want    github.WebhookEvent // Summary is compared separately
	summary string              // exact Summary JSON when set
	ignored bool
}

func webhookCases() []webhookCase {
	return []webhookCase{
		{file: "create.branch.json", want: github.WebhookEvent{Event: "create", RepoFullName: "bradrydzewski/drone-test-go",
			Sender: "bradrydzewski", Ref: "feature-branch", RefType: "branch"},
			summary: `{"event":"create","repo":"bradrydzewski/drone-test-go","ref":"feature-branch","ref_type":"branch","sender":"bradrydzewski"}`},
		{file: "create.tag.json", want: github.WebhookEvent{Event: "create", RepoFullName: "Codertocat/Hello-World",
			Sender: "Codertocat", Ref: "simple-tag", RefType: "tag"}},
		{file: "fork.json", want: github.WebhookEvent{Event: "fork", RepoFullName: "Codertocat/Hello-World", Sender: "Octocoders"},
			summary: `{"event":"fork","repo":"Codertocat/Hello-World","forkee":"Octocoders/Hello-World","sender":"Octocoders"}`},
		{file: "issues.opened.json", want: github.WebhookEvent{Event: "issues", Action: "opened", RepoFullName: "Codertocat/Hello-World",
			Sender: "Codertocat", Number: 1, Title: "Spelling error in the README file", URL: "https://github.com/Codertocat/Hello-World/issues/1"}},
		{file: "ping.json", want: github.WebhookEvent{Event: "ping", RepoFullName: "Octocoders/Hello-World", Sender: "Codertocat"},
			summary: `{"event":"ping","repo":"Octocoders/Hello-World","zen":"Anything added dilutes everything else.","hook_id":109948940,"sender":"Codertocat"}`},
		{file: "pull_request.closed.not-merged.drone-test-go.json", want: github.WebhookEvent{Event: "pull_request", Action: "closed",
			RepoFullName: "bradrydzewski/drone-test-go", Sender: "bradrydzewski", Number: 1, Title: "Update .drone.yml",
			URL: "https://github.com/bradrydzewski/drone-test-go/pull/1", Commits: 1, LinesAdded: 1, LinesRemoved: 4, LinesKnown: true}},
		{file: "pull_request.closed.not-merged.json", want: github.WebhookEvent{Event: "pull_request", Action: "closed",
			RepoFullName: "Codertocat/Hello-World", Sender: "Codertocat", Number: 2, Title: "Update the README with new information.",
			URL: "https://github.com/Codertocat/Hello-World/pull/2", Commits: 1, LinesAdded: 1, LinesRemoved: 1, LinesKnown: true},
			summary: `{"event":"pull_request","action":"closed","repo":"Codertocat/Hello-World","commits":1,"files_changed":1,"number":2,"title":"Update the README with new information.","merged":false,"additions":1,"deletions":1,"url":"https://github.com/Codertocat/Hello-World/pull/2","sender":"Codertocat"}`},
		{file: "pull_request.opened.json", want: github.WebhookEvent{Event: "pull_request", Action: "opened",
			RepoFullName: "Codertocat/Hello-World", Sender: "Codertocat", Number: 2, Title: "Update the README with new information.",
			URL: "https://github.com/Codertocat/Hello-World/pull/2", Commits: 1, LinesAdded: 1, LinesRemoved: 1, LinesKnown: true}},
		{file: "push.branch-created.0-commits.json", want: github.WebhookEvent{Event: "push", RepoFullName: "bradrydzewski/drone-test-go",
			Sender: "bradrydzewski", Ref: "refs/heads/feature-branch", RefType: "branch", Created: true}},
		{file: "push.branch-created.1-commit.json", want: github.WebhookEvent{Event: "push", RepoFullName: "Codertocat/Hello-World",
			Sender: "Codertocat", Ref: "refs/heads/master", RefType: "branch", Created: true, Commits: 1,
			CommitIDs: []string{"6113728f27ae82c7b1a177c8d03f9e96e0adf246"}},
			summary: `{"event":"push","repo":"Codertocat/Hello-World","ref":"refs/heads/master","ref_type":"branch","commits":1,"files_changed":1,"created":true,"head":"6113728","sender":"Codertocat"}`},
		{file: "push.tag-created.app-test-repo.json", want: github.WebhookEvent{Event: "push", RepoFullName: "gagbo/app-test-repo",
			Sender: "gagbo", Ref: "refs/tags/v0.2.1", RefType: "tag", Created: true}},
		{file: "push.tag-created.json", want: github.WebhookEvent{Event: "push", RepoFullName: "bradrydzewski/drone-test-go",
			Sender: "bradrydzewski", Ref: "refs/tags/v0.0.1", RefType: "tag", Created: true}},
		// head_commit is null when a tag is deleted.
		{file: "push.tag-deleted.json", want: github.WebhookEvent{Event: "push", RepoFullName: "Codertocat/Hello-World",
			Sender: "Codertocat", Ref: "refs/tags/simple-tag", RefType: "tag", Deleted: true},
			summary: `{"event":"push","repo":"Codertocat/Hello-World","ref":"refs/tags/simple-tag","ref_type":"tag","commits":0,"deleted":true,"sender":"Codertocat"}`},
		{file: "release.published.harness-test.json", want: github.WebhookEvent{Event: "release", Action: "published",
			RepoFullName: "vcalasansh/harness-ngtriggers-test", Sender: "vcalasansh", ReleaseTag: "v1.0.0", ReleaseName: "New release!",
			URL: "https://github.com/vcalasansh/harness-ngtriggers-test/releases/tag/v1.0.0", Deployment: true}},
		{file: "release.published.json", want: github.WebhookEvent{Event: "release", Action: "published", RepoFullName: "Codertocat/Hello-World",
			Sender: "Codertocat", ReleaseTag: "0.0.1", URL: "https://github.com/Codertocat/Hello-World/releases/tag/0.0.1", Deployment: true},
			summary: `{"event":"release","action":"published","repo":"Codertocat/Hello-World","tag":"0.0.1","url":"https://github.com/Codertocat/Hello-World/releases/tag/0.0.1","sender":"Codertocat"}`},
		{file: "repository.created.json", ignored: true},
		{file: "star.created.json", want: github.WebhookEvent{Event: "star", Action: "created", RepoFullName: "Codertocat/Hello-World", Sender: "Codertocat"},
			summary: `{"event":"star","action":"created","repo":"Codertocat/Hello-World","sender":"Codertocat"}`},
		{file: "star.created.quarkus-bot-playground.json", want: github.WebhookEvent{Event: "star", Action: "created",
			RepoFullName: "gsmet/quarkus-bot-java-playground", Sender: "gsmet"}},
		{file: "workflow_run.completed.success.json", want: github.WebhookEvent{Event: "workflow_run", Action: "completed",
			RepoFullName: "octo-org/octo-repo", Sender: "Codertocat", Ref: "master", RefType: "branch", Conclusion: "success",
			Title: "ci(action): update actions/setup-node digest to 8c91899", URL: "https://github.com/octo-org/octo-repo/actions/runs/289782451", Deployment: true},
			// The run's own name is empty: the workflow object names it.
			summary: `{"event":"workflow_run","action":"completed","repo":"octo-org/octo-repo","head":"3484a3f","workflow":"test","status":"completed","conclusion":"success","branch":"master","run_number":163,"url":"https://github.com/octo-org/octo-repo/actions/runs/289782451","sender":"Codertocat"}`},
		{file: "workflow_run.completed.success.quarkus-bot-playground.json", want: github.WebhookEvent{Event: "workflow_run", Action: "completed",
			RepoFullName: "gsmet/quarkus-bot-java-playground", Sender: "gsmet", Ref: "main", RefType: "branch", Conclusion: "success",
			Title: "its-display-title", URL: "https://github.com/gsmet/quarkus-bot-java-playground/actions/runs/680604745", Deployment: true}},
		{file: "workflow_run.requested.action_required.json", want: github.WebhookEvent{Event: "workflow_run", Action: "requested",
			RepoFullName: "octo-org/octo-repo", Sender: "Codertocat", Ref: "master", RefType: "branch", Conclusion: "action_required",
			Title: "ci(action): update actions/setup-node digest to 8c91899", URL: "https://github.com/octo-org/octo-repo/actions/runs/289782451"}},
	}
}

func TestParseWebhookFixtures(t *testing.T) {
	for _, tc := range webhookCases() {
		t.Run(tc.file, func(t *testing.T) {
			body := readFixture(t, "github-webhooks", tc.file)
			ev, err := github.ParseWebhook(eventOf(tc.file), body)
			if tc.ignored {
				var ie *github.IgnoredEventError
				if !errors.Is(err, github.ErrIgnoredEvent) || !errors.As(err, &ie) || ie.Event != eventOf(tc.file) {
					t.Fatalf("err = %v, want ignored %q", err, eventOf(tc.file))
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseWebhook: %v", err)
			}
			got := *ev
			got.Summary = nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("event =\n %+v\nwant\n %+v", got, tc.want)
			}
			var m map[string]any
			if err := json.Unmarshal(ev.Summary, &m); err != nil {
				t.Fatalf("summary is not JSON: %v", err)
			}
			if m["event"] != tc.want.Event || len(ev.Summary) > 1024 {
				t.Errorf("summary = %s", ev.Summary)
			}
			if tc.summary != "" && string(ev.Summary) != tc.summary {
				t.Errorf("summary =\n %s\nwant\n %s", ev.Summary, tc.summary)
			}
		})
	}
}

func TestWebhookFixturesAreAllCovered(t *testing.T) {
	names := fixtures.Names(t, "github-webhooks")
	covered := map[string]bool{}
	for _, tc := range webhookCases() {
		covered[tc.file] = true
	}
	for _, name := range names {
		if !covered[name] {
			t.Errorf("fixture %s has no case in webhookCases", name)
		}
	}
	if len(names) != len(webhookCases()) {
		t.Errorf("%d fixtures, %d cases", len(names), len(webhookCases()))
	}
}

func TestParseWebhookFailedWorkflowRun(t *testing.T) {
	// Derived variant: no licensed failed workflow_run payload exists, so the
	// success fixture is copied in memory with conclusion set to "failure".
	var doc map[string]any
	if err := json.Unmarshal(readFixture(t, "github-webhooks", "workflow_run.completed.success.quarkus-bot-playground.json"), &doc); err != nil {
		t.Fatal(err)
	}
	doc["workflow_run"].(map[string]any)["conclusion"] = "failure"
	body, _ := json.Marshal(doc)
	ev, err := github.ParseWebhook("workflow_run", body)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Conclusion != "failure" || !ev.Deployment || !bytes.Contains(ev.Summary, []byte(`"conclusion":"failure"`)) ||
		!bytes.Contains(ev.Summary, []byte(`"workflow":"CI"`)) {
		t.Errorf("event = %+v summary %s", ev, ev.Summary)
	}
}

func TestParseWebhookErrors(t *testing.T) {
	tests := []struct {
		name, event, body string
		want              error
	}{
		{"unknown event", "deployment_status", `{}`, github.ErrIgnoredEvent},
		{"no event type", "", `{}`, github.ErrMalformedPayload},
		{"not JSON", "push", `ref=refs/heads/main`, github.ErrMalformedPayload},
		{"empty body", "push", ``, github.ErrMalformedPayload},
		{"JSON null", "push", `null`, github.ErrMalformedPayload},
		{"JSON array", "push", `[{"ref":"x"}]`, github.ErrMalformedPayload},
		{"truncated", "push", `{"ref":"refs/heads/main","commits":[`, github.ErrMalformedPayload},
		{"wrong type", "pull_request", `{"action":"closed","pull_request":"merged"}`, github.ErrMalformedPayload},
		{"pull_request without pull_request", "pull_request", `{"action":"closed"}`, github.ErrMalformedPayload},
		{"release without release", "release", `{"action":"published"}`, github.ErrMalformedPayload},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := github.ParseWebhook(tt.event, []byte(tt.body))
			if !errors.Is(err, tt.want) || ev != nil {
				t.Fatalf("ParseWebhook = %v, %v; want %v", ev, err, tt.want)
			}
		})
	}
}

func TestParseWebhookMergedPullRequest(t *testing.T) {
	// Derived variant: no licensed merged pull_request payload exists; the
	// closed one is copied in memory with merged set to true.
	var doc map[string]any
	if err := json.Unmarshal(readFixture(t, "github-webhooks", "pull_request.closed.not-merged.drone-test-go.json"), &doc); err != nil {
		t.Fatal(err)
	}
	doc["pull_request"].(map[string]any)["merged"] = true
	body, _ := json.Marshal(doc)
	ev, err := github.ParseWebhook("pull_request", body)
	if err != nil {
		t.Fatal(err)
	}
	if !ev.Merged || ev.LinesAdded != 1 || ev.LinesRemoved != 4 || !bytes.Contains(ev.Summary, []byte(`"merged":true`)) {
		t.Errorf("event = %+v summary %s", ev, ev.Summary)
	}
}

func TestVerifySignature(t *testing.T) {
	secret := []byte("test-only-secret")
	body := readFixture(t, "github-webhooks", "push.branch-created.1-commit.json")
	good := github.Sign(secret, body)
	tampered := bytes.Replace(body, []byte(`"Initial commit"`), []byte(`"Evil commit!!"`), 1)
	if bytes.Equal(tampered, body) {
		t.Fatal("tampering did not change the body")
	}
	tests := []struct {
		name   string
		secret []byte
		body   []byte
		header string
		reason string // "" means accepted
	}{
		{"good", secret, body, good, ""},
		{"good with spaces", secret, body, " " + good + " ", ""},
		{"upper-case hex", secret, body, "sha256=" + strings.ToUpper(strings.TrimPrefix(good, "sha256=")), ""},
		{"missing", secret, body, "", github.SignatureMissing},
		{"sha1 header", secret, body, "sha1=" + strings.TrimPrefix(good, "sha256="), github.SignatureMalformed},
		{"not hex", secret, body, "sha256=zz", github.SignatureMalformed},
		{"short digest", secret, body, good[:len(good)-2], github.SignatureMalformed},
		{"wrong secret", []byte("another-secret"), body, good, github.SignatureMismatch},
		{"tampered body", secret, tampered, good, github.SignatureMismatch},
		{"no secret configured", nil, body, good, github.SignatureNoSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := github.VerifySignature(tt.secret, tt.body, tt.header)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			var se *github.SignatureError
			if !errors.As(err, &se) || se.Reason != tt.reason {
				t.Fatalf("err = %v, want reason %q", err, tt.reason)
			}
		})
	}
}

// TestWebhookDeliveries sends every fixture the way GitHub does (exact
// bytes, signed, with its headers) to a minimal receiver built from
// VerifySignature and ParseWebhook, plus forged deliveries that must be
// refused.
func TestWebhookDeliveries(t *testing.T) {
	secret := []byte("test-only-secret")
	got := map[string]*github.WebhookEvent{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		if err := github.VerifySignature(secret, body, r.Header.Get(github.SignatureHeader)); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		ev, err := github.ParseWebhook(r.Header.Get("X-GitHub-Event"), body)
		switch {
		case errors.Is(err, github.ErrIgnoredEvent):
			w.WriteHeader(http.StatusAccepted)
		case err != nil:
			w.WriteHeader(http.StatusBadRequest)
		default:
			got[r.Header.Get("X-GitHub-Delivery")] = ev
			w.WriteHeader(http.StatusNoContent)
		}
	}))
	defer srv.Close()

	send := func(t *testing.T, event, delivery string, body []byte, signature string) int {
		t.Helper()
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/webhooks/github", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-GitHub-Event", event)
		req.Header.Set("X-GitHub-Delivery", delivery)
		if signature != "" {
			req.Header.Set(github.SignatureHeader, signature)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	for i, tc := range webhookCases() {
		body := readFixture(t, "github-webhooks", tc.file)
		delivery := "72d3162e-cc78-11e3-81ab-4c9367dc0958-" + string(rune('a'+i))
		want := http.StatusNoContent
		if tc.ignored {
			want = http.StatusAccepted
		}
		if code := send(t, eventOf(tc.file), delivery, body, github.Sign(secret, body)); code != want {
			t.Errorf("%s: status %d, want %d", tc.file, code, want)
		}
		if !tc.ignored && (got[delivery] == nil || got[delivery].RepoFullName != tc.want.RepoFullName) {
			t.Errorf("%s: parsed %+v", tc.file, got[delivery])
		}
	}

	body := readFixture(t, "github-webhooks", "release.published.json")
	forged := []struct {
		name      string
		body      []byte
		signature string
	}{
		{"unsigned", body, ""},
		{"wrong secret", body, github.Sign([]byte("guess"), body)},
		{"tampered body", bytes.Replace(body, []byte(`"0.0.1"`), []byte(`"9.9.9"`), 1), github.Sign(secret, body)},
	}
	for _, f := range forged {
		if code := send(t, "release", "forged-"+f.name, f.body, f.signature); code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", f.name, code)
		}
		if got["forged-"+f.name] != nil {
			t.Errorf("%s: a forged delivery was parsed", f.name)
		}
	}
}
