package github

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Webhook event names greenhouse understands (the X-GitHub-Event header).
const (
	EventPing        = "ping"
	EventPush        = "push"
	EventPullRequest = "pull_request"
	EventRelease     = "release"
	EventCreate      = "create"
	EventStar        = "star"
	EventFork        = "fork"
	EventIssues      = "issues"
	EventWorkflowRun = "workflow_run"
)

// ErrIgnoredEvent is matched (errors.Is) by the *IgnoredEventError that
// ParseWebhook returns for an event type greenhouse does not handle. A
// webhook endpoint should answer it with 202/204, not an error status.
var ErrIgnoredEvent = errors.New("github: webhook event ignored")

// ErrMalformedPayload is matched by the error ParseWebhook returns when the
// body is not a JSON object of the expected shape.
var ErrMalformedPayload = errors.New("github: malformed webhook payload")

// IgnoredEventError names the event that was ignored.
type IgnoredEventError struct {
	Event string
}

func (e *IgnoredEventError) Error() string {
	return fmt.Sprintf("github: webhook event %q ignored", e.Event)
}

// Is makes errors.Is(err, ErrIgnoredEvent) true.
func (e *IgnoredEventError) Is(target error) bool { return target == ErrIgnoredEvent }

// WebhookEvent is a delivery normalized to what the garden needs.
type WebhookEvent struct {
	Event        string // X-GitHub-Event, lower case
	Action       string // "opened", "closed", "published", … ("" for push, create, fork, ping)
	RepoFullName string // "owner/name"; empty for an organisation-level ping
	Sender       string // login of the user who triggered it

	// Ref is the full ref for push ("refs/heads/main", "refs/tags/v1") and
	// the short name for create ("main", "v1"); RefType is "branch" or "tag".
	Ref     string
	RefType string
	Created bool // push: the ref was created
	Deleted bool // push: the ref was deleted (then there are no commits)

	// Commits is the number of distinct commits the event brings: pushed
	// commits for push (those GitHub marks distinct:false were already in
	// the repository), the PR's commits for pull_request.
	Commits int
	// CommitIDs are the shas of a push's distinct commits.
	CommitIDs []string
	// LinesAdded and LinesRemoved come from a pull request's additions and
	// deletions; LinesKnown says the payload told them (push payloads only
	// list files, not lines).
	LinesAdded   int
	LinesRemoved int
	LinesKnown   bool
	Merged       bool // pull_request: closed by a merge

	Number      int    // pull request or issue number
	Title       string // pull request, issue or workflow run title
	URL         string // html_url of the PR, issue, release or run
	ReleaseTag  string
	ReleaseName string
	Prerelease  bool
	Conclusion  string // workflow_run: success, failure, action_required, …

	// Deployment is true for a published release and a completed
	// workflow run: they belong in project_growth_log.deployment_events
	// rather than github_activity.
	Deployment bool

	// Summary is a small JSON object describing the activity, ready for
	// project_growth_log.github_activity or deployment_events.
	Summary json.RawMessage
}

// payload holds the fields greenhouse reads from any event. Everything else,
// including repository.created_at (an integer in push events, a string
// elsewhere), is left alone so that old and new payloads all decode.
type payload struct {
	Action     string       `json:"action"`
	Ref        string       `json:"ref"`
	RefType    string       `json:"ref_type"`
	Created    bool         `json:"created"`
	Deleted    bool         `json:"deleted"`
	Forced     bool         `json:"forced"`
	After      string       `json:"after"`
	Commits    []pushCommit `json:"commits"`
	HeadCommit *struct {
		ID string `json:"id"`
	} `json:"head_commit"`
	Repository *struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
	Sender *struct {
		Login string `json:"login"`
	} `json:"sender"`
	PullRequest *struct {
		Number       int    `json:"number"`
		Title        string `json:"title"`
		State        string `json:"state"`
		Merged       bool   `json:"merged"`
		Additions    int    `json:"additions"`
		Deletions    int    `json:"deletions"`
		ChangedFiles int    `json:"changed_files"`
		Commits      int    `json:"commits"`
		HTMLURL      string `json:"html_url"`
	} `json:"pull_request"`
	Release *struct {
		TagName    string `json:"tag_name"`
		Name       string `json:"name"`
		Prerelease bool   `json:"prerelease"`
		Draft      bool   `json:"draft"`
		HTMLURL    string `json:"html_url"`
	} `json:"release"`
	Forkee *struct {
		FullName string `json:"full_name"`
	} `json:"forkee"`
	Issue *struct {
		Number  int    `json:"number"`
		Title   string `json:"title"`
		HTMLURL string `json:"html_url"`
	} `json:"issue"`
	WorkflowRun *struct {
		Name         string `json:"name"`
		DisplayTitle string `json:"display_title"`
		Path         string `json:"path"`
		Status       string `json:"status"`
		Conclusion   string `json:"conclusion"`
		HeadBranch   string `json:"head_branch"`
		HeadSHA      string `json:"head_sha"`
		RunNumber    int    `json:"run_number"`
		HTMLURL      string `json:"html_url"`
	} `json:"workflow_run"`
	Workflow *struct {
		Name string `json:"name"`
	} `json:"workflow"`
	Zen    string `json:"zen"`
	HookID int64  `json:"hook_id"`
}

