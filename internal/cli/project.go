package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/spf13/cobra"
)

// NewCmdProject groups the commands that look after planted projects.
func NewCmdProject(f *Factory) *cobra.Command {
	cmd := newGroupCmd("project", "List and tend projects", "projects")
	cmd.AddCommand(
		NewCmdProjectList(f),
		NewCmdProjectShow(f),
		NewCmdProjectEdit(f, nil),
		newCmdProjectStatus(f, "archive", "archived", "Archive a project (hidden from the garden)"),
		newCmdProjectStatus(f, "feature", "featured", "Feature a project (highlighted in the garden)"),
		NewCmdProjectMove(f),
		NewCmdProjectDelete(f),
		NewCmdProjectMedia(f, nil),
	)
	return cmd
}

// ProjectListOptions are the inputs of `project list`.
type ProjectListOptions struct {
	IO      *IOStreams
	Service func(context.Context) (*domain.Service, error)
	Output  string
	Filter  domain.ProjectFilter
}

// NewCmdProjectList builds `project list`.
func NewCmdProjectList(f *Factory) *cobra.Command {
	opts := &ProjectListOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List projects",
		Args:    exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Output = f.Output()
			return projectListRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Filter.Stage, "stage", "", "only this growth stage")
	cmd.Flags().StringVar(&opts.Filter.Status, "status", "", "only this status")
	cmd.Flags().StringVar(&opts.Filter.Visibility, "visibility", "", "only this visibility")
	return cmd
}

// orRun picks the test's run function when one is given.
func orRun[O any](runF, run func(context.Context, O) error) func(context.Context, O) error {
	if runF != nil {
		return runF
	}
	return run
}

func projectListRun(ctx context.Context, opts *ProjectListOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	ps, err := svc.ListProjects(ctx, opts.Filter)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.Projects(ps))
	}
	rows := make([][]string, len(ps))
	for i, p := range ps {
		rows[i] = []string{p.Name, p.PlantType, p.GrowthStage, p.Status, p.Visibility,
			formatPosition(p.Position), strings.Join(p.Technologies, ", "), p.ID.String()}
	}
	return printTable(opts.IO.Out, []string{"Name", "Type", "Stage", "Status", "Visibility", "Position", "Tech", "ID"}, rows)
}

func formatPosition(p domain.Position) string {
	return num(p.X) + "," + num(p.Y) + "," + num(p.Z)
}

// printProject shows one project as a field table.
func printProject(io *IOStreams, p *domain.Project) error {
	return printFields(io.Out, [][2]string{
		{"ID", p.ID.String()}, {"Name", p.Name}, {"Description", orDash(p.Description)},
		{"Type", p.PlantType}, {"Stage", p.GrowthStage}, {"Status", p.Status},
		{"Visibility", p.Visibility}, {"Repository", orDash(p.GithubRepo)},
		{"Demo", orDash(p.DemoURL)}, {"Tech", orDash(strings.Join(p.Technologies, ", "))},
		{"Position", formatPosition(p.Position)}, {"Commits", fmt.Sprint(p.CommitCount)},
		{"Lines of code", fmt.Sprint(p.LinesOfCode)}, {"Interactions", fmt.Sprint(p.VisitorInteractions)},
		{"Planted", p.PlantedDate.UTC().Format(time.DateOnly)},
	})
}

// ProjectShowOptions are the inputs of `project show`.
type ProjectShowOptions struct {
	IO      *IOStreams
	Service func(context.Context) (*domain.Service, error)
	Output  string
	Project string // id or name
}

// NewCmdProjectShow builds `project show`.
func NewCmdProjectShow(f *Factory) *cobra.Command {
	opts := &ProjectShowOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:   "show <id|name>",
		Short: "Show a project and its growth history",
		Args:  exactArgs("id-or-name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Project = f.Output(), args[0]
			return projectShowRun(cmd.Context(), opts)
		},
	}
}

