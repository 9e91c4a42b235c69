package faults

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/greenhouse-garden/greenhouse/internal/testbinary"
)

// pgBin is where Debian installs PostgreSQL 15's server binaries.
const pgBin = "/usr/lib/postgresql/15/bin"

// ownPostgres is a private PostgreSQL cluster in a temporary directory,
// run as the postgres user (initdb and postgres refuse root).
type ownPostgres struct {
	t    *testing.T
	dir  string
	port int
	cred *syscall.Credential
	proc *proc
}

// newOwnPostgres creates the cluster, or skips the test when this machine
// cannot (no binaries, no postgres user, not root to switch to it).
func newOwnPostgres(t *testing.T) *ownPostgres {
	t.Helper()
	if _, err := os.Stat(filepath.Join(pgBin, "postgres")); err != nil {
		t.Skipf("no PostgreSQL server binaries in %s", pgBin)
	}
	cred := &syscall.Credential{Uid: uint32(os.Getuid()), Gid: uint32(os.Getgid())}
	if os.Getuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root without a postgres user: initdb refuses root")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	dir, err := os.MkdirTemp("", "greenhouse-faults-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
		t.Fatal(err)
	}
	pg := &ownPostgres{t: t, dir: dir, port: freePort(t), cred: cred}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	initdb := exec.CommandContext(ctx, filepath.Join(pgBin, "initdb"), "-D", filepath.Join(dir, "data"),
		"-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	initdb.Dir = dir
	initdb.Env = []string{"PATH=" + os.Getenv("PATH"), "LC_ALL=C"}
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	return pg
}

func (pg *ownPostgres) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", pg.port)
}

// start runs the postmaster on the cluster's port and waits until it
// accepts connections.
func (pg *ownPostgres) start() {
	t := pg.t
	t.Helper()
	cmd := exec.Command(filepath.Join(pgBin, "postgres"), "-D", filepath.Join(pg.dir, "data"),
		"-p", strconv.Itoa(pg.port), "-k", pg.dir, "-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off", "-c", "max_connections=60")
	cmd.Dir = pg.dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LC_ALL=C"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: pg.cred}
	p := testbinary.Start(t, "postgres", cmd)
	t.Cleanup(func() { pg.stopProc(p) })
	pg.proc = p
	waitFor(t, 20*time.Second, "our PostgreSQL to accept connections", func() bool {
		if p.Exited() {
			t.Fatalf("postgres exited:\n%s", p.Output())
		}
		return exec.Command(filepath.Join(pgBin, "pg_isready"), "-q", "-h", "127.0.0.1", "-p", strconv.Itoa(pg.port)).Run() == nil
	})
}

// stop is a fast shutdown (SIGINT): sessions are ended, the server exits.
func (pg *ownPostgres) stop() {
	pg.stopProc(pg.proc)
}

func (pg *ownPostgres) stopProc(p *proc) {
	if p.Exited() {
		return
	}
	_ = p.Cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-p.Done():
	case <-time.After(15 * time.Second):
		p.Kill()
	}
}

// driverLeak matches database errors that must never reach a client.
var driverLeak = regexp.MustCompile(`(?i)dial tcp|connection refused|SQLSTATE|pgconn|127\.0\.0\.1:\d+`)

