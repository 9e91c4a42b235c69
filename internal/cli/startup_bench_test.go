//go:build linux

package cli

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkStartup measures how fast the real, statically built binary is
// ready to serve and how much memory it holds when idle: from the exec of
// `greenhouse serve` on a migrated SQLite data dir to the first 200 from
// /readyz (polled every 5 ms), then VmRSS after 2 s idle. The reference,
// interleaved in the same runs, is a trivial static Go binary that listens
// and answers 200. It reports the medians of 5 runs (targets: ready < 300 ms,
// idle RSS < 40 MiB). Linux only (/proc); run with -benchtime 1x.
func BenchmarkStartup(b *testing.B) {
	const runs = 5
	dir := b.TempDir()
	bin := filepath.Join(dir, "greenhouse")
	ref := filepath.Join(dir, "ref")
	buildStatic(b, "", bin, "github.com/greenhouse-garden/greenhouse/cmd/greenhouse")
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(refServerSource), 0o600); err != nil {
		b.Fatal(err)
	}
	buildStatic(b, dir, ref, "main.go")

	dataDir := filepath.Join(dir, "data")
	env := startupEnv(filepath.Join(dir, "config"))
	migrate := exec.Command(bin, "--data-dir", dataDir, "migrate", "up")
	migrate.Env = env
	if out, err := migrate.CombinedOutput(); err != nil {
		b.Fatalf("migrate up: %v\n%s", err, out)
	}

	for b.Loop() {
		var ready, refReady, rss, refRSS []float64
		for range runs {
			r := startProcess(b, env, ref, "-addr", freeAddr(b))
			g := startProcess(b, env, bin, "--data-dir", dataDir, "serve", "--addr", freeAddr(b))
			time.Sleep(2 * time.Second) // both idle
			refReady, ready = append(refReady, ms(r.ready)), append(ready, ms(g.ready))
			refRSS, rss = append(refRSS, r.rssMiB(b)), append(rss, g.rssMiB(b))
			r.stop(b)
			g.stop(b)
		}
		b.ReportMetric(median(ready), "ready-ms")
		b.ReportMetric(median(refReady), "ref-ready-ms")
		b.ReportMetric(median(ready)/median(refReady), "ready/ref")
		b.ReportMetric(slices.Max(ready), "ready-max-ms")
		b.ReportMetric(median(rss), "idle-rss-MiB")
		b.ReportMetric(median(refRSS), "ref-rss-MiB")
		b.ReportMetric(median(rss)/median(refRSS), "rss/ref")
	}
}

// refServerSource is the reference: the least a Go server does to be ready.
const refServerSource = `package main

import (
	"flag"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	http.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })
	if err := http.ListenAndServe(*addr, nil); err != nil {
		panic(err)
	}
}
`

// buildStatic builds pkg into out the way `make build` does (static, stripped).
func buildStatic(b *testing.B, dir, out, pkg string) {
	b.Helper()
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out, pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if o, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("build %s: %v\n%s", pkg, err, o)
	}
}

// startupEnv isolates serve from the developer's config, database and Redis:
// the SQLite default in the data dir, quiet logs.
func startupEnv(configHome string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "GREENHOUSE_") || strings.HasPrefix(kv, "XDG_CONFIG_HOME=")
	})
	return append(env, "XDG_CONFIG_HOME="+configHome, "GREENHOUSE_LOG_LEVEL=error")
}

// process is one started server, stopped by stop or at cleanup.
type process struct {
	cmd    *exec.Cmd
	out    *lockedBuffer
	ready  time.Duration
	exited chan struct{} // closed once the process is reaped
}

// startProcess execs bin and waits for /readyz to answer 200 at the address
// following "-addr" or "--addr" in args.
func startProcess(b *testing.B, env []string, bin string, args ...string) *process {
	b.Helper()
	addr := args[slices.IndexFunc(args, func(a string) bool { return strings.HasSuffix(a, "-addr") })+1]
	p := &process{cmd: exec.Command(bin, args...), out: &lockedBuffer{}, exited: make(chan struct{})}
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlive the benchmark
	hc := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	url := "http://" + addr + "/readyz"
	start := time.Now()
	if err := p.cmd.Start(); err != nil {
		b.Fatalf("start %s: %v", bin, err)
	}
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	b.Cleanup(p.kill)
	deadline := start.Add(15 * time.Second)
	for {
		resp, err := hc.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.ready = time.Since(start)
				return p
			}
		}
		select {
		case <-p.exited:
			b.Fatalf("%s %v exited before it was ready:\n%s", filepath.Base(bin), args, p.out.String())
		default:
		}
		if time.Now().After(deadline) {
			b.Fatalf("%s %v was not ready within 15 s:\n%s", filepath.Base(bin), args, p.out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// rssMiB reads the resident set size from /proc/<pid>/status.
func (p *process) rssMiB(b *testing.B) float64 {
	b.Helper()
	f, err := os.Open("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/status")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				b.Fatalf("VmRSS %q: %v", rest, err)
			}
			return kb / 1024
		}
	}
	b.Fatalf("no VmRSS for pid %d", p.cmd.Process.Pid)
	return 0
}

// stop sends SIGTERM and waits; a process that does not exit within 10 s is
// killed and fails the benchmark.
func (p *process) stop(b *testing.B) {
	b.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		p.kill()
		b.Fatalf("%s did not stop on SIGTERM within 10 s:\n%s", p.cmd.Path, p.out.String())
	}
}

// kill ends the process if it still runs and waits until it is reaped.
func (p *process) kill() {
	select {
	case <-p.exited:
	default:
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// lockedBuffer collects a child's output; exec copies into it from its own
// goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
