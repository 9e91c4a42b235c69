package app

import (
	"errors"
	"log/slog"
	"math"
	"runtime/debug"

	"github.com/KimMachineGun/automemlimit/memlimit"
	"github.com/greenhouse-garden/greenhouse/internal/config"
)

// A serve process keeps a small live heap (about 3 MB under load) and
// allocates fast: about 5 KB per garden request, most of it net/http's own
// (the request, its headers, the response headers' copy). At Go's default
// GOGC=100 the collector then ran about 50 times a second under the
// one-core garden load (heap goal 7 MB; each cycle about 1.5 ms of CPU and
// a third of the time with write barriers on). performance.gc_percent=400
// lets the heap grow to five times what is live between collections
// (about 15 MB there), for a fifth of the cycles. Measured with
// BenchmarkLoadOneCore (SQLite, one session; alternated, GOGC=100 then 400
// in the same minutes): garden/bare 0.63 and 0.64 against 0.72 and 0.71,
// gzip/bare-gzip 0.60 and 0.61 against 0.66 and 0.69. The idle RSS
// (BenchmarkStartup) and the memory per socket (BenchmarkSocketMemory) did
// not move: 34.4 and 33.9 MiB, 34.8 KiB both.
//
// A larger heap goal must not cost a container its memory, so the soft
// memory limit follows the container's (the cgroup's memory.max, times
// performance.memory_limit_ratio): near it the collector runs as often as
// it must, whatever gc_percent says. Go's own GOGC and GOMEMLIMIT, when
// set, win over both keys.

// TuneRuntime applies performance.gc_percent and
// performance.memory_limit_ratio to this process (serve and worker, which
// run for long), unless getenv has Go's GOGC or GOMEMLIMIT, and logs what
// it set. limit is where the container's memory limit comes from (nil:
// its cgroup).
func TuneRuntime(c config.PerformanceConfig, getenv func(string) string, limit memlimit.Provider, log *slog.Logger) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(c.GCPercent)
		log.Debug("garbage collector target", "performance.gc_percent", c.GCPercent)
	}
	if getenv("GOMEMLIMIT") != "" || c.MemoryLimitRatio == 0 {
		return
	}
	if limit == nil {
		limit = memlimit.FromCgroup
	}
	set, err := memlimit.Set(memlimit.WithProvider(limit), memlimit.WithRatio(c.MemoryLimitRatio))
	switch {
	case errors.Is(err, memlimit.ErrNoCgroup) || (err == nil && (set <= 0 || set == math.MaxInt64)):
		// Not in a cgroup, a cgroup without a limit, or AUTOMEMLIMIT=off.
		log.Debug("no container memory limit: Go's soft memory limit stays unset")
	case err != nil:
		log.Warn("reading the container's memory limit failed: Go's soft memory limit stays unset", "err", err)
	default:
		log.Info("Go's soft memory limit set from the container's", "bytes", set,
			"performance.memory_limit_ratio", c.MemoryLimitRatio)
	}
}
