package cli

import (
	"fmt"

	"github.com/gin-gonic/gin"
	"github.com/greenhouse-garden/greenhouse/internal/app"
	"github.com/spf13/cobra"
)

// NewCmdOpenAPI builds `openapi`: the API's OpenAPI 3.1 document on stdout,
// for client generators and linters, with no server and no database.
func NewCmdOpenAPI(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "openapi",
		Short: "Print the API's OpenAPI 3.1 document (JSON) without starting a server",
		Long: "Print the OpenAPI 3.1 document that `greenhouse serve` publishes at /openapi.json.\n" +
			"It opens no database and reads no configuration: the document is the same for\n" +
			"every deployment. docs/openapi.json is this output (`make openapi` rewrites it).",
		Args: exactArgs(),
		RunE: func(*cobra.Command, []string) error {
			gin.SetMode(gin.ReleaseMode) // as serve: no route listing on stdout
			doc, err := app.OpenAPIDocument()
			if err != nil {
				return err
			}
			if _, err := f.IO.Out.Write(doc); err != nil {
				return fmt.Errorf("write the document: %w", err)
			}
			return nil
		},
	}
}
