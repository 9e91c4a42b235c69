package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/app"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/spf13/cobra"
)

// NewCmdToken groups the admin token commands.
func NewCmdToken(f *Factory) *cobra.Command {
	cmd := newGroupCmd("token", "Admin bearer tokens for the API")
	cmd.AddCommand(NewCmdTokenIssue(f))
	return cmd
}

// TokenIssueOptions are the inputs of `token issue`.
type TokenIssueOptions struct {
	IO      *IOStreams
	Config  func() (*config.Config, error)
	Now     func() time.Time
	TTL     time.Duration
	Subject string
}

// NewCmdTokenIssue builds `token issue`: it prints only the token, so
// `TOKEN=$(greenhouse token issue)` works.
func NewCmdTokenIssue(f *Factory) *cobra.Command {
	opts := &TokenIssueOptions{IO: f.IO, Config: f.Config, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "issue",
		Short: "Print a new admin token signed with security.secret_key",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return tokenIssueRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().DurationVar(&opts.TTL, "ttl", 0, "how long the token is valid (default security.token_ttl, 24h)")
	cmd.Flags().StringVar(&opts.Subject, "subject", app.DefaultTokenSubject,
		"who holds the token (letters, digits, . _ @ -); the admin rate limits are kept per subject")
	return cmd
}

func tokenIssueRun(_ context.Context, opts *TokenIssueOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	ttl := opts.TTL
	if ttl == 0 {
		ttl = cfg.Security.TokenTTL
	}
	if ttl <= 0 {
		return usageErrorf("--ttl must be positive, got %s", ttl)
	}
	tok, err := issueLocalToken(cfg, opts.Subject, opts.Now(), ttl)
	if err != nil {
		return usageErrorf("%v", err)
	}
	_, err = fmt.Fprintln(opts.IO.Out, tok)
	return err
}
