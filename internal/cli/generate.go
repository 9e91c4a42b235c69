package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/spf13/cobra"
)

// NewCmdGenerate groups the synthetic data generators.
func NewCmdGenerate(f *Factory) *cobra.Command {
	cmd := newGroupCmd("generate", "Generate synthetic data (load tests, benchmarks)")
	cmd.AddCommand(NewCmdGenerateVisitors(f))
	return cmd
}

// GenerateOptions are the inputs of `generate visitors`.
type GenerateOptions struct {
	IO        *IOStreams
	Analytics func(context.Context) (*analytics.Service, error)
	Output    string
	Input     analytics.GenerateVisitorsInput
}

// NewCmdGenerateVisitors builds `generate visitors`.
func NewCmdGenerateVisitors(f *Factory) *cobra.Command {
	opts := &GenerateOptions{IO: f.IO, Analytics: f.Analytics}
	cmd := &cobra.Command{
		Use:   "visitors",
		Short: "Insert synthetic visitor sessions and interactions, then roll them up",
		Long: "Insert --sessions synthetic sessions and exactly --interactions interactions,\n" +
			"spread over the --days before now, over the visible projects (eight are planted\n" +
			"when the garden is empty), with multi-row inserts in large transactions; then\n" +
			"rebuild the analytics rollups. The same --seed gives the same visits.",
		Example: "  greenhouse generate visitors --sessions 1000000 --interactions 10000000 --days 90\n" +
			"  greenhouse generate visitors --sessions 2000 --interactions 20000 --days 7 --seed 42",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Output = f.Output()
			return generateVisitorsRun(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	fs.IntVar(&opts.Input.Sessions, "sessions", 10000, "sessions to insert")
	fs.IntVar(&opts.Input.Interactions, "interactions", 100000, "interactions to insert, in total")
	fs.IntVar(&opts.Input.Days, "days", 90, "days before now to spread them over")
	fs.Uint64Var(&opts.Input.Seed, "seed", 1, "random seed")
	return cmd
}

func generateVisitorsRun(ctx context.Context, opts *GenerateOptions) error {
	svc, err := opts.Analytics(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	in := opts.Input
	in.Progress = func(sessions, interactions int) {
		fmt.Fprintf(opts.IO.ErrOut, "\rinserted %d/%d sessions, %d interactions (%s)", sessions, in.Sessions,
			interactions, time.Since(start).Round(time.Second))
	}
	res, err := svc.GenerateVisitors(ctx, in)
	fmt.Fprintln(opts.IO.ErrOut)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.GeneratedVisitors(res))
	}
	return printFields(opts.IO.Out, [][2]string{
		{"Sessions", fmt.Sprint(res.Sessions)}, {"Interactions", fmt.Sprint(res.Interactions)},
		{"Projects", fmt.Sprint(res.Projects)}, {"Projects planted", fmt.Sprint(res.ProjectsCreated)},
		{"From", res.From.Format(time.RFC3339)}, {"To", res.To.Format(time.RFC3339)},
		{"Took", time.Since(start).Round(time.Millisecond).String()},
	})
}