type pushCommit struct {
	ID       string   `json:"id"`
	Distinct *bool    `json:"distinct"`
	Added    []string `json:"added"`
	Removed  []string `json:"removed"`
	Modified []string `json:"modified"`
}

// summary is the JSON written to Summary; empty fields are left out.
type summary struct {
	Event        string `json:"event"`
	Action       string `json:"action,omitempty"`
	Repo         string `json:"repo,omitempty"`
	Ref          string `json:"ref,omitempty"`
	RefType      string `json:"ref_type,omitempty"`
	Commits      *int   `json:"commits,omitempty"`
	FilesChanged int    `json:"files_changed,omitempty"`
	Created      bool   `json:"created,omitempty"`
	Deleted      bool   `json:"deleted,omitempty"`
	Forced       bool   `json:"forced,omitempty"`
	Head         string `json:"head,omitempty"`
	Number       int    `json:"number,omitempty"`
	Title        string `json:"title,omitempty"`
	Merged       *bool  `json:"merged,omitempty"`
	Additions    *int   `json:"additions,omitempty"`
	Deletions    *int   `json:"deletions,omitempty"`
	Tag          string `json:"tag,omitempty"`
	Name         string `json:"name,omitempty"`
	Prerelease   bool   `json:"prerelease,omitempty"`
	Workflow     string `json:"workflow,omitempty"`
	Status       string `json:"status,omitempty"`
	Conclusion   string `json:"conclusion,omitempty"`
	Branch       string `json:"branch,omitempty"`
	RunNumber    int    `json:"run_number,omitempty"`
	Forkee       string `json:"forkee,omitempty"`
	Zen          string `json:"zen,omitempty"`
	HookID       int64  `json:"hook_id,omitempty"`
	URL          string `json:"url,omitempty"`
	Sender       string `json:"sender,omitempty"`
}

