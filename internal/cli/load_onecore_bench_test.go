//go:build linux

package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/greenhouse-garden/greenhouse/internal/testbinary"
)

// serverCPU is the core the servers are pinned to; the load runs on the
// other one (make bench starts this benchmark under `taskset -c 1`).
const serverCPU = "0"

// BenchmarkLoadOneCore is BenchmarkLoad as a 1-vCPU deployment runs it: the
// real, statically built `greenhouse serve` and each reference (scripts/loadref:
// the same garden bytes from a bare handler, plain and gzip-encoded; a
// one-row insert per request on the same engine) run in their own
// processes pinned to CPU 0 with GOMAXPROCS=1, and this process sends the
// load from 64 connections to one of them at a time, a path and its
// reference in turn (alternate). It runs each path with 64 visitor sessions and
// with one session shared by every connection (a visitor's burst, or a
// script). Targets: garden ≥ 0.60 of its reference (also gzip), interact ≥
// 0.50 of the insert with p99 < 25 ms, no errors. Run it with -benchtime 1x,
// under `taskset -c 1`.
func BenchmarkLoadOneCore(b *testing.B) {
	if runtime.GOOS != "linux" || runtime.NumCPU() < 1 {
		b.Skip("needs Linux")
	}
	taskset, err := exec.LookPath("taskset")
	if err != nil {
		b.Skip("taskset (util-linux) is not installed")
	}
	const clients = 64
	window := 3 * time.Second
	if s := os.Getenv("GREENHOUSE_BENCH_WINDOW"); s != "" {
		if d, err := time.ParseDuration(s); err == nil {
			window = d
		}
	}
	dir := b.TempDir()
	bin, ref := filepath.Join(dir, "greenhouse"), filepath.Join(dir, "loadref")
	buildStatic(b, "", bin, "github.com/greenhouse-garden/greenhouse/cmd/greenhouse")
	buildStatic(b, "", ref, "github.com/greenhouse-garden/greenhouse/scripts/loadref")
	pin := pinned{taskset: taskset, bin: bin, ref: ref}
	for _, engine := range storetest.Engines() {
		for _, shared := range []bool{false, true} {
			name := engine + "/sessions=64"
			if shared {
				name = engine + "/sessions=1"
			}
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					oneCoreRun(b, pin, engine, clients, shared, window)
				}
			})
		}
	}
}

// pinned starts processes on serverCPU with GOMAXPROCS=1.
type pinned struct{ taskset, bin, ref string }

func (p pinned) start(b *testing.B, env []string, bin string, args ...string) *testbinary.Process {
	b.Helper()
	env = append(env, "GOMAXPROCS=1")
	return startProcess(b, env, p.taskset, append([]string{"-c", serverCPU, bin}, args...)...)
}

