// Package testbinary builds the greenhouse binary and runs it (or another
// program) as a child process of a test: output kept in memory and shown
// when the test fails, readiness polled on /readyz, the process killed when
// the test ends. The fault tests (internal/faults) and the startup
// benchmark (internal/cli) use it.
package testbinary

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Package is the import path of the greenhouse command.
const Package = "github.com/greenhouse-garden/greenhouse/cmd/greenhouse"

// Build runs `go build` of pkg into out from dir ("" for the current one);
// static builds the way `make build` does (no cgo, trimmed, stripped).
func Build(ctx context.Context, dir, out, pkg string, static bool) error {
	args := []string{"build", "-o", out}
	if static {
		args = []string{"build", "-trimpath", "-ldflags", "-s -w", "-o", out}
	}
	cmd := exec.CommandContext(ctx, "go", append(args, pkg)...)
	cmd.Dir = dir
	if static {
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	}
	if o, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build %s: %w\n%s", pkg, err, o)
	}
	return nil
}

// Process is a child process a test started.
type Process struct {
	Name string
	Cmd  *exec.Cmd
	// Ready is how long the process took to answer WaitReady's URL.
	Ready   time.Duration
	out     *buffer
	started time.Time
	done    chan struct{}
}

// Start starts cmd (prepared by the caller: args, dir, env, attributes)
// with its output kept in memory. The process is killed when the test ends,
// and its last lines are logged if the test failed.
func Start(tb testing.TB, name string, cmd *exec.Cmd) *Process {
	tb.Helper()
	p := &Process{Name: name, Cmd: cmd, out: &buffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start %s: %v", name, err)
	}
	go func() { _ = cmd.Wait(); close(p.done) }()
	tb.Cleanup(func() {
		p.Kill()
		if tb.Failed() {
			tb.Logf("--- output of %s ---\n%s", name, Tail(p.Output(), 60))
		}
	})
	return p
}

// Output is everything the process wrote so far.
func (p *Process) Output() string { return p.out.String() }

// Done is closed once the process has exited and been reaped.
func (p *Process) Done() <-chan struct{} { return p.done }

// Exited reports whether the process has ended.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Kill sends SIGKILL (if still running) and waits for the exit.
func (p *Process) Kill() {
	if p.Exited() {
		return
	}
	_ = p.Cmd.Process.Kill()
	<-p.done
}

// Terminate sends SIGTERM and waits up to limit for the exit code.
func (p *Process) Terminate(tb testing.TB, limit time.Duration) int {
	tb.Helper()
	_ = p.Cmd.Process.Signal(syscall.SIGTERM)
	return p.Wait(tb, limit)
}

// Wait waits up to limit for the exit code; a process still running then
// fails the test (and is killed at cleanup).
func (p *Process) Wait(tb testing.TB, limit time.Duration) int {
	tb.Helper()
	select {
	case <-p.done:
	case <-time.After(limit):
		tb.Fatalf("%s did not exit within %s:\n%s", p.Name, limit, Tail(p.Output(), 40))
	}
	return p.Cmd.ProcessState.ExitCode()
}

// WaitReady polls url every `every` until it answers 200 and records Ready;
// the test fails if the process exits first or limit passes.
func (p *Process) WaitReady(tb testing.TB, url string, limit, every time.Duration) {
	tb.Helper()
	hc := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := p.started.Add(limit)
	for {
		resp, err := hc.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.Ready = time.Since(p.started)
				return
			}
		}
		if p.Exited() {
			tb.Fatalf("%s exited before it was ready:\n%s", p.Name, Tail(p.Output(), 40))
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s was not ready within %s:\n%s", p.Name, limit, Tail(p.Output(), 40))
		}
		time.Sleep(every)
	}
}

// Tail is the last n lines of s.
func Tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// buffer collects a child's output; exec copies into it from its own
// goroutines while the test reads it.
type buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
