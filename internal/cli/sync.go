package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/greenhouse-garden/greenhouse/internal/app"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/spf13/cobra"
)

// NewCmdSync groups the external syncs.
func NewCmdSync(f *Factory) *cobra.Command {
	cmd := newGroupCmd("sync", "Bring projects up to date from external services")
	cmd.AddCommand(NewCmdSyncGitHub(f))
	return cmd
}

// SyncOptions are the inputs of `sync github`.
type SyncOptions struct {
	IO      *IOStreams
	Config  func() (*config.Config, error)
	Service func(context.Context) (*domain.Service, error)
	DB      func(context.Context) (*store.DB, error)
	Output  string
	Project string
	DryRun  bool
	Force   bool
}

// NewCmdSyncGitHub builds `sync github`.
func NewCmdSyncGitHub(f *Factory) *cobra.Command {
	opts := &SyncOptions{IO: f.IO, Config: f.Config, Service: f.Service, DB: f.DB}
	cmd := &cobra.Command{
		Use:   "github",
		Short: "Update commits, lines, complexity and languages from GitHub",
		Long: "For each project with a GitHub repository (or the one --project names), read its\n" +
			"statistics and store commit_count, lines_of_code, complexity_score and its languages\n" +
			"(merged into technologies). Requests are conditional on the ETag of the last sync, so\n" +
			"an unchanged repository costs no rate limit and changes nothing; a repository synced\n" +
			"less than cache.github_ttl ago is not asked at all unless --force. Exits 1 unless every\n" +
			"project synced; each project's outcome is reported.",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Output = f.Output()
			return syncGitHubRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Project, "project", "", "sync only this project (name or id)")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "show what would change; write nothing")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "ask GitHub even for repositories synced less than cache.github_ttl ago")
	return cmd
}

// errSyncFailed is the command's failure when some project did not sync
// (exit 1); the report has already been printed.
var errSyncFailed = errors.New("sync incomplete")

func syncGitHubRun(ctx context.Context, opts *SyncOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	// No log lines (Role Sync): each project's outcome, errors included, is
	// in the report, and a failure ends with one error line on stderr.
	a, err := newApp(ctx, opts.IO, opts.Service, opts.DB, cfg, app.Deps{Role: app.Sync})
	if err != nil {
		return err
	}
	rep, err := a.SyncGitHub(ctx, app.SyncOptions{ProjectRef: opts.Project, DryRun: opts.DryRun, Force: opts.Force})
	if err != nil {
		return err
	}
	if err := printSyncReport(opts, rep); err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("%w: %d of %d project(s) failed", errSyncFailed, rep.Failed, len(rep.Projects))
	}
	return nil
}

func printSyncReport(opts *SyncOptions, rep *app.SyncReport) error {
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, rep)
	}
	if len(rep.Projects) == 0 {
		_, err := fmt.Fprintln(opts.IO.Out, "No project is linked to a GitHub repository.")
		return err
	}
	rows := make([][]string, len(rep.Projects))
	for i, p := range rep.Projects {
		stage := "-"
		if p.NewStage != "" {
			stage = p.PreviousStage + " → " + p.NewStage
		}
		detail := p.Error
		if detail == "" && len(p.TechnologiesAdded) > 0 {
			detail = "+" + strings.Join(p.TechnologiesAdded, ", +")
		}
		rows[i] = []string{p.Name, p.Repo, p.Status, fmt.Sprintf("%+d", p.CommitsDelta), fmt.Sprintf("%+d", p.LinesDelta),
			fmt.Sprintf("%+g", p.ComplexityChange), stage, orDash(detail)}
	}
	return printTable(opts.IO.Out, []string{"Project", "Repository", "Status", "Commits", "Lines", "Complexity", "Stage", "Detail"}, rows)
}
