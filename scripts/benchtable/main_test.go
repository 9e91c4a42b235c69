package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sample is `make bench` output captured on the dev machine (2 CPUs, SQLite,
// PostgreSQL and Redis), without the packages that have no benchmark.
const sample = `PASS
ok  	github.com/greenhouse-garden/greenhouse/internal/analytics	0.036s
goos: linux
goarch: amd64
pkg: github.com/greenhouse-garden/greenhouse/internal/api
cpu: AMD EPYC
BenchmarkGardenHandler/sqlite-2         	    2000	    191839 ns/op	         0.3039 bare-cost/garden-cost	        44.70 bare-us/op	     20544 body-bytes	       147.1 garden-us/op
BenchmarkGardenHandler/postgres-2       	    2000	    142105 ns/op	         0.2688 bare-cost/garden-cost	        30.09 bare-us/op	     20552 body-bytes	       111.9 garden-us/op
PASS
ok  	github.com/greenhouse-garden/greenhouse/internal/api	1.403s
goos: linux
goarch: amd64
pkg: github.com/greenhouse-garden/greenhouse/internal/store
cpu: AMD EPYC
BenchmarkAnalyticsDashboard/sqlite/dashboard-90d-2         	    2000	  16024072 ns/op	        20.00 calls	      2143 raw-p95-ms	         7.475 raw/rollup	       286.7 rollup-p95-ms
BenchmarkAnalyticsDashboard/postgres/dashboard-90d-2       	    2000	  10908713 ns/op	        20.00 calls	      1176 raw-p95-ms	         4.196 raw/rollup	       280.3 rollup-p95-ms
BenchmarkStore/sqlite/load-garden-2                        	    2000	    512094 ns/op	    458630 path-ns/op	         8.595 path/ref	     53361 ref-ns/op
BenchmarkStore/sqlite/record-interaction-2                 	    2000	    404302 ns/op	    318334 path-ns/op	         4.285 path/ref	     74296 ref-ns/op
BenchmarkStore/postgres/load-garden-2                      	    2000	   2734709 ns/op	    946102 path-ns/op	         0.5291 path/ref	   1788289 ref-ns/op
BenchmarkStore/postgres/record-interaction-2               	    2000	   4301919 ns/op	   2789063 path-ns/op	         1.966 path/ref	   1418716 ref-ns/op
BenchmarkInteractConcurrent/sqlite-2                       	    2000	    187964 ns/op	        21.28 batch-size	      6907 ops/s	     23163 ref-ops/s	         0.2982 throughput/ref
BenchmarkInteractConcurrent/postgres-2                     	    2000	   1477572 ns/op	         6.369 batch-size	      1144 ops/s	      1656 ref-ops/s	         0.6910 throughput/ref
PASS
ok  	github.com/greenhouse-garden/greenhouse/internal/store	106.789s
goos: linux
goarch: amd64
pkg: github.com/greenhouse-garden/greenhouse/internal/realtime
cpu: AMD EPYC
BenchmarkFanout/clients=1000-2         	       1	4311758779 ns/op	        44.63 KiB/conn	         0 lost	    895609 max-us	     29021 msgs/s	    530284 p50-us	    711116 p99-us	         0.8024 p99/ref	        46.80 ref-KiB/conn	         0 ref-lost	     43574 ref-msgs/s	    663359 ref-p50-us	    886210 ref-p99-us
BenchmarkFanout/clients=5000-2         	       1	19443516941 ns/op	        44.17 KiB/conn	         0 lost	   6609614 max-us	     26324 msgs/s	   4518286 p50-us	   5767091 p99-us	         1.504 p99/ref	        46.68 ref-KiB/conn	         0 ref-lost	     45130 ref-msgs/s	   3073602 ref-p50-us	   3833347 ref-p99-us
PASS
ok  	github.com/greenhouse-garden/greenhouse/internal/realtime	24.245s
goos: linux
goarch: amd64
pkg: github.com/greenhouse-garden/greenhouse/internal/cli
cpu: AMD EPYC
BenchmarkLoad/sqlite-2         	       1	12550272978 ns/op	      7166 bare-req/s	         0 errors	        40.22 garden-p50-ms	       192.6 garden-p99-ms	      1208 garden-req/s	         0.1686 garden/bare	      4533 insert-req/s	        46.79 interact-p50-ms	       165.4 interact-p99-ms	      1169 interact-req/s	         0.2580 interact/insert
BenchmarkLoad/postgres-2       	       1	14023179298 ns/op	      3289 bare-req/s	         0 errors	        55.28 garden-p50-ms	       338.3 garden-p99-ms	       993.7 garden-req/s	         0.3022 garden/bare	      1831 insert-req/s	       115.7 interact-p50-ms	       428.9 interact-p99-ms	       395.2 interact-req/s	         0.2159 interact/insert
BenchmarkStartup-2             	       1	10352141140 ns/op	        30.88 idle-rss-MiB	        74.82 ready-max-ms	        32.58 ready-ms	         4.480 ready/ref	         7.273 ref-ready-ms	         5.633 ref-rss-MiB	         5.481 rss/ref
PASS
ok  	github.com/greenhouse-garden/greenhouse/internal/cli	50.650s
`

func parseSample(t *testing.T) *Output {
	t.Helper()
	o, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func find(t *testing.T, o *Output, name string) *Result {
	t.Helper()
	for _, r := range o.Results {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no result %s", name)
	return nil
}

func value(t *testing.T, r *Result, unit string) float64 {
	t.Helper()
	v, ok := r.Value(unit)
	if !ok {
		t.Fatalf("%s has no %s", r.Name, unit)
	}
	return v
}

func TestParseSample(t *testing.T) {
	o := parseSample(t)
	if len(o.Failures) != 0 {
		t.Errorf("failures %q", o.Failures)
	}
	if o.Config["cpu"] != "AMD EPYC" || o.Config["goos"] != "linux" {
		t.Errorf("config %v", o.Config)
	}
	var names []string
	for _, r := range o.Results {
		names = append(names, r.Name)
	}
	want := []string{
		"BenchmarkGardenHandler/sqlite",
		"BenchmarkGardenHandler/postgres",
		"BenchmarkAnalyticsDashboard/sqlite/dashboard-90d",
		"BenchmarkAnalyticsDashboard/postgres/dashboard-90d",
		"BenchmarkStore/sqlite/load-garden",
		"BenchmarkStore/sqlite/record-interaction",
		"BenchmarkStore/postgres/load-garden",
		"BenchmarkStore/postgres/record-interaction",
		"BenchmarkInteractConcurrent/sqlite",
		"BenchmarkInteractConcurrent/postgres",
		"BenchmarkFanout/clients=1000",
		"BenchmarkFanout/clients=5000",
		"BenchmarkLoad/sqlite",
		"BenchmarkLoad/postgres",
		"BenchmarkStartup",
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("names\n got %q\nwant %q", names, want)
	}
	g := find(t, o, "BenchmarkGardenHandler/postgres")
	if g.Pkg != "github.com/greenhouse-garden/greenhouse/internal/api" || g.Procs != 2 || g.Iters != 2000 {
		t.Errorf("garden handler: pkg %q procs %d iters %d", g.Pkg, g.Procs, g.Iters)
	}
	if v := value(t, g, "bare-cost/garden-cost"); v != 0.2688 {
		t.Errorf("bare-cost/garden-cost = %v", v)
	}
}

// go test -v prints the analytics benchmark's log: the dataset it generated.
func TestParseScaleLog(t *testing.T) {
	in := "=== RUN   BenchmarkAnalyticsDashboard\n" +
		"BenchmarkAnalyticsDashboard/sqlite/dashboard-90d-2\t1\t1 ns/op\t12.5 rollup-p95-ms\n" +
		"--- BENCH: BenchmarkAnalyticsDashboard\n" +
		"    analytics_bench_test.go:63: sqlite: generated 1000000 sessions, 10000000 interactions and rolled them up in 9m2s\n"
	o, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Scale["sqlite"]; got != (Scale{Sessions: 1_000_000, Interactions: 10_000_000}) {
		t.Fatalf("scale %+v", got)
	}
	var out bytes.Buffer
	Render(&out, o, testHeader())
	if !strings.Contains(out.String(), "| rollup-p95-ms < 500 at 1,000,000 sessions | PASS |") {
		t.Errorf("full-scale verdict missing:\n%s", out.String())
	}
}

// A benchmark that prints while it runs splits its line after the name.
func TestParseSplitLine(t *testing.T) {
	in := "pkg: example.com/p\n" +
		"BenchmarkLoad/sqlite-2         \ttime=2026-11-25T22:45:42Z level=ERROR msg=\"slow\"\n" +
		"       1\t3004123456 ns/op\t        0.61 garden/bare\t    1234 garden-req/s\n" +
		"BenchmarkNext-2   \t  100\t  50.0 ns/op\n"
	o, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Results) != 2 {
		t.Fatalf("%d results, want 2", len(o.Results))
	}
	r := find(t, o, "BenchmarkLoad/sqlite")
	if value(t, r, "garden/bare") != 0.61 || value(t, r, "garden-req/s") != 1234 || r.Iters != 1 {
		t.Errorf("split line parsed as %+v", r)
	}
}

// -count repeats a line; the table shows the median.
func TestParseRepeatsMedian(t *testing.T) {
	in := "BenchmarkX-4\t10\t3 ns/op\nBenchmarkX-4\t10\t1 ns/op\nBenchmarkX-4\t10\t2 ns/op\n"
	o, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Results) != 1 || value(t, o.Results[0], "ns/op") != 2 || o.Results[0].Procs != 4 {
		t.Fatalf("got %+v", o.Results)
	}
}

// The heading says which benchmarks ran several times, and how often.
func TestRepeatedNamed(t *testing.T) {
	in := "BenchmarkLoadOneCore/sqlite/sessions=64\t1\t0.5 interact/insert\n" +
		"BenchmarkLoadOneCore/sqlite/sessions=64\t1\t0.4 interact/insert\n" +
		"BenchmarkLoadOneCore/sqlite/sessions=64\t1\t0.6 interact/insert\n" +
		"BenchmarkX-4\t10\t3 ns/op\n"
	o, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	Render(&buf, o, header{now: time.Unix(0, 0), env: func(string) string { return "" }})
	if want := "- Repeated (-count), each figure the median of its runs: BenchmarkLoadOneCore ×3.\n"; !strings.Contains(buf.String(), want) {
		t.Errorf("heading lacks %q:\n%s", want, buf.String())
	}
	once, _ := Parse(strings.NewReader("BenchmarkX-4\t10\t3 ns/op\n"))
	buf.Reset()
	Render(&buf, once, header{now: time.Unix(0, 0), env: func(string) string { return "" }})
	if strings.Contains(buf.String(), "Repeated") {
		t.Errorf("a single run is called repeated:\n%s", buf.String())
	}
}

// make bench runs Fanout again with -cpu 1: go test then prints no -N
// suffix, and that run is a row of the one-core table, not a second sample
// of the two-core row.
func TestParseOneCorePassIsItsOwnRow(t *testing.T) {
	in := "BenchmarkFanout/clients=1000-2\t1\t392 p99-us\nBenchmarkFanout/clients=1000\t1\t774 p99-us\n"
	o, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Results) != 2 {
		t.Fatalf("%d rows, want 2: %+v", len(o.Results), o.Results)
	}
	two, one := splitOneCore(o.Results)
	if len(two) != 1 || len(one) != 1 || value(t, two[0], "p99-us") != 392 || value(t, one[0], "p99-us") != 774 {
		t.Errorf("two cores %+v, one core %+v", two, one)
	}
}