func oneCoreRun(b *testing.B, pin pinned, engine string, clients int, shared bool, window time.Duration) {
	dir := b.TempDir()
	url := storetest.URL(b, engine)
	env := startupEnv(filepath.Join(dir, "config"))
	env = append(env, "GREENHOUSE_RATELIMIT_ENABLED=false")
	if redisURL := os.Getenv("GREENHOUSE_TEST_REDIS_URL"); redisURL != "" && engine == store.Postgres {
		env = append(env, "GREENHOUSE_REDIS_URL="+redisURL)
	}
	dataDir := filepath.Join(dir, "data")
	common := []string{"--database-url", url, "--data-dir", dataDir}
	for _, args := range [][]string{{"migrate", "up"}, {"demo"}} {
		cmd := exec.Command(pin.bin, append(common, args...)...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
	}

	waitQuietCPU(b, serverCPU)
	addr := freeAddr(b)
	prof := newProfiler(b, &env, engine, shared)
	serve := pin.start(b, env, pin.bin, append(common, "serve", "--addr", addr)...)
	base := "http://" + addr
	sessions, gardenBody, projectIDs := visitors(b, base, clients)
	if shared {
		for i := range sessions {
			sessions[i] = sessions[0]
		}
	}
	gzipBody := gardenGzip(b, base, sessions[0])

	bare := pin.startBare(b, env, dir, gardenBody, "")
	bareGz := pin.startBare(b, env, dir, gzipBody, "gzip")
	insert := pin.startInsert(b, env, url)
	for _, r := range []reference{bare, bareGz, insert} {
		defer r.proc.Terminate(b, 10*time.Second)
	}
	// Three processes just started on the server's core (the insert
	// reference creates its table): measured at once, serve's first half
	// ran at two-thirds of its speed (13,340 against 18,066 req/s).
	waitQuietCPU(b, serverCPU)

	garden, refGarden := alternate(window, func(w time.Duration) loadResult {
		return prof.during(b, "garden", w, func() loadResult {
			return load(b, clients, w, gardenRequest(base+"/api/v1/garden", sessions, ""))
		})
	}, bare.load(b, clients))
	gardenGz, refGzip := alternate(window, func(w time.Duration) loadResult {
		return prof.during(b, "gzip", w, func() loadResult {
			return load(b, clients, w, gardenRequest(base+"/api/v1/garden", sessions, "gzip"))
		})
	}, bareGz.load(b, clients))
	var interactBusy, insertBusy busyMeter
	interact, refInsert := alternate(window, func(w time.Duration) loadResult {
		return interactBusy.during(b, serve, func() loadResult {
			return prof.during(b, "interact", w, func() loadResult {
				return load(b, clients, w, interactRequests(base, sessions, projectIDs))
			})
		})
	}, func(w time.Duration) loadResult {
		return insertBusy.during(b, insert.proc, func() loadResult { return insert.load(b, clients)(w) })
	})
	perCommit := interactionsPerCommit(b, base)
	serve.Terminate(b, 10*time.Second)

	b.ReportMetric(garden.rps, "garden-req/s")
	b.ReportMetric(refGarden.rps, "bare-req/s")
	b.ReportMetric(garden.rps/refGarden.rps, "garden/bare")
	b.ReportMetric(ms(garden.p99), "garden-p99-ms")
	b.ReportMetric(gardenGz.rps, "gzip-req/s")
	b.ReportMetric(refGzip.rps, "bare-gzip-req/s")
	b.ReportMetric(gardenGz.rps/refGzip.rps, "gzip/bare-gzip")
	b.ReportMetric(interact.rps, "interact-req/s")
	b.ReportMetric(refInsert.rps, "insert-req/s")
	b.ReportMetric(interact.rps/refInsert.rps, "interact/insert")
	b.ReportMetric(ms(interact.p50), "interact-p50-ms")
	b.ReportMetric(ms(interact.p99), "interact-p99-ms")
	// The insert's own latency at the same concurrency: how far below it a
	// p99 target can be reached on this machine at all.
	b.ReportMetric(ms(refInsert.p50), "insert-p50-ms")
	b.ReportMetric(ms(refInsert.p99), "insert-p99-ms")
	b.ReportMetric(perCommit, "interact/commit")
	// How much of its core each process used while 64 connections kept it
	// saturated: the rest it sat off the core with work waiting, in a
	// blocking system call that held its only P (see store/checkpoint.go).
	b.ReportMetric(interactBusy.share(), "interact-busy")
	b.ReportMetric(insertBusy.share(), "insert-busy")
	b.ReportMetric(float64(garden.errors+gardenGz.errors+interact.errors), "errors")
}

// alternate measures a path and its reference in turn, path, reference,
// reference, path, each for half a window, and merges each side's halves.
// This machine's speed drifts within seconds (another tenant, the page
// cache writing back, PostgreSQL checkpointing after the previous run's
// writes): measured one after the other, a drift lands on one side of the
// ratio; in this order a steady drift weighs on both alike. Each side is
// first warmed for a sixth of a window, unmeasured (connections opened,
// caches filled, the heap grown), or the first half would carry it alone.
func alternate(window time.Duration, path, ref func(time.Duration) loadResult) (loadResult, loadResult) {
	path(window / 6)
	ref(window / 6)
	half := window / 2
	p1 := path(half)
	r1 := ref(half)
	r2 := ref(half)
	p2 := path(half)
	return p1.merged(p2), r1.merged(r2)
}

// reference is a pinned reference process (scripts/loadref), started
// beside serve before the measurements: it waits, idle, for its turns.
type reference struct {
	proc *testbinary.Process
	req  func(int) *http.Request
}

// load sends the reference's requests for a window.
func (r reference) load(b *testing.B, clients int) func(time.Duration) loadResult {
	return func(w time.Duration) loadResult { return load(b, clients, w, r.req) }
}

// startBare starts a bare reference serving body (encoded as encoding says).
func (p pinned) startBare(b *testing.B, env []string, dir string, body []byte, encoding string) reference {
	file := filepath.Join(dir, "body"+encoding)
	if err := os.WriteFile(file, body, 0o600); err != nil {
		b.Fatal(err)
	}
	addr := freeAddr(b)
	args := []string{"-addr", addr, "-bare", file}
	if encoding != "" {
		args = append(args, "-encoding", encoding)
	}
	proc := p.start(b, env, p.ref, args...)
	return reference{proc: proc, req: func(int) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/", nil)
		if encoding != "" {
			r.Header.Set("Accept-Encoding", encoding)
		}
		return r
	}}
}

