//go:build linux

package cli

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/greenhouse-garden/greenhouse/internal/testbinary"
	"github.com/greenhouse-garden/greenhouse/internal/tui"
	wire "github.com/greenhouse-garden/greenhouse/pkg/api"
	"github.com/muesli/termenv"
)

// The environment of BenchmarkDashboardHTTP:
//
//	GREENHOUSE_BENCH_DASHBOARD_DB     comma-separated database URLs already
//	                                  loaded by `greenhouse generate visitors`
//	                                  (sqlite:/abs/path.db, postgres://...): the
//	                                  benchmark reads them and loads nothing
//	GREENHOUSE_BENCH_SESSIONS         otherwise, sessions to generate into a
//	                                  fresh database per engine (default
//	                                  20000; 10 interactions each)
//	GREENHOUSE_BENCH_DASHBOARD_CALLS  calls after the first, for the warm
//	                                  median (default 7)
//	GREENHOUSE_BENCH_BIN              a greenhouse binary to run instead of
//	                                  building one (make build's bin/greenhouse)
const (
	dashboardDBEnv    = "GREENHOUSE_BENCH_DASHBOARD_DB"
	dashboardCallsEnv = "GREENHOUSE_BENCH_DASHBOARD_CALLS"
	benchSecretKey    = "dashboard-benchmark-secret-key-0123456789"
)

// BenchmarkDashboardHTTP measures GET /api/v1/analytics/dashboard as the
// owner meets it: over HTTP against the real, statically built `greenhouse
// serve`, for 24h, 7d, 30d, 90d and an explicit 90-day range, on each
// database. For each range it starts a new serve (no response cache, no
// open connection, no prepared statement), times the first call (cold),
// then the median of GREENHOUSE_BENCH_DASHBOARD_CALLS more with the
// response cache bypassed (cache.dashboard_ttl 0 and Cache-Control:
// no-cache), and the size of the 90-day body before compression. It then
// times the terminal dashboard's first complete screen (its own loads,
// through pkg/api) against a freshly started serve. The rate limit and the
// worker are off in serve, so neither adds to a call. Run with -benchtime 1x;
// the figures are in the custom metrics (docs/analytics.md).
func BenchmarkDashboardHTTP(b *testing.B) {
	dir := b.TempDir()
	bin := os.Getenv("GREENHOUSE_BENCH_BIN")
	if bin == "" {
		bin = filepath.Join(dir, "greenhouse")
		buildStatic(b, "", bin, "github.com/greenhouse-garden/greenhouse/cmd/greenhouse")
	}
	env := append(startupEnv(filepath.Join(dir, "config")), "GREENHOUSE_SECURITY_SECRET_KEY="+benchSecretKey,
		"GREENHOUSE_RATELIMIT_ENABLED=false", "GREENHOUSE_CACHE_DASHBOARD_TTL=0s", "GREENHOUSE_WORKER_ENABLED_IN_SERVE=false")
	calls := benchEnvInt(dashboardCallsEnv, 7)
	token, err := api.IssueToken([]byte(benchSecretKey), time.Now(), 24*time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	today := time.Now().UTC()
	explicit := today.AddDate(0, 0, -89).Format(time.DateOnly) + ".." + today.Format(time.DateOnly)
	ranges := [][2]string{{"24h", "24h"}, {"7d", "7d"}, {"30d", "30d"}, {"90d", "90d"}, {"explicit-90d", explicit}}
	for _, db := range dashboardDatabases(b, bin, dir, env) {
		dbEnv := append(env[:len(env):len(env)], "GREENHOUSE_DATABASE_URL="+db.url)
		serve := func(b *testing.B) (*testbinary.Process, string) {
			addr := freeAddr(b)
			return startProcess(b, dbEnv, bin, "--data-dir", filepath.Join(dir, "data"), "serve", "--addr", addr), "http://" + addr
		}
		for _, rng := range ranges {
			b.Run(db.engine+"/"+rng[0], func(b *testing.B) {
				var cold, warm, size float64
				first := true
				for b.Loop() {
					if !first {
						continue // one measurement whatever -benchtime says
					}
					first = false
					p, base := serve(b)
					hc := &http.Client{Timeout: time.Minute}
					var n int
					cold, n = dashboardCall(b, hc, base, token, rng[1])
					size = float64(n) / 1024
					var ds []float64
					for range calls {
						d, _ := dashboardCall(b, hc, base, token, rng[1])
						ds = append(ds, d)
					}
					warm = median(ds)
					p.Terminate(b, 10*time.Second)
				}
				b.ReportMetric(cold, "cold-ms")
				b.ReportMetric(warm, "warm-ms")
				b.ReportMetric(size, "body-KB")
			})
		}
		b.Run(db.engine+"/tui-first-screen", func(b *testing.B) {
			var first float64
			once := true
			for b.Loop() {
				if !once {
					continue
				}
				once = false
				p, base := serve(b)
				first = ms(firstScreen(b, base, token))
				p.Terminate(b, 10*time.Second)
			}
			b.ReportMetric(first, "first-screen-ms")
		})
	}
}

func benchEnvInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

type benchDatabase struct{ engine, url string }

// dashboardDatabases are the databases named by GREENHOUSE_BENCH_DASHBOARD_DB,
// or fresh ones (one per engine under test) that `greenhouse generate
// visitors` fills with GREENHOUSE_BENCH_SESSIONS sessions.
func dashboardDatabases(b *testing.B, bin, dir string, env []string) []benchDatabase {
	var out []benchDatabase
	if list := os.Getenv(dashboardDBEnv); list != "" {
		for _, u := range strings.Split(list, ",") {
			engine, _, _ := strings.Cut(strings.TrimSpace(u), ":")
			out = append(out, benchDatabase{strings.TrimSuffix(engine, "ql"), strings.TrimSpace(u)})
		}
		return out
	}
	sessions := benchEnvInt("GREENHOUSE_BENCH_SESSIONS", 20000)
	for _, engine := range storetest.Engines() {
		u := storetest.URL(b, engine)
		dbEnv := append(env[:len(env):len(env)], "GREENHOUSE_DATABASE_URL="+u)
		start := time.Now()
		for _, args := range [][]string{{"migrate", "up"},
			{"generate", "visitors", "--sessions", strconv.Itoa(sessions), "--interactions", strconv.Itoa(10 * sessions), "--days", "90"}} {
			cmd := exec.Command(bin, append([]string{"--data-dir", filepath.Join(dir, "data")}, args...)...)
			cmd.Env = dbEnv
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("%s %v: %v\n%s", engine, args, err, out)
			}
		}
		b.Logf("%s: generated %d sessions in %s", engine, sessions, time.Since(start).Round(time.Millisecond))
		out = append(out, benchDatabase{engine, u})
	}
	return out
}