// The hub's one-core target (issue #14) is tighter than the two-core one.
func TestFanoutTargetPerCores(t *testing.T) {
	in := "BenchmarkFanout/clients=1000-2\t1\t1.4 p99/ref\nBenchmarkFanout/clients=1000\t1\t1.4 p99/ref\n"
	o, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var fanout row
	for _, r := range rows {
		if r.bench == "BenchmarkFanout" && r.ratio == "p99/ref" {
			fanout = r
		}
	}
	for _, tc := range []struct {
		res          *Result
		target, want string
	}{{o.Results[0], "p99/ref ≤ 1.5", "PASS"}, {o.Results[1], "p99/ref ≤ 1.3", "MISS"}} {
		if target, verdict := fanout.verdict(tc.res, nil); target != tc.target || verdict != tc.want {
			t.Errorf("GOMAXPROCS %d: %s %s, want %s %s", tc.res.Procs, target, verdict, tc.target, tc.want)
		}
	}
}

func TestParseFailures(t *testing.T) {
	in := "BenchmarkStore/postgres/load-garden\n" +
		"--- FAIL: BenchmarkStore/postgres\n" +
		"    bench_test.go:70: postgres at GREENHOUSE_TEST_POSTGRES_URL is unreachable\n" +
		"FAIL\n" +
		"FAIL\texample.com/p\t0.5s\n"
	o, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Results) != 0 || len(o.Failures) != 3 {
		t.Fatalf("results %d, failures %q", len(o.Results), o.Failures)
	}
	var out bytes.Buffer
	if code := run(strings.NewReader(in), &out, "", testHeader()); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out.String(), "## Failures\n\n- `--- FAIL: BenchmarkStore/postgres`") {
		t.Errorf("failures not listed:\n%s", out.String())
	}
}

