package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/github"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// ProviderGitHub names GitHub in the sync state.
const ProviderGitHub = "github"

// Outcomes of one project's sync.
const (
	SyncUpdated     = "updated"      // new numbers stored
	SyncUnchanged   = "unchanged"    // GitHub answered with the numbers already stored
	SyncNotModified = "not_modified" // 304 on the stored ETag: nothing asked further
	SyncFresh       = "fresh"        // synced less than cache.github_ttl ago: not asked (--force asks)
	SyncWouldUpdate = "would_update" // --dry-run: what updated would have stored
	SyncFailed      = "failed"
)

// ProjectSync is the outcome for one project, in the API's shape: GET
// /integrations/github/sync returns the latest run's as they were stored.
type ProjectSync = api.SyncProjectResult

// SyncReport is the outcome of a sync run.
type SyncReport struct {
	DryRun   bool          `json:"dry_run"`
	Projects []ProjectSync `json:"projects"`
	Synced   int           `json:"synced"`
	Failed   int           `json:"failed"`
}

// OK reports whether every project synced.
func (r *SyncReport) OK() bool { return r.Failed == 0 }

// SyncOptions choose what a sync does.
type SyncOptions struct {
	ProjectRef string    // an id or name; "" syncs every linked project
	DryRun     bool      // read GitHub, write nothing
	Force      bool      // ask GitHub even for repositories synced less than TTL ago
	JobID      int64     // the queued job running this sync (0: the CLI, a schedule)
	QueuedAt   time.Time // when that job was queued
}

// GitHubSync brings projects' numbers up to date from their repositories:
// commit_count, lines_of_code, complexity_score and languages merged into
// technologies. Requests are conditional on the stored ETag (a 304 costs no
// rate limit), a rate limit is waited out when it resets within MaxWait, and
// one project failing does not stop the others.
type GitHubSync struct {
	Service  *domain.Service
	GitHub   *github.Client
	Now      func() time.Time
	Sleep    func(ctx context.Context, d time.Duration) error
	MaxWait  time.Duration
	Logger   *slog.Logger
	OnGrowth func(*domain.GrowthResult)
	// quiet, when set (the worker's schedule), logs a repository that keeps
	// failing once; a one-off `greenhouse sync github` reports every failure.
	quiet *quietLog
	// TTL is cache.github_ttl: a repository synced less than TTL ago is
	// skipped unless the sync is forced; 0 asks every time.
	TTL time.Duration
	// Today is the start of today in analytics.timezone: commits dated
	// since then count in github_commits_today. Nil means UTC midnight.
	Today func() time.Time
}

// ErrSyncIncomplete is returned (wrapped) by the sync job when some project failed.
var ErrSyncIncomplete = errors.New("github sync incomplete")

// Run syncs the projects opts names. Its error is for what prevents the run
// itself (an unknown project, the database); per-project failures are in
// the report.
//
// A run that writes (not a dry run) is recorded as the provider's latest
// (running, then succeeded or failed with its error and the per-project
// results) for GET /api/v1/integrations/github/sync.
func (s *GitHubSync) Run(ctx context.Context, opts SyncOptions) (*SyncReport, error) {
	if opts.DryRun {
		return s.run(ctx, opts)
	}
	if err := s.Service.SyncStarted(ctx, ProviderGitHub, opts.JobID, opts.QueuedAt); err != nil {
		return nil, err
	}
	rep, err := s.run(ctx, opts)
	runErr := err
	if err == nil && !rep.OK() {
		runErr = fmt.Errorf("%w: %d of %d projects failed", ErrSyncIncomplete, rep.Failed, len(rep.Projects))
	}
	var results []ProjectSync
	if rep != nil {
		results = rep.Projects
	}
	if ferr := s.Service.SyncFinished(context.WithoutCancel(ctx), ProviderGitHub, nonNilSyncs(results), runErr); ferr != nil {
		s.logger().Error("record the sync run", "err", ferr)
	}
	return rep, err
}

func nonNilSyncs(xs []ProjectSync) []ProjectSync {
	if xs == nil {
		return []ProjectSync{}
	}
	return xs
}

func (s *GitHubSync) run(ctx context.Context, opts SyncOptions) (*SyncReport, error) {
	projects, err := s.targets(ctx, opts.ProjectRef)
	if err != nil {
		return nil, err
	}
	rep := &SyncReport{DryRun: opts.DryRun, Projects: []ProjectSync{}}
	var stop error // a rate limit that resets too late: spare the remaining requests
	for _, p := range projects {
		ps := ProjectSync{ProjectID: p.ID.String(), Name: p.Name, Repo: p.GithubRepo, TechnologiesAdded: []string{}}
		if stop == nil {
			stop = s.syncOne(ctx, p, opts, &ps)
		} else {
			ps.Status, ps.Error = SyncFailed, stop.Error()
		}
		if ps.Status == SyncFailed {
			rep.Failed++
		} else {
			rep.Synced++
		}
		rep.Projects = append(rep.Projects, ps)
	}
	return rep, nil
}

func (s *GitHubSync) targets(ctx context.Context, ref string) ([]*domain.Project, error) {
	if ref != "" {
		p, err := s.Service.ResolveProject(ctx, ref)
		if err != nil {
			return nil, err
		}
		if p.GithubRepo == "" {
			return nil, domain.Invalid("project", fmt.Sprintf("%q is not linked to a GitHub repository", p.Name))
		}
		return []*domain.Project{p}, nil
	}
	all, err := s.Service.ListProjects(ctx, domain.ProjectFilter{Origin: domain.OriginOwner})
	if err != nil {
		return nil, err
	}
	out := []*domain.Project{}
	for _, p := range all {
		if p.GithubRepo != "" && p.Status != "archived" {
			out = append(out, p)
		}
	}
	return out, nil
}

