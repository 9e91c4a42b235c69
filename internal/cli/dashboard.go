package cli

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/greenhouse-garden/greenhouse/internal/app"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	wire "github.com/greenhouse-garden/greenhouse/pkg/api"
	"github.com/spf13/cobra"
)

// dashboardTokenEnv holds the admin token when --token is not given.
const dashboardTokenEnv = "GREENHOUSE_DASHBOARD_TOKEN"

// DashboardOptions are the inputs of `dashboard`.
type DashboardOptions struct {
	IO     *IOStreams
	Config func() (*config.Config, error)
	Getenv func(string) string
	Now    func() time.Time
	Server string // --server; empty: the local server of the configuration
	Token  string // --token
	Range  string // --range
}

// NewCmdDashboard builds `dashboard`: the live analytics of a running
// server in the terminal (docs/dashboard.md).
func NewCmdDashboard(f *Factory) *cobra.Command {
	opts := &DashboardOptions{IO: f.IO, Config: f.Config, Getenv: os.Getenv, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "dashboard",
		Short: "Watch the garden's live analytics in the terminal",
		Long: "Show a running server's analytics: live visitors, requests, top projects, the project ×\n" +
			"hour heatmap, the live feed of /ws/garden, the weather, devices, countries and entry points.\n\n" +
			"The admin token comes from --token, else " + dashboardTokenEnv + ", else, when no --server\n" +
			"is given, it is signed on the spot with the local configuration's secret key.\n\n" +
			"Keys: 1-4 range (24h, 7d, 30d, 90d), tab next panel, r refresh, ? keys, q quit.",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return dashboardRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Server, "server", "", "API base URL (default: the local server of server.addr, http://127.0.0.1:8080)")
	cmd.Flags().StringVar(&opts.Token, "token", "", "admin bearer token (default $"+dashboardTokenEnv+")")
	cmd.Flags().StringVar(&opts.Range, "range", "7d", "initial range: 24h, 7d, 30d or 90d")
	return cmd
}

func dashboardRun(ctx context.Context, opts *DashboardOptions) error {
	if !validRange(opts.Range) {
		return usageErrorf("--range %q: use one of %s", opts.Range, strings.Join(app.DashboardRanges(), ", "))
	}
	server, token, err := dashboardTarget(opts)
	if err != nil {
		return err
	}
	if !opts.IO.IsTerminal {
		return errors.New("dashboard needs a terminal")
	}
	client := wire.NewClient(server, wire.WithToken(token), wire.WithUserAgent("greenhouse-dashboard"))
	// The colour profile (NO_COLOR, capabilities) and the background are
	// asked of the terminal now, before Bubble Tea reads the keyboard.
	r := lipgloss.NewRenderer(opts.IO.Out)
	r.ColorProfile()
	r.HasDarkBackground()
	return app.RunDashboard(ctx, opts.IO.In, opts.IO.Out, app.DashboardOptions{
		Source: client, Server: server, Range: opts.Range, Now: opts.Now, Renderer: r,
	})
}

func validRange(r string) bool {
	for _, x := range app.DashboardRanges() {
		if r == x {
			return true
		}
	}
	return false
}

// dashboardTarget resolves the server and the token: flags, then the
// environment, then the local configuration.
func dashboardTarget(opts *DashboardOptions) (server, token string, err error) {
	server, token = strings.TrimRight(opts.Server, "/"), opts.Token
	if token == "" {
		token = opts.Getenv(dashboardTokenEnv)
	}
	if server != "" {
		if !strings.HasPrefix(server, "http://") && !strings.HasPrefix(server, "https://") {
			return "", "", usageErrorf("--server %q: use an http:// or https:// URL", opts.Server)
		}
		if token == "" {
			return "", "", usageErrorf("--server needs an admin token: pass --token or set %s "+
				"(on the server: greenhouse token issue)", dashboardTokenEnv)
		}
		return server, token, nil
	}
	cfg, err := opts.Config()
	if err != nil {
		return "", "", err
	}
	server = localServer(cfg.Server.Addr)
	if token == "" {
		ttl := cfg.Security.TokenTTL
		if ttl <= 0 {
			ttl = 24 * time.Hour
		}
		if token, err = issueLocalToken(cfg, app.DefaultTokenSubject, opts.Now(), ttl); err != nil {
			return "", "", err
		}
	}
	return server, token, nil
}

// localServer is the URL of a server listening on addr on this machine.
func localServer(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return "http://127.0.0.1:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}