func testHeader() header {
	env := map[string]string{
		"GREENHOUSE_TEST_POSTGRES_URL": "postgres://postgres:hunter2@127.0.0.1:5432/test",
		"GREENHOUSE_TEST_REDIS_URL":    "redis://127.0.0.1:6379/0",
	}
	return header{now: time.Date(2026, 11, 25, 23, 0, 0, 0, time.UTC), env: func(k string) string { return env[k] }}
}

func TestRenderSample(t *testing.T) {
	var out bytes.Buffer
	file := filepath.Join(t.TempDir(), "latest.md")
	if code := run(strings.NewReader(sample), &out, file, testHeader()); code != 0 {
		t.Fatalf("exit %d\n%s", code, out.String())
	}
	got := out.String()
	if b, err := os.ReadFile(file); err != nil || string(b) != got {
		t.Errorf("the file differs from stdout (%v)", err)
	}
	for _, want := range []string{
		"- Date: 2026-11-25 23:00 UTC\n",
		"- CPU: AMD EPYC (",
		"- Engines: SQLite, PostgreSQL (postgres://postgres:xxxxx@127.0.0.1:5432/test), Redis for the PostgreSQL load run (redis://127.0.0.1:6379/0)\n",
		"| Benchmark | What | Measured | Reference (same run) | Ratio | Target | Result |\n",
		"| GardenHandler/postgres | — | body-bytes 20,552 · garden-us/op 112 µs | bare-us/op 30.1 µs | bare-cost/garden-cost 0.269 | — | — |\n",
		"| Store/postgres/load-garden | domain call vs one-row insert | 946 µs | 1.79 ms | 0.529 (path/ref) | — | — |\n",
		"| InteractConcurrent/sqlite | 64 concurrent interactions (group commit) vs 64 concurrent one-row inserts | 6,907 ops/s · batch 21.3 | 23,163 ops/s | 0.298 (throughput/ref) | throughput/ref ≥ 0.4 | MISS |\n",
		"| AnalyticsDashboard/postgres/dashboard-90d | 90-day dashboard p95: rollups vs raw tables | p95 280 ms · calls 20 | p95 1.18 s | 4.196 (raw/rollup) | rollup-p95-ms < 150 at 1,000,000 sessions | MISS (at 20,000 sessions, not full scale) |\n",
		"| Fanout/clients=5000 | delivery latency vs bare hub | p50 4.52 s · p99 5.77 s · max 6.61 s | p50 3.07 s · p99 3.83 s | 1.504 (p99/ref) | p99/ref ≤ 1.5 | MISS |\n",
		"| Fanout/clients=1000 | memory per socket, both ends (clients share the process) | 44.6 KiB/conn | 46.8 KiB/conn | 0.954 | — | — |\n",
		"| Fanout/clients=1000 | messages lost vs bare hub | 0 | 0 | — | lost = 0 | PASS |\n",
		"| Load/postgres | GET /api/v1/garden vs bare Gin handler | 994 req/s | 3,289 req/s | 0.302 (garden/bare) | garden/bare ≥ 0.5 | MISS |\n",
		"| Load/sqlite | POST .../interact latency | p50 46.8 ms · p99 165 ms | — | — | interact-p99-ms < 25 | MISS |\n",
		"| Startup | exec to first 200 from /readyz vs trivial static server | median 32.6 ms · max 74.8 ms | median 7.27 ms | 4.480 (ready/ref) | ready-ms < 300 | PASS |\n",
		"| Startup | idle RSS after 2 s vs trivial static server | median 30.9 MiB | median 5.6 MiB | 5.481 (rss/ref) | idle-rss-MiB < 40 | PASS |\n",
		"- Analytics dataset: sqlite 20,000 sessions / 200,000 interactions; postgres 20,000 sessions / 200,000 interactions (from GREENHOUSE_BENCH_SESSIONS/_INTERACTIONS or the benchmark's defaults)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q\n%s", want, got)
		}
	}
	if strings.Contains(got, "hunter2") {
		t.Error("the table shows a password")
	}
}

