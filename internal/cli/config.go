package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"

	"github.com/greenhouse-garden/greenhouse/internal/config"
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
			var buf bytes.Buffer
			if err := cfg.Redacted().WriteYAML(&buf); err != nil {
				return err
			}
			_, err = f.IO.Out.Write(explainGeneratedSecret(cfg, buf.Bytes()))
			return err
		},
	}
}

var emptySecretKey = regexp.MustCompile(`(?m)^(\s*secret_key: (?:""|''))$`)

// explainGeneratedSecret comments an empty security.secret_key with where
// the generated key lives: `secret_key: ""` alone reads as "no key". A YAML
// comment keeps the output valid to paste into a config file.
func explainGeneratedSecret(cfg *config.Config, yaml []byte) []byte {
	if cfg.Security.SecretKey != "" {
		return yaml
	}
	note := fmt.Sprintf(" # empty: the key is generated once into %s (mode 0600) and reused",
		filepath.Join(cfg.DataDir, "secret_key"))
	return emptySecretKey.ReplaceAllFunc(yaml, func(line []byte) []byte { return append(line, note...) })
}