// PostgreSQL restarts under load: while it is down the API answers quickly
// (problems, never a hang nor a driver error in the body) and /readyz says
// 503; once it is back the same serve process answers 2xx again, /readyz is
// 200, and the realtime listener has reconnected: an event another process
// commits reaches an open socket through NOTIFY alone.
func TestPostgresRestartUnderLoad(t *testing.T) {
	pg := newOwnPostgres(t)
	pg.start()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// A long poll: after the restart only NOTIFY can wake the feed.
	g := newGarden(t, pg.url(), "GREENHOUSE_REALTIME_POLL_INTERVAL=1m", "GREENHOUSE_SERVER_REQUEST_TIMEOUT=3s")
	g.cli(t, "migrate", "up")
	g.cli(t, "plant", "seed", "--name", "Fault Fern")
	srv, base := g.serve(t, "serve")
	projectID := firstProjectID(t, base)

	ws, _, err := websocket.Dial(ctx, strings.Replace(base, "http", "ws", 1)+"/ws/garden?types=system_update", nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer ws.CloseNow()
	events := make(chan announcement, 20)
	endWS := make(chan error, 1)
	go func() { endWS <- readAnnouncements(ctx, ws, events) }()
	g.cli(t, "announce", "fault-before")
	expectAnnouncement(t, events, endWS, "fault-before", 10*time.Second)

	var phase struct {
		sync.Mutex
		down bool
	}
	isDown := func() bool { phase.Lock(); defer phase.Unlock(); return phase.down }
	type slow struct {
		took   time.Duration
		status int
	}
	res := newTally()
	var mu sync.Mutex
	var leaks []string
	var sample string // one 5xx body, for the log
	var slowest slow
	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			v := newVisitor()
			for i := 0; loadCtx.Err() == nil; i++ {
				label := "up"
				if isDown() {
					label = "down"
				}
				began := time.Now()
				st, err := v.step(loadCtx, base, projectID, i)
				if loadCtx.Err() != nil {
					return
				}
				res.add(label, st, err)
				mu.Lock()
				if took := time.Since(began); took > slowest.took {
					slowest = slow{took, st}
				}
				mu.Unlock()
				if st >= 500 {
					body := problemBody(loadCtx, v, base)
					mu.Lock()
					if driverLeak.MatchString(body) {
						leaks = append(leaks, body)
					}
					if sample == "" && body != "" {
						sample = body
					}
					mu.Unlock()
				}
				time.Sleep(150 * time.Millisecond)
			}
		})
	}
	defer func() { stopLoad(); wg.Wait() }()

	time.Sleep(time.Second)
	phase.Lock()
	phase.down = true
	phase.Unlock()
	pg.stop()
	stoppedAt := time.Now()
	waitFor(t, 10*time.Second, "/readyz 503 while PostgreSQL is down", func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusServiceUnavailable
	})
	time.Sleep(2 * time.Second)
	pg.start()
	t.Logf("PostgreSQL down for %s", time.Since(stoppedAt).Round(time.Millisecond))
	phase.Lock()
	phase.down = false
	phase.Unlock()
	backAt := time.Now()
	waitFor(t, 15*time.Second, "/readyz 200 and the garden 200 again", func() bool {
		v := newVisitor()
		st, err := v.do(ctx, http.MethodGet, base+"/api/v1/garden", "")
		resp, rerr := http.Get(base + "/readyz")
		if rerr != nil {
			return false
		}
		resp.Body.Close()
		return err == nil && st == http.StatusOK && resp.StatusCode == http.StatusOK
	})
	t.Logf("API healthy again %s after PostgreSQL came back", time.Since(backAt).Round(time.Millisecond))
	stopLoad()
	wg.Wait()

	// No own commit wakes the feed now: only the re-established LISTEN can.
	g.cli(t, "announce", "fault-after")
	expectAnnouncement(t, events, endWS, "fault-after", 10*time.Second)

	if srv.Exited() {
		t.Fatal("serve exited during the outage")
	}
	t.Logf("load: %s; slowest answer %s (status %d)", res, slowest.took.Round(time.Millisecond), slowest.status)
	for _, label := range []string{"up", "down"} {
		if _, errs := res.count(label); errs > 0 {
			t.Errorf("%d requests (%s) got no answer: %v", errs, label, res.errs[label][:min(errs, 5)])
		}
	}
	if slowest.took > 5*time.Second {
		t.Errorf("an answer took %s: requests hang while PostgreSQL is down", slowest.took)
	}
	t.Logf("a 5xx body while PostgreSQL was down: %s", strings.TrimSpace(sample))
	if len(leaks) > 0 {
		t.Errorf("5xx bodies leak database errors: %v", leaks[:min(len(leaks), 3)])
	}
	if ok, _ := res.count("up"); ok == 0 {
		t.Error("no 2xx answer while PostgreSQL was up: the load did not run")
	}
	res.mu.Lock()
	for st, n := range res.statuses["up"] {
		if st >= 500 {
			t.Logf("%d×%d while PostgreSQL was (marked) up: requests straddling the stop", n, st)
		}
	}
	res.mu.Unlock()
}

// problemBody fetches one garden page and returns its body, to inspect what
// a failing request tells the client.
func problemBody(ctx context.Context, v *visitor, base string) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/garden", nil)
	if err != nil {
		return ""
	}
	req.Header.Set("User-Agent", browserUA)
	resp, err := v.client.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	n, _ := resp.Body.Read(buf)
	b.Write(buf[:n])
	return b.String()
}

func expectAnnouncement(t *testing.T, events <-chan announcement, end <-chan error, msg string, limit time.Duration) {
	t.Helper()
	timeout := time.After(limit)
	for {
		select {
		case e := <-events:
			if e.message == msg {
				return
			}
		case err := <-end:
			t.Fatalf("socket ended before %q: %v", msg, err)
		case <-timeout:
			t.Fatalf("%q did not reach the socket within %s", msg, limit)
		}
	}
}
