package cli

import (
	"context"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/spf13/cobra"
)

// NewCmdPlant groups the planting commands.
func NewCmdPlant(f *Factory) *cobra.Command {
	cmd := newGroupCmd("plant", "Plant new projects in the garden")
	cmd.AddCommand(NewCmdPlantSeed(f))
	return cmd
}

// PlantSeedOptions are the inputs of `plant seed`.
type PlantSeedOptions struct {
	IO      *IOStreams
	Service func(context.Context) (*domain.Service, error)
	Output  string
	Flags   projectFlags
}

// NewCmdPlantSeed builds `plant seed`.
func NewCmdPlantSeed(f *Factory) *cobra.Command {
	opts := &PlantSeedOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Plant a project",
		Long: "Plant a project. In a terminal a missing --name is asked for; otherwise, and\n" +
			"with --output json, it is a usage error (exit 2).",
		Example: `  greenhouse plant seed --name "Tidepool" --type vine --repo alice/tidepool \
      --demo-url https://tidepool.dev --tech go,htmx,sqlite --position 1.5,0,-2`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Output = f.Output()
			return plantSeedRun(cmd.Context(), opts)
		},
	}
	opts.Flags.register(cmd)
	return cmd
}

func plantSeedRun(ctx context.Context, opts *PlantSeedOptions) error {
	in, err := opts.Flags.input()
	if err != nil {
		return err
	}
	if in.Name, err = requireValue(opts.IO, opts.Output, "name", in.Name); err != nil {
		return err
	}
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	p, err := svc.PlantProject(ctx, in)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.Project(p))
	}
	return printProject(opts.IO, p)
}