func projectShowRun(ctx context.Context, opts *ProjectShowOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	d, err := svc.OwnerProjectDetails(ctx, opts.Project)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.ProjectDetail(d))
	}
	if err := printProject(opts.IO, d.Project); err != nil {
		return err
	}
	if err := printGrowth(opts.IO, d.Growth); err != nil {
		return err
	}
	if err := printSummary(opts.IO, d.Summary); err != nil {
		return err
	}
	if err := printMedia(opts.IO, d.Media); err != nil {
		return err
	}
	return printRelated(opts.IO, d)
}

// printSummary shows the project's garden_summary figures.
func printSummary(io *IOStreams, sum *domain.ProjectSummary) error {
	if sum == nil {
		_, err := fmt.Fprintln(io.Out, "Summary: - (archived, or planted since garden_summary's last refresh)")
		return err
	}
	avg := "-"
	if sum.AvgVisitSeconds != nil {
		avg = fmt.Sprintf("%.0f s", *sum.AvgVisitSeconds)
	}
	_, err := fmt.Fprintf(io.Out, "Summary: %d growth events, average visit %s, %d interactions in 7 days\n",
		sum.GrowthEvents, avg, sum.Interactions7d)
	return err
}

// projectDetailJSON is GET /api/v1/projects/{id}'s body, so `project show
// --output json` prints what the API returns.
func printRelated(io *IOStreams, d *domain.ProjectDetails) error {
	names := func(n int, name func(int) string) string {
		out := make([]string, n)
		for i := range out {
			out[i] = name(i)
		}
		return orDash(strings.Join(out, ", "))
	}
	_, err := fmt.Fprintf(io.Out, "Related projects: %s\nRelated skills: %s\n",
		names(len(d.RelatedProjects), func(i int) string { return d.RelatedProjects[i].Name }),
		names(len(d.RelatedSkills), func(i int) string { return d.RelatedSkills[i].Name }))
	return err
}

func printGrowth(io *IOStreams, history []*domain.GrowthLogEntry) error {
	if len(history) == 0 {
		_, err := fmt.Fprintln(io.Out, "No growth recorded yet.")
		return err
	}
	rows := make([][]string, len(history))
	for i, e := range history {
		stage, visits := orDash(e.PreviousStage)+" → "+e.NewStage, "-"
		if e.VisitsDay != nil {
			stage = "visits of " + e.VisitsDay.Format(time.DateOnly)
			visits = fmt.Sprintf("%d views, %d interactions, %d min", e.PageViews, e.Interactions, e.TimeSpentMinutes)
		}
		rows[i] = []string{e.RecordedAt.UTC().Format("2006-01-02 15:04"), stage, fmt.Sprintf("%+d", e.CommitsDelta),
			fmt.Sprintf("+%d/-%d", e.LinesAdded, e.LinesRemoved), visits, factor(e.GrowthFactor)}
	}
	return printTable(io.Out, []string{"Recorded", "Stage", "Commits", "Lines", "Visits", "Growth"}, rows)
}

// ProjectEditOptions are the inputs of `project edit` and its shortcuts.
type ProjectEditOptions struct {
	IO      *IOStreams
	Service func(context.Context) (*domain.Service, error)
	Output  string
	Project string
	Patch   domain.ProjectPatch
}

// NewCmdProjectEdit builds `project edit`: only the flags given change.
func NewCmdProjectEdit(f *Factory, runF func(context.Context, *ProjectEditOptions) error) *cobra.Command {
	opts := &ProjectEditOptions{IO: f.IO, Service: f.Service}
	var flags projectFlags
	cmd := &cobra.Command{
		Use:   "edit <id|name>",
		Short: "Change a project; only the flags given are applied",
		Args:  exactArgs("id-or-name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireSomeFlag(cmd); err != nil {
				return err
			}
			patch, err := flags.patch(cmd)
			if err != nil {
				return err
			}
			opts.Output, opts.Project, opts.Patch = f.Output(), args[0], patch
			return orRun(runF, projectEditRun)(cmd.Context(), opts)
		},
	}
	flags.register(cmd)
	return cmd
}

