package app

import (
	"context"
	"io"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/tui"
	"github.com/greenhouse-garden/greenhouse/internal/worker"
)

// The CLI reaches the other adapters (API, worker, terminal dashboard)
// through the composition root only, so no adapter imports another.

// SyncOptions and SyncReport are a GitHub sync's inputs and outcome.
type (
	SyncOptions = worker.SyncOptions
	SyncReport  = worker.SyncReport
)

// SyncGitHub syncs the linked projects from GitHub once, with the app's client.
func (a *App) SyncGitHub(ctx context.Context, opts SyncOptions) (*SyncReport, error) {
	return a.GitHubSync().Run(ctx, opts)
}

// JobsInServe says whether `serve` runs the job queue by default
// (worker.enabled_in_serve; "auto": on for SQLite).
func JobsInServe(cfg *config.Config) bool { return worker.InServe(cfg) }

// MigrateQueue brings the job queue's own tables (River) up to date.
func MigrateQueue(ctx context.Context, db *store.DB) error { return worker.Migrate(ctx, db) }

// DefaultTokenSubject is who holds a token issued without a subject.
const DefaultTokenSubject = api.DefaultTokenSubject

// IssueToken issues an admin token for subject with the server's secret
// (security.secret_key, or the generated one in data_dir), valid for ttl.
func IssueToken(cfg *config.Config, subject string, now time.Time, ttl time.Duration) (string, error) {
	secret, err := api.LoadSecret(cfg)
	if err != nil {
		return "", err
	}
	return api.IssueTokenFor(secret, subject, now, ttl)
}

// DashboardOptions configure the terminal dashboard.
type DashboardOptions = tui.Options

// DashboardRanges are the date ranges the terminal dashboard offers.
func DashboardRanges() []string { return tui.Ranges }

// RunDashboard runs the terminal dashboard on in and out until the user quits.
func RunDashboard(ctx context.Context, in io.Reader, out io.Writer, opts DashboardOptions) error {
	return tui.Run(ctx, in, out, opts)
}

// OpenAPIDocument is the API's OpenAPI document as `serve` publishes it,
// built without a database or a listener (`greenhouse openapi`).
func OpenAPIDocument() ([]byte, error) { return api.Document() }
