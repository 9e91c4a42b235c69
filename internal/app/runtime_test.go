package app

import (
	"bytes"
	"errors"
	"log/slog"
	"math"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/KimMachineGun/automemlimit/memlimit"
	"github.com/greenhouse-garden/greenhouse/internal/config"
)

// keepRuntime restores the collector's settings a test changes (they are
// the process's).
func keepRuntime(t *testing.T) {
	t.Helper()
	percent := debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	limit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
}

func currentGCPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestTuneRuntime(t *testing.T) {
	const gib = 1 << 30
	tests := []struct {
		name        string
		env         map[string]string
		ratio       float64
		limit       memlimit.Provider
		wantPercent int   // 0: left as it was (123)
		wantLimit   int64 // math.MaxInt64: none set
		wantLog     string
	}{
		{name: "both set from config", ratio: 0.5, limit: memlimit.Limit(gib),
			wantPercent: 400, wantLimit: gib / 2, wantLog: "soft memory limit set"},
		{name: "GOGC wins", env: map[string]string{"GOGC": "50"}, ratio: 0.5, limit: memlimit.Limit(gib),
			wantLimit: gib / 2},
		{name: "GOMEMLIMIT wins", env: map[string]string{"GOMEMLIMIT": "300MiB"}, ratio: 0.5,
			limit: memlimit.Limit(gib), wantPercent: 400, wantLimit: math.MaxInt64},
		{name: "ratio 0 sets no limit", limit: memlimit.Limit(gib), wantPercent: 400, wantLimit: math.MaxInt64},
		{name: "no container limit", ratio: 0.9,
			limit:       func() (uint64, error) { return 0, memlimit.ErrNoLimit },
			wantPercent: 400, wantLimit: math.MaxInt64, wantLog: "no container memory limit"},
		{name: "not in a cgroup", ratio: 0.9,
			limit:       func() (uint64, error) { return 0, memlimit.ErrNoCgroup },
			wantPercent: 400, wantLimit: math.MaxInt64, wantLog: "no container memory limit"},
		{name: "unreadable limit", ratio: 0.9,
			limit:       func() (uint64, error) { return 0, errors.New("permission denied") },
			wantPercent: 400, wantLimit: math.MaxInt64, wantLog: "permission denied"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keepRuntime(t)
			debug.SetGCPercent(123)
			debug.SetMemoryLimit(math.MaxInt64)
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := config.PerformanceConfig{GCPercent: 400, MemoryLimitRatio: tc.ratio}
			TuneRuntime(c, func(k string) string { return tc.env[k] }, tc.limit, log)

			want := tc.wantPercent
			if want == 0 {
				want = 123
			}
			if got := currentGCPercent(); got != want {
				t.Errorf("GC percent %d, want %d", got, want)
			}
			if got := debug.SetMemoryLimit(-1); got != tc.wantLimit {
				t.Errorf("memory limit %d, want %d", got, tc.wantLimit)
			}
			if !strings.Contains(logs.String(), tc.wantLog) {
				t.Errorf("log %q does not say %q", logs.String(), tc.wantLog)
			}
		})
	}
}
