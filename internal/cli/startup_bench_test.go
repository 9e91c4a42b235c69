//go:build linux

package cli

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/testbinary"
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
	if err := testbinary.Build(b.Context(), "", bin, testbinary.Package, true); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(refServerSource), 0o600); err != nil {
		b.Fatal(err)
	}
	if err := testbinary.Build(b.Context(), dir, ref, "main.go", true); err != nil {
		b.Fatal(err)
	}

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
			refReady, ready = append(refReady, ms(r.Ready)), append(ready, ms(g.Ready))
			refRSS, rss = append(refRSS, rssMiB(b, r)), append(rss, rssMiB(b, g))
			r.Terminate(b, 10*time.Second)
			g.Terminate(b, 10*time.Second)
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

// startupEnv isolates serve from the developer's config, database and Redis:
// the SQLite default in the data dir, quiet logs.
func startupEnv(configHome string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "GREENHOUSE_") || strings.HasPrefix(kv, "XDG_CONFIG_HOME=")
	})
	return append(env, "XDG_CONFIG_HOME="+configHome, "GREENHOUSE_LOG_LEVEL=error")
}

// startProcess execs bin and waits for /readyz (polled every 5 ms) to
// answer 200 at the address following "-addr" or "--addr" in args. The
// process never outlives the benchmark.
func startProcess(b *testing.B, env []string, bin string, args ...string) *testbinary.Process {
	b.Helper()
	addr := args[slices.IndexFunc(args, func(a string) bool { return strings.HasSuffix(a, "-addr") })+1]
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p := testbinary.Start(b, filepath.Base(bin), cmd)
	p.WaitReady(b, "http://"+addr+"/readyz", 15*time.Second, 5*time.Millisecond)
	return p
}

// rssMiB reads the resident set size from /proc/<pid>/status.
func rssMiB(b *testing.B, p *testbinary.Process) float64 {
	b.Helper()
	f, err := os.Open("/proc/" + strconv.Itoa(p.Cmd.Process.Pid) + "/status")
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
	b.Fatalf("no VmRSS for pid %d", p.Cmd.Process.Pid)
	return 0
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// buildStatic builds pkg into out as `make build` does (static, stripped).
func buildStatic(b *testing.B, dir, out, pkg string) {
	b.Helper()
	if err := testbinary.Build(b.Context(), dir, out, pkg, true); err != nil {
		b.Fatal(err)
	}
}