// dashboardCall times one dashboard request to the end of its body and
// returns the body's size before compression.
func dashboardCall(b *testing.B, hc *http.Client, base, token, dateRange string) (float64, int) {
	b.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/api/v1/analytics/dashboard?date_range="+dateRange, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Cache-Control", "no-cache")
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("dashboard %s: %d %v\n%.500s", dateRange, resp.StatusCode, err, body)
	}
	return ms(took), len(body)
}

// firstScreen runs the terminal dashboard's model with its own loads (the
// pkg/api client on a real server) until its first complete screen, and
// returns the time from its start to that screen's rendering.
func firstScreen(b *testing.B, base, token string) time.Duration {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	client := wire.NewClient(base, wire.WithToken(token), wire.WithUserAgent("greenhouse-dashboard"))
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetHasDarkBackground(true) // no terminal to ask
	var m tea.Model = tui.New(ctx, tui.Options{Source: client, Server: base, Renderer: r})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	msgs := make(chan tea.Msg, 64)
	run := func(cmd tea.Cmd) {
		if cmd != nil {
			go func() { msgs <- cmd() }()
		}
	}
	run(m.Init())
	for !m.(tui.Model).Loaded() {
		select {
		case msg := <-msgs:
			if batch, ok := msg.(tea.BatchMsg); ok {
				for _, c := range batch {
					run(c)
				}
				continue
			}
			var cmd tea.Cmd
			m, cmd = m.Update(msg)
			run(cmd)
			if err := m.(tui.Model).Err(); err != nil {
				b.Fatalf("dashboard: %v", err)
			}
		case <-ctx.Done():
			b.Fatal("the dashboard had no complete screen within a minute")
		}
	}
	if view := m.View(); strings.Contains(view, "loading…") {
		b.Fatalf("the first complete screen still says loading:\n%s", view)
	}
	return time.Since(start)
}
