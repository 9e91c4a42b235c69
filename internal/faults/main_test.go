package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/greenhouse-garden/greenhouse/internal/testbinary"
)

// binary is the greenhouse executable built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "greenhouse-faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "greenhouse")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := testbinary.Build(ctx, "", binary, testbinary.Package, false); err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		return 1
	}
	return m.Run()
}

// freePort returns a loopback port nothing listens on (for a moment).
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// proc is a child process the test started.
type proc = testbinary.Process

// start runs name (a label) as a child process with args and env, its
// output kept in memory; the process is killed when the test ends.
func start(t testing.TB, name, dir string, env []string, path string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(path, args...)
	cmd.Dir, cmd.Env = dir, env
	return testbinary.Start(t, name, cmd)
}

// garden is one isolated greenhouse installation: a data dir, a database
// URL and the environment every process of the test shares.
type garden struct {
	dir   string
	dbURL string
	extra []string
}

// newGarden prepares a data dir for dbURL. Every outside service greenhouse
// could call points at a closed loopback port, so no process of these tests
// leaves 127.0.0.1.
func newGarden(t testing.TB, dbURL string, extra ...string) *garden {
	t.Helper()
	return &garden{dir: t.TempDir(), dbURL: dbURL, extra: extra}
}

func (g *garden) env(extra ...string) []string {
	dead := fmt.Sprintf("http://127.0.0.1:%d/", deadPort)
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + g.dir,
		"XDG_CONFIG_HOME=" + filepath.Join(g.dir, "xdg"),
		"GREENHOUSE_DATA_DIR=" + g.dir,
		"GREENHOUSE_DATABASE_URL=" + g.dbURL,
		"GREENHOUSE_DATABASE_MAX_OPEN_CONNS=8",
		"GREENHOUSE_SECURITY_SECRET_KEY=faults-test-secret-key-0123456789abcdef",
		"GREENHOUSE_WORKER_ENABLED_IN_SERVE=false",
		"GREENHOUSE_REALTIME_POLL_INTERVAL=100ms",
		"GREENHOUSE_SERVER_SHUTDOWN_TIMEOUT=5s",
		"GREENHOUSE_GITHUB_API_URL=" + dead,
		"GREENHOUSE_SPOTIFY_API_URL=" + dead,
		"GREENHOUSE_SPOTIFY_ACCOUNTS_URL=" + dead,
		"GREENHOUSE_WAKATIME_API_URL=" + dead,
		"GREENHOUSE_WEATHER_OPEN_METEO_URL=" + dead,
		"GREENHOUSE_WEATHER_OPENWEATHERMAP_URL=" + dead,
	}
	env = append(env, g.extra...)
	return append(env, extra...)
}

// deadPort is a loopback port no test listens on.
var deadPort = func() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 9 // discard: refused on loopback
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}()

// run runs one greenhouse command to completion (at most 30 s) and returns
// its output.
func (g *garden) run(ctx context.Context, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir, cmd.Env = g.dir, g.env()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// cli is run from the test's goroutine: a non-zero exit fails the test.
func (g *garden) cli(t testing.TB, args ...string) string {
	t.Helper()
	out, err := g.run(context.Background(), args...)
	if err != nil {
		t.Fatalf("greenhouse %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// serve starts `greenhouse serve` on a free port and waits for /readyz.
func (g *garden) serve(t testing.TB, name string, extraEnv ...string) (*proc, string) {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	p := start(t, name, g.dir, g.env(extraEnv...), binary, "serve", "--addr", addr)
	base := "http://" + addr
	p.WaitReady(t, base+"/readyz", 20*time.Second, 50*time.Millisecond)
	return p, base
}

// waitFor polls cond every 50ms until it holds, failing after limit.
func waitFor(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// postgresURL returns a fresh PostgreSQL schema, or skips the test when the
// run has no PostgreSQL (storetest fails it when one is set but unreachable).
func postgresURL(t *testing.T) string {
	t.Helper()
	if os.Getenv(storetest.PostgresURLEnv) == "" {
		t.Skipf("%s is not set: this fault needs PostgreSQL (make test-faults sets it to the local server)", storetest.PostgresURLEnv)
	}
	return storetest.URL(t, "postgres")
}

// metric reads the value of an unlabelled metric from a /metrics page
// (-1 when absent).
func metric(page, name string) float64 {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return -1
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return -1
	}
	return v
}

// getText returns the body of a GET (empty on a transport error).
func getText(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// browserUA makes the load look like a visitor (bots are not recorded).
const browserUA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

// firstProjectID returns the id of a project of the garden at base.
func firstProjectID(t testing.TB, base string) string {
	t.Helper()
	var g struct {
		Projects []struct {
			ID string `json:"id"`
		} `json:"projects"`
	}
	if err := json.Unmarshal([]byte(getText(base+"/api/v1/garden")), &g); err != nil || len(g.Projects) == 0 {
		t.Fatalf("garden has no project (err %v)", err)
	}
	return g.Projects[0].ID
}