func projectEditRun(ctx context.Context, opts *ProjectEditOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	p, err := svc.EditProject(ctx, opts.Project, opts.Patch)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.Project(p))
	}
	return printProject(opts.IO, p)
}

// newCmdProjectStatus builds a one-word shortcut for `project edit --status`.
func newCmdProjectStatus(f *Factory, verb, status, short string) *cobra.Command {
	opts := &ProjectEditOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:   verb + " <id|name>",
		Short: short,
		Args:  exactArgs("id-or-name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Project = f.Output(), args[0]
			opts.Patch = domain.ProjectPatch{Status: &status}
			return projectEditRun(cmd.Context(), opts)
		},
	}
}

// NewCmdProjectMove builds `project move`.
func NewCmdProjectMove(f *Factory) *cobra.Command {
	opts := &ProjectEditOptions{IO: f.IO, Service: f.Service}
	var position string
	cmd := &cobra.Command{
		Use:   "move <id|name> --position x,y,z",
		Short: "Move a project in the garden",
		Args: func(cmd *cobra.Command, args []string) error {
			// `project move Petal 3,0,4`: the position given where the flag belongs.
			if len(args) == 2 && !cmd.Flags().Changed("position") {
				if _, err := parsePosition(args[1]); err == nil {
					return usageErrorf("the position is a flag: %s %s --position %s", cmd.CommandPath(), args[0], args[1])
				}
			}
			return exactArgs("id-or-name")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			pos, err := parsePosition(position)
			if err != nil {
				return err
			}
			opts.Output, opts.Project = f.Output(), args[0]
			opts.Patch = domain.ProjectPatch{Position: &pos}
			return projectEditRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&position, "position", "", "new position, x,y,z")
	_ = cmd.MarkFlagRequired("position")
	return cmd
}

// ProjectDeleteOptions are the inputs of `project delete`.
type ProjectDeleteOptions struct {
	IO      *IOStreams
	Service func(context.Context) (*domain.Service, error)
	Output  string
	Project string
	Yes     bool
}

// NewCmdProjectDelete builds `project delete`.
func NewCmdProjectDelete(f *Factory) *cobra.Command {
	opts := &ProjectDeleteOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "delete <id|name>",
		Short: "Delete a project and its growth history",
		Long: "Delete a project and its growth history. In a terminal it asks first unless --yes;\n" +
			"without a terminal --yes is required.",
		Args: exactArgs("id-or-name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Project = f.Output(), args[0]
			return projectDeleteRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func projectDeleteRun(ctx context.Context, opts *ProjectDeleteOptions) error {
	if !opts.Yes && !opts.IO.IsTerminal {
		return usageErrorf("--yes is required to delete without a terminal")
	}
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	p, err := svc.ResolveProject(ctx, opts.Project)
	if err != nil {
		return err
	}
	if !opts.Yes {
		ok, err := opts.IO.Confirm(fmt.Sprintf("Delete project %q and its growth history?", p.Name))
		if err != nil || !ok {
			return errCancelled(err)
		}
	}
	// By id: the name could have been taken by another project meanwhile.
	if p, err = svc.DeleteProject(ctx, p.ID.String()); err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.Project(p))
	}
	_, err = fmt.Fprintf(opts.IO.Out, "Deleted project %q (%s)\n", p.Name, p.ID)
	return err
}

// errCancelled is what a declined confirmation returns: a failure, so a
// script never mistakes it for success.
func errCancelled(err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("cancelled")
}

// factor shows a growth factor with two decimals: it is stored as a REAL,
// whose float32 noise means nothing to a reader.
func factor(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprintf("%.2f", *f)
}