// ParseWebhook normalizes a delivery. eventType is the X-GitHub-Event
// header; body the raw request body (verify it with VerifySignature first).
// Unknown event types give an *IgnoredEventError (errors.Is
// ErrIgnoredEvent); a body that is not a JSON object of the expected shape
// gives an error matching ErrMalformedPayload.
func ParseWebhook(eventType string, body []byte) (*WebhookEvent, error) {
	event := strings.ToLower(strings.TrimSpace(eventType))
	switch event {
	case EventPing, EventPush, EventPullRequest, EventRelease, EventCreate,
		EventStar, EventFork, EventIssues, EventWorkflowRun:
	case "":
		return nil, fmt.Errorf("%w: no event type (X-GitHub-Event header)", ErrMalformedPayload)
	default:
		return nil, &IgnoredEventError{Event: event}
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("%w: %s event: body is not a JSON object", ErrMalformedPayload, event)
	}
	var p payload
	if err := json.Unmarshal(trimmed, &p); err != nil {
		return nil, fmt.Errorf("%w: %s event: %w", ErrMalformedPayload, event, err)
	}

	ev := &WebhookEvent{Event: event, Action: p.Action}
	if p.Repository != nil {
		ev.RepoFullName = p.Repository.FullName
	}
	if p.Sender != nil {
		ev.Sender = p.Sender.Login
	}
	s := summary{Event: event, Action: p.Action, Repo: ev.RepoFullName, Sender: ev.Sender}

	switch event {
	case EventPing:
		s.Zen, s.HookID = p.Zen, p.HookID
	case EventPush:
		ev.Ref, ev.Created, ev.Deleted = p.Ref, p.Created, p.Deleted
		ev.RefType = refType(p.Ref)
		files := 0
		for _, c := range p.Commits {
			if c.Distinct == nil || *c.Distinct {
				ev.Commits++
				if c.ID != "" {
					ev.CommitIDs = append(ev.CommitIDs, c.ID)
				}
			}
			files += len(c.Added) + len(c.Removed) + len(c.Modified)
		}
		s.Ref, s.RefType, s.Created, s.Deleted, s.Forced = ev.Ref, ev.RefType, p.Created, p.Deleted, p.Forced
		s.Commits, s.FilesChanged = &ev.Commits, files
		if p.HeadCommit != nil { // null when a ref is deleted
			s.Head = short(p.HeadCommit.ID)
		}
	case EventPullRequest:
		pr := p.PullRequest
		if pr == nil {
			return nil, fmt.Errorf("%w: pull_request event without pull_request", ErrMalformedPayload)
		}
		ev.Number, ev.Title, ev.URL, ev.Merged = pr.Number, pr.Title, pr.HTMLURL, pr.Merged
		ev.Commits, ev.LinesAdded, ev.LinesRemoved, ev.LinesKnown = pr.Commits, pr.Additions, pr.Deletions, true
		s.Number, s.Title, s.URL, s.Merged = pr.Number, pr.Title, pr.HTMLURL, &ev.Merged
		s.Commits, s.Additions, s.Deletions, s.FilesChanged = &ev.Commits, &ev.LinesAdded, &ev.LinesRemoved, pr.ChangedFiles
	case EventRelease:
		r := p.Release
		if r == nil {
			return nil, fmt.Errorf("%w: release event without release", ErrMalformedPayload)
		}
		ev.ReleaseTag, ev.ReleaseName, ev.Prerelease, ev.URL = r.TagName, r.Name, r.Prerelease, r.HTMLURL
		ev.Deployment = !r.Draft && (p.Action == "published" || p.Action == "released")
		s.Tag, s.Name, s.Prerelease, s.URL = r.TagName, r.Name, r.Prerelease, r.HTMLURL
	case EventCreate:
		ev.Ref, ev.RefType = p.Ref, p.RefType
		s.Ref, s.RefType = p.Ref, p.RefType
	case EventFork:
		if p.Forkee != nil {
			s.Forkee = p.Forkee.FullName
		}
	case EventIssues:
		if p.Issue != nil {
			ev.Number, ev.Title, ev.URL = p.Issue.Number, p.Issue.Title, p.Issue.HTMLURL
			s.Number, s.Title, s.URL = ev.Number, ev.Title, ev.URL
		}
	case EventWorkflowRun:
		run := p.WorkflowRun
		if run == nil {
			return nil, fmt.Errorf("%w: workflow_run event without workflow_run", ErrMalformedPayload)
		}
		name := run.Name
		if name == "" && p.Workflow != nil {
			name = p.Workflow.Name
		}
		if name == "" {
			name = run.Path
		}
		ev.Title, ev.URL, ev.Conclusion = run.DisplayTitle, run.HTMLURL, run.Conclusion
		ev.Ref, ev.RefType = run.HeadBranch, "branch"
		ev.Deployment = p.Action == "completed"
		s.Workflow, s.Status, s.Conclusion, s.Branch = name, run.Status, run.Conclusion, run.HeadBranch
		s.RunNumber, s.Head, s.URL = run.RunNumber, short(run.HeadSHA), run.HTMLURL
	case EventStar:
		// action (created/deleted), repo and sender say it all.
	}

	raw, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("github: %s event: encode summary: %w", event, err)
	}
	ev.Summary = raw
	return ev, nil
}

func refType(ref string) string {
	switch {
	case strings.HasPrefix(ref, "refs/tags/"):
		return "tag"
	case strings.HasPrefix(ref, "refs/heads/"):
		return "branch"
	}
	return ""
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