func TestRenderSQLiteOnly(t *testing.T) {
	in := "BenchmarkStore/sqlite/load-garden-2\t2000\t1 ns/op\t100000 path-ns/op\t50000 ref-ns/op\t2.0 path/ref\n"
	o, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	h := testHeader()
	h.note = "no PostgreSQL answered at postgres://127.0.0.1:5432/test"
	Render(&out, o, h)
	for _, want := range []string{
		"- Engines: SQLite only (no PostgreSQL answered at postgres://127.0.0.1:5432/test)\n",
		"| Store/sqlite/load-garden | domain call vs one-row insert | 100 µs | 50 µs | 2.000 (path/ref) | — | — |\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q\n%s", want, out.String())
		}
	}
}

func TestTargets(t *testing.T) {
	in := "BenchmarkLoad/sqlite-2\t1\t1 ns/op\t0.49 garden/bare\t25 garden-p99-ms\t3 garden-p50-ms\t0.4 interact/insert\t24.9 interact-p99-ms\n" +
		"BenchmarkLoad/postgres-2\t1\t1 ns/op\t0 interact-req/s\t0 interact-p50-ms\t0 interact-p99-ms\t812 errors\n" +
		"BenchmarkAnalyticsDashboard/postgres/dashboard-90d-2\t2000\t1 ns/op\t151 rollup-p95-ms\t900 raw-p95-ms\t5.96 raw/rollup\n" +
		"BenchmarkAnalyticsDashboard/sqlite/dashboard-90d-2\t2000\t1 ns/op\t151 rollup-p95-ms\t900 raw-p95-ms\t5.96 raw/rollup\n"
	o, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	o.Scale["postgres"] = Scale{Sessions: 1_000_000, Interactions: 10_000_000}
	o.Scale["sqlite"] = Scale{Sessions: 20_000, Interactions: 200_000}
	var out bytes.Buffer
	Render(&out, o, testHeader())
	for _, want := range []string{
		"| 0.490 (garden/bare) | garden/bare ≥ 0.5 | MISS |",
		"| p50 3 ms · p99 25 ms | — | — | garden-p99-ms < 25 | MISS |",
		"| 0.400 (interact/insert) | interact/insert ≥ 0.4 | PASS |",
		"| p99 24.9 ms | — | — | interact-p99-ms < 25 | PASS |",
		"| none succeeded (0 req/s) | — | — | interact-p99-ms < 25 | MISS (nothing measured) |",
		"| 812 | — | — | errors = 0 | MISS |",
		"| rollup-p95-ms < 150 at 1,000,000 sessions | MISS |",
		"| rollup-p95-ms < 500 at 1,000,000 sessions | PASS (at 20,000 sessions, not full scale) |",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q\n%s", want, out.String())
		}
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		v    float64
		unit string
		want string
	}{
		{412345, "path-ns/op", "412 µs"},
		{1234, "p99-us", "1.23 ms"},
		{12.34, "garden-p99-ms", "12.3 ms"},
		{1500, "ready-ms", "1.50 s"},
		{12345.6, "garden-req/s", "12,346 req/s"},
		{31.36, "idle-rss-MiB", "31.4 MiB"},
		{9.87, "KiB/conn", "9.9 KiB/conn"},
		{0, "lost", "0"},
		{1234567, "calls", "1,234,567"},
		{0.2428, "bare-cost/garden-cost", "0.243"},
	} {
		if got := format(c.v, c.unit); got != c.want {
			t.Errorf("format(%v, %q) = %q, want %q", c.v, c.unit, got, c.want)
		}
	}
}
