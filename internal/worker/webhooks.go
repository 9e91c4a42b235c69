package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/github"
)

// Result is the answer to a webhook delivery: the HTTP status and a short
// message safe to show to GitHub.
type Result struct {
	Status  int
	Message string
	JobID   int64 // the processing job, when one was queued
}

// Webhooks receives GitHub deliveries: it authenticates them, drops
// redeliveries and queues the processing, answering within milliseconds.
type Webhooks struct {
	secret  []byte
	svc     *domain.Service
	log     *slog.Logger
	enqueue func(ctx context.Context, args webhookArgs) (int64, error)
}

// Handle answers one delivery. eventType is X-GitHub-Event, deliveryID
// X-GitHub-Delivery, signatureHeader X-Hub-Signature-256 and body the raw
// request body, unread by anything else.
//
//   - no secret configured: 403; missing or wrong signature: 401 (checked
//     before the body is parsed, and nothing is recorded);
//   - ping: 200; an event greenhouse does not use, or a repository linked to
//     no project: 202, ignored;
//   - a body that is not the event's JSON: 400; no delivery id: 400;
//   - a delivery id seen before: 200, nothing done again;
//   - otherwise the processing job is queued: 202.
//
// An error means the garden could not record or queue the delivery (5xx:
// GitHub will redeliver it).
func (h *Webhooks) Handle(ctx context.Context, eventType, deliveryID, signatureHeader string, body []byte) (Result, error) {
	if err := github.VerifySignature(h.secret, body, signatureHeader); err != nil {
		var se *github.SignatureError
		if errors.As(err, &se) && se.Reason == github.SignatureNoSecret {
			return Result{Status: http.StatusForbidden, Message: "the GitHub webhook is not configured (github.webhook_secret)"}, nil
		}
		return Result{Status: http.StatusUnauthorized, Message: "invalid signature: " + reason(err)}, nil
	}
	ev, err := github.ParseWebhook(eventType, body)
	switch {
	case errors.Is(err, github.ErrIgnoredEvent):
		return Result{Status: http.StatusAccepted, Message: fmt.Sprintf("event %q ignored", eventType)}, nil
	case errors.Is(err, github.ErrMalformedPayload):
		return Result{Status: http.StatusBadRequest, Message: "malformed payload"}, nil
	case err != nil:
		return Result{Status: http.StatusBadRequest, Message: "unreadable payload"}, nil
	}
	if ev.Event == github.EventPing {
		return Result{Status: http.StatusOK, Message: "pong"}, nil
	}
	if deliveryID == "" || len(deliveryID) > 100 {
		return Result{Status: http.StatusBadRequest, Message: "missing X-GitHub-Delivery"}, nil
	}
	if ev.RepoFullName == "" {
		return Result{Status: http.StatusAccepted, Message: "no repository; ignored"}, nil
	}
	linked, err := h.svc.ProjectsForRepo(ctx, ev.RepoFullName)
	if err != nil {
		return Result{}, err
	}
	if len(linked) == 0 {
		return Result{Status: http.StatusAccepted, Message: "repository not linked to a project; ignored"}, nil
	}
	fresh, err := h.svc.RecordWebhookDelivery(ctx, deliveryID, ev.Event, ev.RepoFullName)
	if err != nil {
		return Result{}, err
	}
	if !fresh {
		return Result{Status: http.StatusOK, Message: "delivery already received"}, nil
	}
	id, err := h.enqueue(ctx, argsFor(deliveryID, ev))
	if err != nil {
		// Forget it, so GitHub's redelivery is not mistaken for a duplicate.
		if ferr := h.svc.ForgetWebhookDelivery(context.WithoutCancel(ctx), deliveryID); ferr != nil {
			h.log.Error("forget webhook delivery", "delivery", deliveryID, "err", ferr)
		}
		return Result{}, err
	}
	h.log.Info("github webhook queued", "event", ev.Event, "action", ev.Action, "repository", ev.RepoFullName,
		"delivery", deliveryID, "job", id)
	return Result{Status: http.StatusAccepted, Message: "queued", JobID: id}, nil
}

func reason(err error) string {
	var se *github.SignatureError
	if errors.As(err, &se) {
		return se.Reason
	}
	return "rejected"
}

// webhookArgs is the processing job: the delivery, already normalised, so
// the job never parses untrusted JSON again.
type webhookArgs struct {
	DeliveryID   string          `json:"delivery_id" river:"unique"`
	Event        string          `json:"event"`
	Action       string          `json:"action,omitempty"`
	Repo         string          `json:"repo"`
	Commits      int             `json:"commits,omitempty"`
	CommitSHAs   []string        `json:"commit_shas,omitempty"`
	LinesAdded   int             `json:"lines_added,omitempty"`
	LinesRemoved int             `json:"lines_removed,omitempty"`
	Activity     json.RawMessage `json:"activity,omitempty"`
	Deployment   json.RawMessage `json:"deployment,omitempty"`
}

func (webhookArgs) Kind() string { return "process_github_webhook" }

// argsFor decides what a delivery grows: pushes bring their distinct
// commits, merged pull requests their lines; published releases and
// finished workflow runs are deployment events; everything else is logged
// activity without growth.
func argsFor(deliveryID string, ev *github.WebhookEvent) webhookArgs {
	a := webhookArgs{DeliveryID: deliveryID, Event: ev.Event, Action: ev.Action, Repo: ev.RepoFullName}
	switch ev.Event {
	case github.EventPush:
		if !ev.Deleted {
			a.Commits, a.CommitSHAs = max(ev.Commits, 0), ev.CommitIDs
		}
	case github.EventPullRequest:
		if ev.Merged && ev.LinesKnown {
			a.LinesAdded, a.LinesRemoved = max(ev.LinesAdded, 0), max(ev.LinesRemoved, 0)
		}
	}
	summary := ev.Summary
	if len(summary) == 0 || !json.Valid(summary) {
		summary, _ = json.Marshal(map[string]string{"event": ev.Event, "action": ev.Action})
	}
	if ev.Deployment {
		a.Deployment = summary
	} else {
		a.Activity = summary
	}
	return a
}

func (w *Worker) enqueueWebhook(ctx context.Context, args webhookArgs) (int64, error) {
	id, _, err := w.q.enqueue(ctx, args, enqueueOpts{maxAttempts: 10, uniqueArgs: true})
	return id, err
}

// processWebhook is the job: apply the delivery (once per delivery id),
// count stage changes and schedule a growth recalculation of each project.
func (w *Worker) processWebhook(ctx context.Context, a webhookArgs) error {
	res, err := w.svc.ApplyGitHubActivity(ctx, domain.GitHubActivity{DeliveryID: a.DeliveryID, Event: a.Event,
		Repo: a.Repo, Commits: a.Commits, CommitSHAs: a.CommitSHAs, LinesAdded: a.LinesAdded, LinesRemoved: a.LinesRemoved,
		Activity: a.Activity, Deployment: a.Deployment})
	if err != nil {
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			return jobCancel(err) // retrying cannot fix it
		}
		return err
	}
	if !res.Applied {
		w.log.Info("webhook delivery already applied", "delivery", a.DeliveryID)
		return nil
	}
	for _, g := range res.Projects {
		w.metrics.growth(g)
		if _, err := w.EnqueueGrowth(ctx, g.ProjectID.String()); err != nil {
			w.log.Warn("queue growth after activity", "project", g.ProjectID, "err", err)
		}
	}
	return nil
}
