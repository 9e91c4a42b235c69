package domain

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// GitHubActivity is one webhook delivery, normalised, as the worker applies it.
type GitHubActivity struct {
	DeliveryID string // X-GitHub-Delivery: the effect is applied once per id
	Event      string // push, pull_request, release, ...
	Repo       string // "owner/name"
	Commits    int    // new commits the project grows by
	// CommitSHAs are the pushed commits, counted in github_commits_today
	// as pushed now (the delivery's processing).
	CommitSHAs   []string
	LinesAdded   int
	LinesRemoved int
	// Activity goes to project_growth_log.github_activity and Deployment to
	// deployment_events (a published release, a finished workflow run).
	Activity   json.RawMessage
	Deployment json.RawMessage
}

// ActivityResult is what applying a delivery did.
type ActivityResult struct {
	// Applied is false when the delivery had been applied already (a job
	// that ran twice, a redelivery): nothing changed.
	Applied  bool
	Projects []*GrowthResult // one per project linked to the repository
}

// RecordWebhookDelivery remembers a delivery id when a webhook is accepted
// and reports whether it is new; a redelivery of a known id is a no-op.
func (s *Service) RecordWebhookDelivery(ctx context.Context, id, event, repo string) (bool, error) {
	if err := checkDelivery(id); err != nil {
		return false, err
	}
	var fresh bool
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		fresh, err = tx.RecordDelivery(ctx, id, event, repo, s.Now())
		return err
	})
	return fresh, err
}

// ForgetWebhookDelivery drops a delivery that could not be queued, so that
// GitHub's redelivery of it is accepted.
func (s *Service) ForgetWebhookDelivery(ctx context.Context, id string) error {
	return s.store.Update(ctx, func(tx Tx) error { return tx.ForgetDelivery(ctx, id) })
}

func checkDelivery(id string) error {
	if strings.TrimSpace(id) == "" || len(id) > 100 {
		return Invalid("delivery_id", "must be 1 to 100 characters")
	}
	return nil
}

// ApplyGitHubActivity applies a delivery to every project linked to its
// repository, in one transaction: counters grow by the delivery's commits
// and lines, each project gets a growth log row carrying the activity (and
// the stages when one moves, with a project_growth event), and the delivery
// is marked processed. Applying the same delivery id again changes nothing.
func (s *Service) ApplyGitHubActivity(ctx context.Context, a GitHubActivity) (*ActivityResult, error) {
	if err := checkDelivery(a.DeliveryID); err != nil {
		return nil, err
	}
	var v Validator
	if a.Commits < 0 || a.LinesAdded < 0 || a.LinesRemoved < 0 {
		v.Add("activity", "counts must not be negative")
	}
	for _, doc := range []json.RawMessage{a.Activity, a.Deployment} {
		if len(doc) > 0 && !json.Valid(doc) {
			v.Add("activity", "must be valid JSON")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if len(a.Activity) == 0 && len(a.Deployment) == 0 {
		a.Activity, _ = json.Marshal(map[string]string{"event": a.Event, "repository": a.Repo})
	}
	res := &ActivityResult{Projects: []*GrowthResult{}}
	err := s.store.Update(ctx, func(tx Tx) error {
		res.Projects = res.Projects[:0]
		claimed, err := tx.ClaimDelivery(ctx, a.DeliveryID, a.Event, s.Now())
		if err != nil || !claimed {
			res.Applied = false
			return err
		}
		res.Applied = true
		if a.Repo == "" {
			return nil
		}
		projects, err := tx.FindProjectsByRepo(ctx, a.Repo)
		if err != nil {
			return err
		}
		for _, p := range projects {
			g, err := s.applyActivity(ctx, tx, p, a)
			if err != nil {
				return err
			}
			res.Projects = append(res.Projects, g)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (s *Service) applyActivity(ctx context.Context, tx Tx, p *Project, a GitHubActivity) (*GrowthResult, error) {
	pushed := make([]DatedCommit, 0, len(a.CommitSHAs))
	for _, sha := range a.CommitSHAs {
		pushed = append(pushed, DatedCommit{SHA: sha, At: s.Now()})
	}
	if err := tx.RecordCommits(ctx, p.ID, validCommits(pushed)); err != nil {
		return nil, err
	}
	p.CommitCount += a.Commits
	p.LinesOfCode = max(p.LinesOfCode+a.LinesAdded-a.LinesRemoved, 0)
	entry := GrowthLogEntry{CommitsDelta: a.Commits, LinesAdded: a.LinesAdded, LinesRemoved: a.LinesRemoved,
		GithubActivity: a.Activity, DeploymentEvents: a.Deployment}
	counted := a.Commits != 0 || a.LinesAdded != 0 || a.LinesRemoved != 0
	if growing(p) {
		return s.grow(ctx, tx, p, entry, true, counted)
	}
	if counted {
		p.UpdatedAt = s.Now()
		if err := tx.UpdateProject(ctx, p); err != nil {
			return nil, err
		}
	}
	f := GrowthFactor(p.growthInputs(s.Now()))
	entry.ID, entry.ProjectID, entry.RecordedAt, entry.GrowthFactor = s.newID(), p.ID, s.Now(), &f
	return &GrowthResult{ProjectID: p.ID, Name: p.Name, GrowthFactor: f, PreviousStage: p.GrowthStage,
		NewStage: p.GrowthStage}, tx.InsertGrowthLog(ctx, &entry)
}

// CommitActivitySince counts the commits dated since a time (pushed then,
// or authored or committed then as a sync saw them) and the projects they
// went to. A sync's commit-count deltas are growth, never activity.
func (s *Service) CommitActivitySince(ctx context.Context, since time.Time) (commits, projects int, err error) {
	err = s.store.View(ctx, func(tx Tx) error {
		commits, projects, err = tx.CommitActivitySince(ctx, since)
		return err
	})
	return commits, projects, err
}

// ProjectsForRepo returns the projects linked to a GitHub repository.
func (s *Service) ProjectsForRepo(ctx context.Context, repo string) ([]*Project, error) {
	var out []*Project
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.FindProjectsByRepo(ctx, repo)
		return err
	})
	return out, err
}
