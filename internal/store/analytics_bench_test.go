package store_test

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// Dataset of BenchmarkAnalyticsDashboard, from the environment:
//
//	GREENHOUSE_BENCH_SESSIONS      sessions over 90 days (default 20000)
//	GREENHOUSE_BENCH_INTERACTIONS  interactions (default 10 per session)
//	GREENHOUSE_BENCH_REPS          measured calls of each path (default 20)
//	GREENHOUSE_BENCH_RAW_REPS      of which the raw-table path (default
//	                               GREENHOUSE_BENCH_REPS): at 1M sessions a raw
//	                               call takes a minute or more
//
// At 1M sessions / 10M interactions (docs/analytics.md):
//
//	GREENHOUSE_BENCH_SESSIONS=1000000 GREENHOUSE_BENCH_REPS=5 \
//	  go test -run '^$' -bench AnalyticsDashboard -benchtime 5x -timeout 3h ./internal/store/
func benchEnv(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func p95(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)*95+99)/100-1]
}

// BenchmarkAnalyticsDashboard measures the 90-day dashboard from the rollups
// against the same figures computed from the raw tables, interleaved in the
// same run, and reports the p95 of each and their ratio. Only the first
// GREENHOUSE_BENCH_REPS iterations measure (so -benchtime 2000x stays
// short); the figures are in the custom metrics, not ns/op.
func BenchmarkAnalyticsDashboard(b *testing.B) {
	sessions := benchEnv("GREENHOUSE_BENCH_SESSIONS", 20000)
	interactions := benchEnv("GREENHOUSE_BENCH_INTERACTIONS", 10*sessions)
	reps := benchEnv("GREENHOUSE_BENCH_REPS", 20)
	rawReps := min(reps, benchEnv("GREENHOUSE_BENCH_RAW_REPS", reps))
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, engine := range storetest.Engines() {
		db := storetest.Open(b, engine)
		load := analytics.NewService(db.Analytics(), domain.NewService(db), analytics.WithClock(func() time.Time { return now }))
		start := time.Now()
		if _, err := load.GenerateVisitors(ctx, analytics.GenerateVisitorsInput{Sessions: sessions,
			Interactions: interactions, Days: 90, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: generated %d sessions, %d interactions and rolled them up in %s", engine, sessions, interactions,
			time.Since(start).Round(time.Millisecond))
		svc := analytics.NewService(db.Analytics(), domain.NewService(db), analytics.WithClock(func() time.Time { return now.Add(time.Hour) }))
		dr, err := analytics.ParseDateRange("90d", time.UTC, now)
		if err != nil {
			b.Fatal(err)
		}
		// One unmeasured call of each warms the caches, as a serving process's are.
		if _, err := svc.Dashboard(ctx, dr); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.DashboardFromRaw(ctx, dr); err != nil {
			b.Fatal(err)
		}
		b.Run(engine+"/dashboard-90d", func(b *testing.B) {
			var rolled, raw []time.Duration
			i := 0
			for b.Loop() {
				if i++; i > reps {
					continue
				}
				t0 := time.Now()
				d1, err := svc.Dashboard(ctx, dr)
				if err != nil {
					b.Fatal(err)
				}
				rolled = append(rolled, time.Since(t0))
				if i > rawReps {
					continue
				}
				t1 := time.Now()
				d2, err := svc.DashboardFromRaw(ctx, dr)
				if err != nil {
					b.Fatal(err)
				}
				raw = append(raw, time.Since(t1))
				if d1.Visitors != d2.Visitors {
					b.Fatalf("rollups and raw rows disagree:\n%+v\n%+v", d1.Visitors, d2.Visitors)
				}
			}
			r, w := p95(rolled), p95(raw)
			b.ReportMetric(float64(r.Microseconds())/1000, "rollup-p95-ms")
			b.ReportMetric(float64(w.Microseconds())/1000, "raw-p95-ms")
			b.ReportMetric(float64(w)/float64(r), "raw/rollup")
			b.ReportMetric(float64(len(rolled)), "calls")
			b.ReportMetric(float64(len(raw)), "raw-calls")
		})
	}
}