// startInsert starts the one-row-insert reference on url's engine.
func (p pinned) startInsert(b *testing.B, env []string, url string) reference {
	addr := freeAddr(b)
	proc := p.start(b, env, p.ref, "-addr", addr, "-insert", url)
	body := []byte(`{"interaction_type":"view"}`)
	return reference{proc: proc, req: func(int) *http.Request {
		r, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", bytes.NewReader(body))
		return r
	}}
}

// busyMeter adds up the share of one core a process used over the loads
// it watched.
type busyMeter struct {
	ticks int64
	wall  time.Duration
}

// during runs load and counts proc's CPU time meanwhile.
func (m *busyMeter) during(b *testing.B, proc *testbinary.Process, load func() loadResult) loadResult {
	b.Helper()
	before, start := cpuTicks(b, proc.Cmd.Process.Pid), time.Now()
	res := load()
	m.ticks += cpuTicks(b, proc.Cmd.Process.Pid) - before
	m.wall += time.Since(start)
	return res
}

// share is the CPU time counted over the wall time watched: user and
// system time from /proc/PID/stat, in clock ticks of 10 ms.
func (m *busyMeter) share() float64 {
	if m.wall <= 0 {
		return 0
	}
	return float64(m.ticks) * clockTick.Seconds() / m.wall.Seconds()
}

// clockTick is Linux's USER_HZ tick, the unit of /proc/PID/stat's times;
// 100 Hz on every architecture Go supports.
const clockTick = 10 * time.Millisecond

// cpuTicks is utime + stime of pid, fields 14 and 15 of /proc/PID/stat
// (counted after the command name, which may hold spaces but ends at the
// last ')').
func cpuTicks(b *testing.B, pid int) int64 {
	b.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatalf("cpu time of %d: %v", pid, err)
	}
	fields := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	if len(fields) < 13 {
		b.Fatalf("cpu time of %d: short /proc stat %q", pid, raw)
	}
	var total int64
	for _, f := range fields[11:13] { // state is fields[0], utime fields[11]
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			b.Fatalf("cpu time of %d: %v", pid, err)
		}
		total += n
	}
	return total
}

func gardenRequest(url string, sessions []string, encoding string) func(int) *http.Request {
	return func(c int) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, url, nil)
		r.Header.Set("X-Visitor-Session", sessions[c])
		r.Header.Set("User-Agent", benchUA)
		if encoding != "" {
			r.Header.Set("Accept-Encoding", encoding)
		}
		return r
	}
}

// interactRequests has each client look at the projects in turn, as
// visitors browse a garden. Each client's counter is its own.
func interactRequests(base string, sessions, projectIDs []string) func(int) *http.Request {
	body := []byte(`{"interaction_type":"view"}`)
	var mu sync.Mutex
	turn := make([]int, len(sessions))
	return func(c int) *http.Request {
		mu.Lock()
		turn[c]++
		i := turn[c]
		mu.Unlock()
		projectID := projectIDs[(c+i)%len(projectIDs)]
		r, _ := http.NewRequest(http.MethodPost, base+"/api/v1/projects/"+projectID+"/interact", bytes.NewReader(body))
		r.Header.Set("X-Visitor-Session", sessions[c])
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("User-Agent", benchUA)
		return r
	}
}

// gardenGzip fetches the garden's gzip-encoded bytes exactly as serve sends
// them, for the gzip reference to serve the same bytes.
func gardenGzip(b *testing.B, base, session string) []byte {
	b.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/garden", nil)
	req.Header.Set("X-Visitor-Session", session)
	req.Header.Set("User-Agent", benchUA)
	req.Header.Set("Accept-Encoding", "gzip")
	// A transport of its own that does not decompress: the reference must
	// serve the bytes on the wire.
	hc := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		b.Fatal(err)
	}
	if resp.Header.Get("Content-Encoding") != "gzip" {
		b.Logf("%s", fmt.Sprintf("garden is not gzip-encoded yet (Content-Encoding %q): the gzip rows compare identity bytes", resp.Header.Get("Content-Encoding")))
	}
	return buf.Bytes()
}

