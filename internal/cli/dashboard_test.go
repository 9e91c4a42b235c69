package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/config"
)

func TestDashboardTarget(t *testing.T) {
	cfg := &config.Config{DataDir: t.TempDir()}
	cfg.Security.SecretKey = strings.Repeat("k", 32)
	cfg.Security.TokenTTL = time.Hour
	cfg.Server.Addr = "0.0.0.0:9090"
	env := map[string]string{}
	opts := &DashboardOptions{
		Config: func() (*config.Config, error) { return cfg, nil },
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return time.Date(2026, 3, 14, 15, 0, 0, 0, time.UTC) },
	}

	// Local: the server of server.addr, a token signed on the spot.
	server, token, err := dashboardTarget(opts)
	if err != nil || server != "http://127.0.0.1:9090" || strings.Count(token, ".") != 2 {
		t.Fatalf("local: %q %q %v", server, token, err)
	}
	// The environment, then the flag, win over issuing.
	env[dashboardTokenEnv] = "from-env"
	if _, token, _ = dashboardTarget(opts); token != "from-env" {
		t.Fatalf("env token: %q", token)
	}
	opts.Token = "from-flag"
	if _, token, _ = dashboardTarget(opts); token != "from-flag" {
		t.Fatalf("flag token: %q", token)
	}
	// A remote server needs a token.
	opts.Server, opts.Token, env[dashboardTokenEnv] = "https://garden.example/", "", ""
	if _, _, err = dashboardTarget(opts); ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), "--token") {
		t.Fatalf("remote without token: %v", err)
	}
	opts.Token = "t"
	if server, _, err = dashboardTarget(opts); err != nil || server != "https://garden.example" {
		t.Fatalf("remote: %q %v", server, err)
	}
	opts.Server = "garden.example"
	if _, _, err = dashboardTarget(opts); ExitCode(err) != ExitUsage {
		t.Fatalf("no scheme: %v", err)
	}
	for addr, want := range map[string]string{":8080": "http://127.0.0.1:8080", "[::]:81": "http://127.0.0.1:81",
		"10.0.0.2:8000": "http://10.0.0.2:8000", "bad": "http://127.0.0.1:8080"} {
		if got := localServer(addr); got != want {
			t.Errorf("localServer(%q) = %q, want %q", addr, got, want)
		}
	}
}

func TestDashboardRunChecks(t *testing.T) {
	io, _ := Test()
	opts := &DashboardOptions{IO: io, Range: "1y", Getenv: func(string) string { return "" }}
	if err := dashboardRun(context.Background(), opts); ExitCode(err) != ExitUsage {
		t.Fatalf("bad range: %v", err)
	}
	opts.Range, opts.Server, opts.Token = "30d", "http://127.0.0.1:1", "t"
	if err := dashboardRun(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "terminal") {
		t.Fatalf("not a terminal: %v", err)
	}
}
