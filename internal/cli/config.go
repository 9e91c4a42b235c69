package cli

import (
	"github.com/spf13/cobra"
)

// NewCmdConfig groups the configuration commands.
func NewCmdConfig(f *Factory) *cobra.Command {
	cmd := newGroupCmd("config", "Inspect the configuration")
	cmd.AddCommand(NewCmdConfigShow(f))
	return cmd
}

// NewCmdConfigShow builds `config show`: the effective settings (defaults,
// file, environment and flags merged) as YAML, secrets redacted. It is YAML
// whatever --output says, so it can be pasted into a config file.
func NewCmdConfigShow(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Print the effective configuration, secrets redacted",
		Args:  exactArgs(),
		RunE: func(*cobra.Command, []string) error {
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			return cfg.Redacted().WriteYAML(f.IO.Out)
		},
	}
}
