package cli

import (
	"context"
	"fmt"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/spf13/cobra"
)

// NewCmdSeeds groups the moderation of visitors' seeds.
func NewCmdSeeds(f *Factory) *cobra.Command {
	cmd := newGroupCmd("seeds", "Moderate the seeds visitors planted", "seed")
	cmd.AddCommand(NewCmdSeedsList(f),
		newCmdSeedsModerate(f, "approve", "Let a visitor's seed into the garden", (*domain.Service).ApproveSeed),
		newCmdSeedsModerate(f, "reject", "Keep a visitor's seed out of the garden", (*domain.Service).RejectSeed))
	return cmd
}

// SeedsListOptions are the inputs of `seeds list`.
type SeedsListOptions struct {
	IO         *IOStreams
	Service    func(context.Context) (*domain.Service, error)
	Output     string
	Moderation string
}

// NewCmdSeedsList builds `seeds list`.
func NewCmdSeedsList(f *Factory) *cobra.Command {
	opts := &SeedsListOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List visitors' seeds",
		Args:    exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Output = f.Output()
			return seedsListRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Moderation, "moderation", "pending", "pending, approved, rejected, or \"\" for all")
	return cmd
}

func seedsListRun(ctx context.Context, opts *SeedsListOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	seeds, err := svc.ListSeeds(ctx, opts.Moderation)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.Projects(seeds))
	}
	rows := make([][]string, len(seeds))
	for i, p := range seeds {
		rows[i] = []string{p.ID.String(), p.Name, p.PlantType, p.Moderation, p.PlantedDate.UTC().Format("2006-01-02 15:04")}
	}
	return printTable(opts.IO.Out, []string{"ID", "Name", "Type", "Moderation", "Planted"}, rows)
}

// SeedsModerateOptions are the inputs of `seeds approve|reject`.
type SeedsModerateOptions struct {
	IO      *IOStreams
	Service func(context.Context) (*domain.Service, error)
	Output  string
	Seed    string
	Verb    string
	Apply   func(*domain.Service, context.Context, string) (*domain.Project, error)
}

func newCmdSeedsModerate(f *Factory, verb, short string, apply func(*domain.Service, context.Context, string) (*domain.Project, error)) *cobra.Command {
	opts := &SeedsModerateOptions{IO: f.IO, Service: f.Service, Verb: verb, Apply: apply}
	return &cobra.Command{
		Use:   verb + " ID",
		Short: short,
		Args:  exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Seed = f.Output(), args[0]
			return seedsModerateRun(cmd.Context(), opts)
		},
	}
}

func seedsModerateRun(ctx context.Context, opts *SeedsModerateOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	p, err := opts.Apply(svc, ctx, opts.Seed)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.Project(p))
	}
	_, err = fmt.Fprintf(opts.IO.Out, "%s %q: %s\n", p.ID, p.Name, p.Moderation)
	return err
}
