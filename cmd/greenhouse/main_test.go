package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinary builds the real binary with an injected version and checks
// what only main does: the version and the process exit code.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir, bin := t.TempDir(), filepath.Join(t.TempDir(), "greenhouse")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=v9.9.9-test", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	run := func(args ...string) (string, string, int) {
		cmd := exec.Command(bin, append([]string{"--data-dir", dir}, args...)...)
		cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+dir, "GREENHOUSE_DATABASE_URL=sqlite:garden.db")
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return out.String(), errOut.String(), exit.ExitCode()
		}
		if err != nil {
			t.Fatalf("run %v: %v", args, err)
		}
		return out.String(), errOut.String(), 0
	}
	if out, _, code := run("version"); code != 0 || out != "greenhouse v9.9.9-test\n" {
		t.Errorf("version: exit %d, %q", code, out)
	}
	if _, errOut, code := run("migrate", "up"); code != 0 {
		t.Fatalf("migrate up: exit %d, stderr %q", code, errOut)
	}
	if _, errOut, code := run("project", "show", "nowhere"); code != 3 || errOut != "error: project \"nowhere\" not found\n" {
		t.Errorf("show unknown: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "garden.db")); err != nil {
		t.Errorf("the SQLite file is not in data_dir: %v", err)
	}
}
