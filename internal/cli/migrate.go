package cli

import (
	"context"
	"fmt"
	"strconv"

	"github.com/greenhouse-garden/greenhouse/internal/app"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/spf13/cobra"
)

// MigrateOptions are the inputs of the migrate commands. They use the raw
// store: migrate must never migrate behind the owner's back.
type MigrateOptions struct {
	IO     *IOStreams
	DB     func(context.Context) (*store.DB, error)
	Output string
	Steps  int // for down; 0 means all
}

// NewCmdMigrate groups the schema commands.
func NewCmdMigrate(f *Factory) *cobra.Command {
	cmd := markCreatesGarden(newGroupCmd("migrate", "Move the database schema up or down"))
	cmd.AddCommand(
		newCmdMigrateStep(f, "up", "Apply every pending migration", exactArgs(), migrateUpRun),
		newCmdMigrateStep(f, "down [N]", "Roll back N migrations (default 1; 0 rolls back all)",
			cobra.MaximumNArgs(1), migrateDownRun),
		newCmdMigrateStep(f, "status", "List migrations and whether they are applied", exactArgs(), migrateStatusRun),
		newCmdMigrateStep(f, "version", "Print the applied and the latest schema version", exactArgs(), migrateVersionRun),
	)
	return cmd
}

func newCmdMigrateStep(f *Factory, use, short string, args cobra.PositionalArgs,
	run func(context.Context, *MigrateOptions) error) *cobra.Command {
	opts := &MigrateOptions{IO: f.IO, DB: f.DB}
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  args,
		RunE: func(cmd *cobra.Command, a []string) error {
			opts.Output, opts.Steps = f.Output(), 1
			if len(a) == 1 {
				n, err := strconv.Atoi(a[0])
				if err != nil || n < 0 {
					return usageErrorf("N must be a whole number >= 0, got %q", a[0])
				}
				opts.Steps = n
			}
			return run(cmd.Context(), opts)
		},
	}
}

func migrateUpRun(ctx context.Context, opts *MigrateOptions) error {
	db, err := opts.DB(ctx)
	if err != nil {
		return err
	}
	n, err := db.MigrateUp(ctx)
	if err != nil {
		return err
	}
	// The job queue (River) keeps its own versioned tables beside ours.
	if err := app.MigrateQueue(ctx, db); err != nil {
		return err
	}
	return reportMigration(ctx, opts, db, "applied", n)
}

func migrateDownRun(ctx context.Context, opts *MigrateOptions) error {
	db, err := opts.DB(ctx)
	if err != nil {
		return err
	}
	n, err := db.MigrateDown(ctx, opts.Steps)
	if err != nil {
		return err
	}
	return reportMigration(ctx, opts, db, "rolled_back", n)
}

func reportMigration(ctx context.Context, opts *MigrateOptions, db *store.DB, verb string, n int) error {
	current, latest, err := db.MigrationVersion(ctx)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, map[string]int64{verb: int64(n), "current": current, "latest": latest})
	}
	label := map[string]string{"applied": "Applied", "rolled_back": "Rolled back"}[verb]
	_, err = fmt.Fprintf(opts.IO.Out, "%s %d migration(s); schema at version %d of %d\n", label, n, current, latest)
	return err
}

func migrateStatusRun(ctx context.Context, opts *MigrateOptions) error {
	db, err := opts.DB(ctx)
	if err != nil {
		return err
	}
	list, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, list)
	}
	rows := make([][]string, len(list))
	for i, m := range list {
		state, at := "pending", "-"
		if m.Applied {
			state = "applied"
		}
		if m.AppliedAt != nil {
			at = m.AppliedAt.Format("2006-01-02 15:04:05")
		}
		rows[i] = []string{strconv.FormatInt(m.Version, 10), m.Name, state, at}
	}
	return printTable(opts.IO.Out, []string{"Version", "Name", "State", "Applied at"}, rows)
}

func migrateVersionRun(ctx context.Context, opts *MigrateOptions) error {
	db, err := opts.DB(ctx)
	if err != nil {
		return err
	}
	current, latest, err := db.MigrationVersion(ctx)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, map[string]int64{"current": current, "latest": latest})
	}
	_, err = fmt.Fprintf(opts.IO.Out, "%d (latest %d)\n", current, latest)
	return err
}
