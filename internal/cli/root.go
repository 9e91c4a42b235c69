// Package cli is the owner's command-line interface: cobra commands that
// decode flags, call the domain and print tables or the API's JSON.
package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// CommandConstructor builds one top-level command over the factory.
type CommandConstructor func(f *Factory) *cobra.Command

// NewRootCmd builds the whole command tree. version is injected at link
// time; extra are more top-level commands from packages that import cli
// (main passes them). No command may define PersistentPreRun(E): the root's
// hook marks the command line as parsed, which decides usage errors.
func NewRootCmd(f *Factory, version string, extra ...CommandConstructor) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "greenhouse",
		Short: "Tend your digital greenhouse: projects as plants, skills as stars",
		Long: "greenhouse manages the garden's projects, skills and weather in SQLite (the default)\n" +
			"or PostgreSQL (set GREENHOUSE_DATABASE_URL=postgres://...).\n\n" + exitCodesHelp,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
		RunE:          runGroup,
		// Marks that cobra accepted the command line: errors before this point
		// are usage errors (unknown command, bad flag, wrong argument count).
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			f.parsed = true
			f.mayCreate = mayCreateGarden(cmd)
			// Cobra checks required flags only after this hook, as a plain
			// error; checked here, a missing one is a usage error.
			if err := cmd.ValidateRequiredFlags(); err != nil {
				return &UsageError{Err: err}
			}
			return f.checkOutput()
		},
	}
	cmd.SetIn(f.IO.In)
	cmd.SetOut(f.IO.Out)
	cmd.SetErr(f.IO.ErrOut)
	f.addPersistentFlags(cmd.PersistentFlags())
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &UsageError{Err: err} })
	for _, sub := range append(commands(version), extra...) {
		cmd.AddCommand(sub(f))
	}
	return cmd
}

// commands are the top-level commands, in the order of `greenhouse help`.
func commands(version string) []CommandConstructor {
	return []CommandConstructor{
		func(f *Factory) *cobra.Command { return NewCmdMigrate(f) },
		func(f *Factory) *cobra.Command { return NewCmdPlant(f) },
		func(f *Factory) *cobra.Command { return NewCmdProject(f) },
		func(f *Factory) *cobra.Command { return NewCmdSkill(f) },
		func(f *Factory) *cobra.Command { return NewCmdDemo(f) },
		func(f *Factory) *cobra.Command { return NewCmdAnnounce(f) },
		func(f *Factory) *cobra.Command { return NewCmdSet(f) },
		func(f *Factory) *cobra.Command { return NewCmdConfig(f) },
		func(f *Factory) *cobra.Command { return NewCmdVersion(f, version) },
		func(f *Factory) *cobra.Command { return NewCmdOpenAPI(f) },
		func(f *Factory) *cobra.Command { return NewCmdBackup(f) },
		func(f *Factory) *cobra.Command { return NewCmdHealthcheck(f) },
		func(f *Factory) *cobra.Command { return NewCmdServe(f) },
		func(f *Factory) *cobra.Command { return NewCmdToken(f) },
		func(f *Factory) *cobra.Command { return NewCmdSeeds(f) },
		func(f *Factory) *cobra.Command { return NewCmdDashboard(f) },
		func(f *Factory) *cobra.Command { return NewCmdWorker(f) },
		func(f *Factory) *cobra.Command { return NewCmdSync(f) },
		func(f *Factory) *cobra.Command { return NewCmdAnalytics(f) },
		func(f *Factory) *cobra.Command { return NewCmdGenerate(f) },
	}
}

// Execute runs the command line, closes the store, prints a failure as one
// line on stderr and returns the exit code.
func Execute(ctx context.Context, root *cobra.Command, f *Factory) int {
	err := root.ExecuteContext(ctx)
	if closeErr := f.Close(); err == nil && closeErr != nil {
		err = fmt.Errorf("close database: %w", closeErr)
	}
	if err == nil {
		return ExitOK
	}
	var usage *UsageError
	if !f.parsed && !errors.As(err, &usage) {
		err = &UsageError{Err: err}
	}
	fmt.Fprintln(f.IO.ErrOut, errorLine(err))
	return ExitCode(err)
}

// exactArgs is cobra.ExactArgs with names in the message.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != len(names) {
			return usageErrorf("%s takes %d argument(s): %s", cmd.CommandPath(), len(names), strings.Join(names, " "))
		}
		return nil
	}
}

// newGroupCmd builds a command that only holds subcommands. Alone it prints
// its help; an unknown subcommand is a usage error, where cobra would print
// the help and exit 0.
func newGroupCmd(use, short string, aliases ...string) *cobra.Command {
	return &cobra.Command{
		Use:     use,
		Short:   short,
		Aliases: aliases,
		RunE:    runGroup,
	}
}

// runGroup prints a group's help, or refuses an unknown subcommand in one
// line with the names it may have meant (cobra's own suggestion spans
// several lines, and it offers none below the root).
func runGroup(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	cmd.SuggestionsMinimumDistance = 2
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		return usageErrorf("unknown command %q for %q; did you mean %s?", args[0], cmd.CommandPath(), strings.Join(s, " or "))
	}
	return usageErrorf("unknown command %q for %q (see %s --help)", args[0], cmd.CommandPath(), cmd.CommandPath())
}