// syncOne fills ps; it returns an error only when the remaining projects
// should not be tried (a rate limit that will not reset in time).
func (s *GitHubSync) syncOne(ctx context.Context, p *domain.Project, opts SyncOptions, ps *ProjectSync) error {
	dryRun := opts.DryRun
	source := "github " + p.GithubRepo
	fail := func(err error) {
		ps.Status, ps.Error = SyncFailed, safeError(err)
		if s.quiet != nil {
			s.quiet.failed(source, "github.token (rate limits, private repositories), or the project's --repo",
				"github sync failed", err, "project", p.Name, "repo", p.GithubRepo)
			return
		}
		s.logger().Warn("github sync failed", "project", p.Name, "repo", p.GithubRepo, "err", ps.Error)
	}
	defer func() {
		if ps.Status != SyncFailed {
			s.quiet.ok(source)
		}
	}()
	etag, syncedAt, err := s.Service.SyncState(ctx, p.ID, ProviderGitHub)
	if err != nil {
		fail(err)
		return nil
	}
	if !opts.Force && s.TTL > 0 && syncedAt != nil && s.now().Sub(*syncedAt) < s.TTL {
		ps.Status = SyncFresh
		return nil
	}
	stats, notModified, err := s.repoStats(ctx, p.GithubRepo, etag)
	var rl *github.RateLimitError
	var limited *rateLimited
	if errors.As(err, &rl) || errors.As(err, &limited) {
		fail(err)
		return err
	}
	if err != nil {
		fail(err)
		return nil
	}
	if notModified {
		ps.Status = SyncNotModified
		if !dryRun {
			if err := s.Service.MarkSynced(ctx, p.ID, ProviderGitHub, etag); err != nil {
				fail(err)
			}
		}
		return nil
	}
	recent, err := s.GitHub.CommitsSince(ctx, p.GithubRepo, s.today())
	if err != nil {
		fail(err)
		return nil
	}
	in := domain.RepoStats{CommitCount: stats.CommitCount, LinesOfCode: stats.LinesOfCode,
		ComplexityScore: stats.ComplexityScore, Languages: stats.Languages, ETag: stats.ETag,
		RecentCommits: datedCommits(recent)}
	if dryRun {
		fillChange(ps, domain.PlanRepoStats(p, in))
		ps.Status = SyncUnchanged
		if domain.PlanRepoStats(p, in).Changed() {
			ps.Status = SyncWouldUpdate
		}
		return nil
	}
	res, err := s.Service.ApplyRepoStats(ctx, p.ID, ProviderGitHub, in)
	if err != nil {
		fail(err)
		return nil
	}
	fillChange(ps, res.Change)
	ps.Status = SyncUnchanged
	if res.Change.Changed() {
		ps.Status = SyncUpdated
	}
	if g := res.Growth; g != nil && g.StageChanged {
		ps.PreviousStage, ps.NewStage = g.PreviousStage, g.NewStage
		if s.OnGrowth != nil {
			s.OnGrowth(g)
		}
	}
	return nil
}

// datedCommits dates each commit by the later of its author and committer
// dates: a commit authored yesterday and rebased or merged today landed today.
func datedCommits(cs []github.Commit) []domain.DatedCommit {
	out := make([]domain.DatedCommit, 0, len(cs))
	for _, c := range cs {
		at := c.AuthoredAt
		if c.CommittedAt.After(at) {
			at = c.CommittedAt
		}
		out = append(out, domain.DatedCommit{SHA: c.SHA, At: at})
	}
	return out
}

func (s *GitHubSync) today() time.Time {
	if s.Today != nil {
		return s.Today()
	}
	return s.now().UTC().Truncate(24 * time.Hour)
}

// repoStats calls GitHub, waiting out a rate limit that resets within
// MaxWait (twice at most).
func (s *GitHubSync) repoStats(ctx context.Context, repo, etag string) (github.Stats, bool, error) {
	maxWait := s.MaxWait
	if maxWait <= 0 {
		maxWait = 2 * time.Minute
	}
	for attempt := 0; ; attempt++ {
		stats, notModified, err := s.GitHub.RepoStats(ctx, repo, etag)
		if err == nil || attempt == 2 {
			return stats, notModified, err
		}
		wait, stop := github.WaitOrStop(err, s.now(), maxWait)
		var rl *github.RateLimitError
		if stop != nil && errors.As(err, &rl) {
			return stats, notModified, &rateLimited{stop}
		}
		if stop != nil {
			return stats, notModified, stop
		}
		s.logger().Info("github rate limit: waiting", "repo", repo, "wait", wait)
		if err := s.sleep(ctx, wait); err != nil {
			return stats, notModified, err
		}
	}
}

// rateLimited is a rate limit the sync refused to wait for.
type rateLimited struct{ error }

func (e *rateLimited) Unwrap() error { return e.error }

func fillChange(ps *ProjectSync, c domain.RepoChange) {
	ps.CommitsDelta, ps.LinesDelta, ps.ComplexityChange = c.CommitsDelta, c.LinesDelta, c.ComplexityChange
	if c.AddedTechnologies != nil {
		ps.TechnologiesAdded = c.AddedTechnologies
	}
}

// safeError is what the report shows of an error: the clients already
// redact URLs and headers, so the message carries no secret.
func safeError(err error) string { return err.Error() }

func (s *GitHubSync) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *GitHubSync) sleep(ctx context.Context, d time.Duration) error {
	if s.Sleep == nil {
		return httpx.SleepContext(ctx, d)
	}
	return s.Sleep(ctx, d)
}

func (s *GitHubSync) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}