// profiler takes a CPU profile of serve during each load when
// GREENHOUSE_BENCH_PROFILE names a directory (serve then listens on
// server.debug_addr): the profile of the very run the figures come from,
// as `go tool pprof -top DIR/sqlite-sessions64-interact.pprof` shows it.
// With GREENHOUSE_BENCH_TRACE=1 it takes an execution trace instead
// (DIR/…-interact.trace): a CPU profile says where the time goes, a trace
// says which goroutine held the one core while requests waited, which is
// what a p99 on one core hangs on.
type profiler struct {
	dir, name, debug, kind, ext string
}

func newProfiler(b *testing.B, env *[]string, engine string, shared bool) profiler {
	dir := os.Getenv("GREENHOUSE_BENCH_PROFILE")
	if dir == "" {
		return profiler{}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	p := profiler{dir: dir, name: engine + "-sessions64", debug: freeAddr(b), kind: "profile", ext: ".pprof"}
	if os.Getenv("GREENHOUSE_BENCH_TRACE") == "1" {
		p.kind, p.ext = "trace", ".trace"
	}
	if shared {
		p.name = engine + "-sessions1"
	}
	*env = append(*env, "GREENHOUSE_SERVER_DEBUG_ADDR="+p.debug)
	return p
}

// during runs load while profiling serve for most of its window.
func (p profiler) during(b *testing.B, path string, window time.Duration, load func() loadResult) loadResult {
	if p.dir == "" {
		return load()
	}
	secs := max(1, int(window.Seconds())-1)
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/%s?seconds=%d", p.debug, p.kind, secs))
		if err != nil {
			done <- err
			return
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(resp.Body); err != nil {
			done <- err
			return
		}
		done <- os.WriteFile(filepath.Join(p.dir, p.name+"-"+path+p.ext), buf.Bytes(), 0o644)
	}()
	res := load()
	if err := <-done; err != nil {
		b.Errorf("profile of %s: %v", path, err)
	}
	return res
}

// interactionsPerCommit reads serve's /metrics: the interactions its writer
// grouped into each transaction (interaction_commit_items_total over
// interaction_commits_total), what one core's interaction rate hangs on.
func interactionsPerCommit(b *testing.B, base string) float64 {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var commits, items float64
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		switch name {
		case "interaction_commits_total":
			commits, _ = strconv.ParseFloat(value, 64)
		case "interaction_commit_items_total":
			items, _ = strconv.ParseFloat(value, 64)
		}
	}
	if commits == 0 {
		return 0
	}
	return items / commits
}

// waitQuietCPU waits, at most 30 s, until cpu has been at least 95% idle
// over half a second. The load benchmarks run just before this one leave
// the database servers and the kernel writing back what they wrote (make
// bench saw the first one-core run at 0.57 of the bare garden with the
// same code measuring 0.71-0.86 once the machine was quiet): serve would
// share its core with that while its reference, measured later, would not.
func waitQuietCPU(b *testing.B, cpu string) {
	b.Helper()
	start := time.Now()
	for time.Since(start) < 30*time.Second {
		idle0, total0 := cpuIdle(b, cpu)
		time.Sleep(500 * time.Millisecond)
		idle1, total1 := cpuIdle(b, cpu)
		if total1 > total0 && float64(idle1-idle0) >= 0.95*float64(total1-total0) {
			if waited := time.Since(start); waited > time.Second {
				b.Logf("cpu %s was busy: waited %s for it to be quiet", cpu, waited.Round(100*time.Millisecond))
			}
			return
		}
	}
	b.Logf("cpu %s still busy after 30 s; measuring anyway", cpu)
}

// cpuIdle returns the idle and total ticks of cpu from /proc/stat (idle
// counts iowait too: the core was free to run anything).
func cpuIdle(b *testing.B, cpu string) (idle, total int64) {
	b.Helper()
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		b.Fatalf("cpu times: %v", err)
	}
	for line := range strings.Lines(string(raw)) {
		fields := strings.Fields(line)
		if len(fields) < 6 || fields[0] != "cpu"+cpu {
			continue
		}
		for i, f := range fields[1:] {
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				b.Fatalf("cpu times: %v", err)
			}
			total += n
			if i == 3 || i == 4 { // idle, iowait
				idle += n
			}
		}
		return idle, total
	}
	b.Fatalf("cpu times: no cpu%s in /proc/stat", cpu)
	return 0, 0
}
