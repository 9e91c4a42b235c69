package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// NewCmdVersion builds `version`; the string comes from the linker via main.
func NewCmdVersion(f *Factory, version string) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print greenhouse's version",
		Args:  exactArgs(),
		RunE: func(*cobra.Command, []string) error {
			if f.Output() == FormatJSON {
				return printJSON(f.IO.Out, map[string]string{"version": version})
			}
			_, err := fmt.Fprintf(f.IO.Out, "greenhouse %s\n", version)
			return err
		},
	}
}
