package cli

import (
	"context"
	"testing"
	"time"
)

// `worker` starts, migrates River's tables, and stops cleanly when its
// context ends (SIGINT/SIGTERM in the real binary).
func TestWorkerCommandStartsAndStops(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		io, buf := Test()
		f := NewFactory(io)
		root := NewRootCmd(f, "test")
		root.SetArgs([]string{"--database-url", e.url, "--data-dir", e.dataDir, "worker", "--no-schedule", "--metrics-addr", "127.0.0.1:0"})
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		start := time.Now()
		if code := Execute(ctx, root, f); code != ExitOK {
			t.Fatalf("worker exited %d: %s", code, buf.ErrOut.String())
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("shutdown took %v", time.Since(start))
		}
	})
}
