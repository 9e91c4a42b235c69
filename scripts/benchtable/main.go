// Command benchtable turns `go test -bench` output into one Markdown table:
// each benchmark's measured values next to the reference measured in the
// same run, their ratio, and the target with PASS or MISS where one is known.
//
//	go test -run '^$' -bench . ./internal/store/ | go run ./scripts/benchtable -o bench/results/latest.md
//
// It exits 1 when the output reports a failed benchmark or holds no result.
// With -probe URL it only checks that the PostgreSQL or Redis server at URL
// answers (exit 0) or not (exit 1); `make bench` uses it to pick the engines.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
)

func main() {
	out := flag.String("o", "", "also write the table to this file")
	note := flag.String("engines-note", "", "why an engine did not run, for the header")
	probe := flag.String("probe", "", "only check that the postgres:// or redis:// server at this URL answers")
	flag.Parse()
	if *probe != "" {
		if err := probeURL(*probe); err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(1)
		}
		return
	}
	os.Exit(run(os.Stdin, os.Stdout, *out, header{now: time.Now(), env: os.Getenv, note: *note}))
}

// run parses in, writes the table to w (and to the file out, if set) and
// returns the exit code.
func run(in io.Reader, w io.Writer, out string, h header) int {
	res, err := Parse(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		return 1
	}
	var buf bytes.Buffer
	Render(&buf, res, h)
	_, _ = w.Write(buf.Bytes())
	if out != "" {
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			return 1
		}
	}
	if len(res.Failures) > 0 || len(res.Results) == 0 {
		return 1
	}
	return 0
}

func probeURL(raw string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		conn, err := pgx.Connect(ctx, raw)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		return conn.Ping(ctx)
	case strings.HasPrefix(raw, "redis://"), strings.HasPrefix(raw, "rediss://"):
		opts, err := redis.ParseURL(raw)
		if err != nil {
			return err
		}
		c := redis.NewClient(opts)
		defer c.Close()
		return c.Ping(ctx).Err()
	}
	return fmt.Errorf("probe: %s is neither postgres:// nor redis://", redact(raw))
}

// Output is what one `go test -bench` run printed.
type Output struct {
	Config   map[string]string // goos, goarch, cpu: the last value seen
	Results  []*Result         // in order of first appearance
	Failures []string          // "--- FAIL" and "FAIL" lines
	Skips    []string          // "--- SKIP" lines
	Scale    map[string]Scale  // the analytics dataset, by engine
}

// Result is one benchmark; repeated lines (-count) keep every sample.
type Result struct {
	Pkg     string
	Name    string // "BenchmarkStore/sqlite/load-garden", without the -GOMAXPROCS suffix
	Procs   int
	Iters   int64
	Samples map[string][]float64 // by unit
}

// Scale is the analytics dataset a run generated.
type Scale struct {
	Sessions, Interactions int
	FromEnv                bool // not logged (go test without -v): taken from the environment
}

// Value is the median of a unit's samples.
func (r *Result) Value(unit string) (float64, bool) {
	s := slices.Clone(r.Samples[unit])
	if len(s) == 0 {
		return 0, false
	}
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2, true
	}
	return s[len(s)/2], true
}

// Engine is the engine sub-benchmark in the name, or "".
func (r *Result) Engine() string {
	for _, part := range strings.Split(r.Name, "/") {
		if part == "sqlite" || part == "postgres" {
			return part
		}
	}
	return ""
}

var (
	procsSuffix = regexp.MustCompile(`-(\d+)$`)
	scaleLog    = regexp.MustCompile(`(\w+): generated (\d+) sessions, (\d+) interactions`)
	configLine  = regexp.MustCompile(`^([a-z][a-zA-Z0-9_-]*): (.*)$`)
)

// Parse reads the standard benchmark format: configuration lines ("key:
// value"), then "BenchmarkName-P  iterations  value unit  value unit ...".
// It tolerates a result line split after the name by output the benchmark
// printed while it ran.
func Parse(r io.Reader) (*Output, error) {
	out := &Output{Config: map[string]string{}, Scale: map[string]Scale{}}
	byName := map[string]*Result{}
	pkg, pending := "", ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "Benchmark"):
			fields := strings.Fields(line)
			if res, ok := parseResult(fields[0], fields[1:]); ok {
				out.add(byName, pkg, res)
				pending = ""
			} else {
				pending = fields[0]
			}
			continue
		case pending != "" && len(trimmed) > 0 && trimmed[0] >= '0' && trimmed[0] <= '9':
			if res, ok := parseResult(pending, strings.Fields(trimmed)); ok {
				out.add(byName, pkg, res)
				pending = ""
				continue
			}
		case strings.HasPrefix(trimmed, "--- FAIL"), strings.HasPrefix(line, "FAIL"), strings.HasPrefix(line, "panic:"):
			out.Failures = append(out.Failures, trimmed)
		case strings.HasPrefix(trimmed, "--- SKIP"):
			out.Skips = append(out.Skips, trimmed)
		}
		if m := scaleLog.FindStringSubmatch(line); m != nil {
			s, _ := strconv.Atoi(m[2])
			i, _ := strconv.Atoi(m[3])
			out.Scale[m[1]] = Scale{Sessions: s, Interactions: i}
		} else if m := configLine.FindStringSubmatch(line); m != nil && line == trimmed {
			if m[1] == "pkg" {
				pkg = m[2]
			}
			out.Config[m[1]] = m[2]
		}
	}
	return out, sc.Err()
}

// parseResult reads "iterations value unit value unit ..." after name.
func parseResult(name string, fields []string) (*Result, bool) {
	if len(fields) < 3 || len(fields)%2 == 0 {
		return nil, false
	}
	iters, err := strconv.ParseInt(fields[0], 10, 64)
	if err != nil {
		return nil, false
	}
	res := &Result{Name: name, Procs: 1, Iters: iters, Samples: map[string][]float64{}}
	if m := procsSuffix.FindStringSubmatch(name); m != nil {
		res.Name = strings.TrimSuffix(name, m[0])
		res.Procs, _ = strconv.Atoi(m[1])
	}
	for i := 1; i < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return nil, false
		}
		res.Samples[fields[i+1]] = append(res.Samples[fields[i+1]], v)
	}
	return res, true
}

func (o *Output) add(byName map[string]*Result, pkg string, res *Result) {
	res.Pkg = pkg
	// Runs of one benchmark at another GOMAXPROCS (make bench's -cpu 1 pass)
	// are another row, not more samples of the same one.
	key := pkg + " " + res.Name + " " + strconv.Itoa(res.Procs)
	prev, ok := byName[key]
	if !ok {
		byName[key] = res
		o.Results = append(o.Results, res)
		return
	}
	for unit, v := range res.Samples {
		prev.Samples[unit] = append(prev.Samples[unit], v...)
	}
}

// metric is one reported unit and how the table names it.
type metric struct{ unit, label string }

// target is a limit on one unit, for one engine or all ("").
type target struct {
	unit, op string
	limit    float64
	engine   string
	// atSessions is the analytics scale the target is set for; a run at a
	// smaller scale is only indicative.
	atSessions int
	// procs, when set, limits the target to runs at that GOMAXPROCS (the
	// one-core table); the first target that applies is the row's.
	procs int
}

// row describes one line of the table for the results of one benchmark.
type row struct {
	bench, what         string
	measured, reference []metric
	ratio               string // a reported ratio unit, or
	num, den            string // the units whose quotient is the ratio
	targets             []target
	needs               string // a unit that must be above 0 for the row to mean anything
}

// rows is what the table knows about greenhouse's benchmarks.
var rows = []row{
	{bench: "BenchmarkStore", what: "domain call vs one-row insert",
		measured: []metric{{"path-ns/op", ""}}, reference: []metric{{"ref-ns/op", ""}}, ratio: "path/ref"},
	{bench: "BenchmarkInteractConcurrent", what: "64 concurrent interactions (group commit) vs 64 concurrent one-row inserts",
		measured: []metric{{"ops/s", ""}, {"batch-size", "batch"}}, reference: []metric{{"ref-ops/s", ""}}, ratio: "throughput/ref",
		targets: []target{{unit: "throughput/ref", op: "≥", limit: 0.40}}},
	{bench: "BenchmarkInteractWriterOneCore", what: "the interaction writer alone at GOMAXPROCS=1 (journeys past their cap) vs one-row inserts",
		measured: []metric{{"ops/s", ""}, {"batch-size", "batch"}}, reference: []metric{{"ref-ops/s", ""}}, ratio: "throughput/ref"},
	{bench: "BenchmarkAnalyticsDashboard", what: "90-day dashboard p95: rollups vs raw tables",
		measured: []metric{{"rollup-p95-ms", "p95"}, {"calls", "calls"}}, reference: []metric{{"raw-p95-ms", "p95"}}, ratio: "raw/rollup",
		targets: []target{
			{unit: "rollup-p95-ms", op: "<", limit: 150, engine: "postgres", atSessions: 1_000_000},
			{unit: "rollup-p95-ms", op: "<", limit: 500, engine: "sqlite", atSessions: 1_000_000},
		}},
	{bench: "BenchmarkFanout", what: "delivery latency vs bare hub",
		measured:  []metric{{"p50-us", "p50"}, {"p99-us", "p99"}, {"max-us", "max"}},
		reference: []metric{{"ref-p50-us", "p50"}, {"ref-p99-us", "p99"}}, ratio: "p99/ref",
		targets: []target{{unit: "p99/ref", op: "≤", limit: 1.3, procs: 1}, {unit: "p99/ref", op: "≤", limit: 1.5}}},
	{bench: "BenchmarkFanout", what: "memory per socket, both ends (clients share the process)",
		measured: []metric{{"KiB/conn", ""}}, reference: []metric{{"ref-KiB/conn", ""}}, num: "KiB/conn", den: "ref-KiB/conn"},
	{bench: "BenchmarkSocketMemory", what: "server RSS per idle socket vs bare hub (2,000 sockets)",
		measured: []metric{{"KiB/conn", ""}}, reference: []metric{{"ref-KiB/conn", ""}}, ratio: "mem/ref",
		targets: []target{{unit: "KiB/conn", op: "<", limit: 40}}},
	{bench: "BenchmarkFanout", what: "messages lost vs bare hub",
		measured: []metric{{"lost", ""}}, reference: []metric{{"ref-lost", ""}},
		targets: []target{{unit: "lost", op: "=", limit: 0}}},
	{bench: "BenchmarkFanout", what: "delivery throughput vs bare hub",
		measured: []metric{{"msgs/s", ""}}, reference: []metric{{"ref-msgs/s", ""}}, num: "msgs/s", den: "ref-msgs/s"},
	{bench: "BenchmarkLoad", what: "GET /api/v1/garden vs bare Gin handler",
		measured: []metric{{"garden-req/s", ""}}, reference: []metric{{"bare-req/s", ""}}, ratio: "garden/bare",
		targets: []target{{unit: "garden/bare", op: "≥", limit: 0.50}}},
	{bench: "BenchmarkLoad", what: "GET /api/v1/garden latency",
		measured: []metric{{"garden-p50-ms", "p50"}, {"garden-p99-ms", "p99"}}, needs: "garden-req/s",
		targets: []target{{unit: "garden-p99-ms", op: "<", limit: 25}}},
	{bench: "BenchmarkLoad", what: "POST .../interact vs one-row insert handler",
		measured: []metric{{"interact-req/s", ""}}, reference: []metric{{"insert-req/s", ""}}, ratio: "interact/insert",
		targets: []target{{unit: "interact/insert", op: "≥", limit: 0.40}}},
	{bench: "BenchmarkLoad", what: "POST .../interact latency",
		measured: []metric{{"interact-p50-ms", "p50"}, {"interact-p99-ms", "p99"}}, needs: "interact-req/s",
		targets: []target{{unit: "interact-p99-ms", op: "<", limit: 25}}},
	{bench: "BenchmarkLoad", what: "failed requests (non-2xx or transport errors)", measured: []metric{{"errors", ""}},
		targets: []target{{unit: "errors", op: "=", limit: 0}}},
	{bench: "BenchmarkLoadOneCore", what: "GET /api/v1/garden vs bare handler, both pinned to one core",
		measured: []metric{{"garden-req/s", ""}, {"garden-p99-ms", "p99"}}, reference: []metric{{"bare-req/s", ""}}, ratio: "garden/bare",
		targets: []target{{unit: "garden/bare", op: "≥", limit: 0.60}}},
	{bench: "BenchmarkLoadOneCore", what: "GET /api/v1/garden gzip vs the same gzip bytes, both pinned to one core",
		measured: []metric{{"gzip-req/s", ""}}, reference: []metric{{"bare-gzip-req/s", ""}}, ratio: "gzip/bare-gzip",
		targets: []target{{unit: "gzip/bare-gzip", op: "≥", limit: 0.60}}},
	{bench: "BenchmarkLoadOneCore", what: "POST .../interact vs one-row insert, both pinned to one core",
		measured: []metric{{"interact-req/s", ""}}, reference: []metric{{"insert-req/s", ""}}, ratio: "interact/insert",
		targets: []target{{unit: "interact/insert", op: "≥", limit: 0.50}}},
	{bench: "BenchmarkLoadOneCore", what: "POST .../interact latency on one core vs the one-row insert's",
		measured: []metric{{"interact-p50-ms", "p50"}, {"interact-p99-ms", "p99"}}, needs: "interact-req/s",
		reference: []metric{{"insert-p50-ms", "p50"}, {"insert-p99-ms", "p99"}}, num: "interact-p99-ms", den: "insert-p99-ms",
		targets: []target{{unit: "interact-p99-ms", op: "<", limit: 25}}},
	{bench: "BenchmarkLoadOneCore", what: "share of its core used under interact load vs the insert reference's (the rest it waited: on SQLite in fsync holding its only P, on PostgreSQL for the database)",
		measured: []metric{{"interact-busy", ""}}, reference: []metric{{"insert-busy", ""}}, num: "interact-busy", den: "insert-busy"},
	{bench: "BenchmarkLoadOneCore", what: "failed requests (non-2xx or transport errors)", measured: []metric{{"errors", ""}},
		targets: []target{{unit: "errors", op: "=", limit: 0}}},
	{bench: "BenchmarkStartup", what: "exec to first 200 from /readyz vs trivial static server",
		measured: []metric{{"ready-ms", "median"}, {"ready-max-ms", "max"}}, reference: []metric{{"ref-ready-ms", "median"}},
		ratio: "ready/ref", targets: []target{{unit: "ready-ms", op: "<", limit: 300}}},
	{bench: "BenchmarkStartup", what: "idle RSS after 2 s vs trivial static server",
		measured: []metric{{"idle-rss-MiB", "median"}}, reference: []metric{{"ref-rss-MiB", "median"}}, ratio: "rss/ref",
		targets: []target{{unit: "idle-rss-MiB", op: "<", limit: 40}}},
}

// header is what the table's heading needs besides the results.
type header struct {
	now  time.Time
	env  func(string) string
	note string // why an engine did not run
}

// Render writes the heading, the table and the failures.
func Render(w io.Writer, o *Output, h header) {
	o.assumeScale(h.env)
	fmt.Fprintf(w, "# greenhouse benchmarks\n\n")
	fmt.Fprintf(w, "- Date: %s\n", h.now.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "- Go: %s %s/%s\n", runtime.Version(), cfg(o, "goos", runtime.GOOS), cfg(o, "goarch", runtime.GOARCH))
	fmt.Fprintf(w, "- CPU: %s (%d logical CPUs%s)\n", cfg(o, "cpu", cpuModel()), runtime.NumCPU(), procs(o))
	fmt.Fprintf(w, "- Engines: %s\n", engines(o, h))
	if s := scales(o); s != "" {
		fmt.Fprintf(w, "- Analytics dataset: %s (the dashboard targets are set at 1,000,000 sessions / 10,000,000 interactions)\n", s)
	}
	fmt.Fprintf(w, "- Every reference is measured in the same run as its path; the ratio compares the two.\n")
	if r := repeated(o.Results); r != "" {
		fmt.Fprintf(w, "- Repeated (-count), each figure the median of its runs: %s.\n", r)
	}
	fmt.Fprintln(w)

	twoCores, oneCore := splitOneCore(o.Results)
	table(w, twoCores, o.Scale)
	if len(oneCore) > 0 {
		fmt.Fprintf(w, "\n## One core\n\n")
		fmt.Fprintf(w, "The server (or hub) and its reference each pinned to one CPU with GOMAXPROCS=1, as in a 1-vCPU container; the load on the other CPU.\n\n")
		table(w, oneCore, o.Scale)
	}
	list(w, "Failures", o.Failures)
	list(w, "Skipped", o.Skips)
}

// repeated names the benchmarks that ran more than once and how often
// ("BenchmarkLoadOneCore ×3"), by top-level name in their order.
func repeated(results []*Result) string {
	var names []string
	runs := map[string]int{}
	for _, res := range results {
		n := 0
		for _, samples := range res.Samples {
			n = max(n, len(samples))
		}
		top := strings.SplitN(res.Name, "/", 2)[0]
		if n > 1 && runs[top] == 0 {
			names = append(names, top)
		}
		runs[top] = max(runs[top], n)
	}
	parts := make([]string, 0, len(names))
	for _, name := range names {
		parts = append(parts, fmt.Sprintf("%s ×%d", name, runs[name]))
	}
	return strings.Join(parts, ", ")
}

// splitOneCore separates the one-core runs (a "OneCore" benchmark, or one run
// with -cpu 1 by make bench) from the rest, each in its order.
func splitOneCore(results []*Result) (rest, oneCore []*Result) {
	for _, res := range results {
		if strings.Contains(res.Name, "OneCore") || res.Procs == 1 {
			oneCore = append(oneCore, res)
		} else {
			rest = append(rest, res)
		}
	}
	return rest, oneCore
}

// table writes one Markdown table of results.
func table(w io.Writer, results []*Result, scale map[string]Scale) {
	fmt.Fprintln(w, "| Benchmark | What | Measured | Reference (same run) | Ratio | Target | Result |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, res := range results {
		for _, cells := range tableRows(res, scale) {
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
	}
	if len(results) == 0 {
		fmt.Fprintln(w, "| (no benchmark results) | | | | | | |")
	}
}

func list(w io.Writer, title string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "\n## %s\n\n", title)
	for _, l := range lines {
		fmt.Fprintf(w, "- `%s`\n", l)
	}
}

// tableRows are the cells of res's rows: the known ones, then any metric
// they do not show.
func tableRows(res *Result, scale map[string]Scale) [][]string {
	path := strings.TrimPrefix(res.Name, "Benchmark")
	shown := map[string]bool{"ns/op": true}
	var out [][]string
	for _, r := range rows {
		if r.bench != strings.SplitN(res.Name, "/", 2)[0] || !r.has(res) {
			continue
		}
		ratio := "—"
		if v, ok := res.Value(r.ratio); ok {
			ratio = fmt.Sprintf("%.3f (%s)", v, r.ratio)
		} else if n, ok := res.Value(r.num); ok {
			if d, ok := res.Value(r.den); ok && d != 0 {
				ratio = fmt.Sprintf("%.3f", n/d)
			}
		}
		tgt, verdict := r.verdict(res, scale)
		measured := values(res, r.measured)
		if v, ok := res.Value(r.needs); ok && v <= 0 {
			measured, verdict = "none succeeded ("+format(v, r.needs)+")", "MISS (nothing measured)"
		}
		out = append(out, []string{path, r.what, measured, values(res, r.reference), ratio, tgt, verdict})
		for _, m := range append(slices.Clone(r.measured), r.reference...) {
			shown[m.unit] = true
		}
		shown[r.ratio], shown[r.num], shown[r.den] = true, true, true
	}
	var rest []string
	for unit := range res.Samples {
		if !shown[unit] {
			rest = append(rest, unit)
		}
	}
	slices.Sort(rest)
	switch {
	case len(out) == 0:
		out = append(out, generic(path, res, rest))
	case len(rest) > 0:
		out = append(out, []string{path, "other metrics", values(res, labelled(rest)), "—", "—", "—", "—"})
	}
	return out
}

// generic is the row of a benchmark the table does not know: "ref-" and
// "bare-" units are the reference, units like "a/b" (but not "x/s", "x/op")
// the ratios.
func generic(path string, res *Result, units []string) []string {
	var measured, ref, ratios []string
	for _, u := range units {
		_, den, isQuotient := strings.Cut(u, "/")
		switch {
		case isQuotient && !slices.Contains([]string{"s", "op", "conn"}, den):
			ratios = append(ratios, u)
		case strings.HasPrefix(u, "ref-"), strings.HasPrefix(u, "bare-"):
			ref = append(ref, u)
		default:
			measured = append(measured, u)
		}
	}
	if len(measured) > 1 {
		measured = slices.DeleteFunc(measured, func(u string) bool { return u == "ns/op" })
	}
	ratio := "—"
	if len(ratios) > 0 {
		ratio = values(res, labelled(ratios))
	}
	return []string{path, "—", values(res, labelled(measured)), values(res, labelled(ref)), ratio, "—", "—"}
}

// labelled names each unit by itself.
func labelled(units []string) []metric {
	ms := make([]metric, len(units))
	for i, u := range units {
		ms[i] = metric{u, u}
	}
	return ms
}

// has reports whether res reported any of the row's units.
func (r row) has(res *Result) bool {
	for _, m := range append(slices.Clone(r.measured), r.reference...) {
		if _, ok := res.Samples[m.unit]; ok {
			return true
		}
	}
	_, ok := res.Samples[r.ratio]
	return ok
}

// verdict is the row's target for res's engine and PASS or MISS.
func (r row) verdict(res *Result, scale map[string]Scale) (string, string) {
	for _, t := range r.targets {
		if (t.engine != "" && t.engine != res.Engine()) || (t.procs != 0 && t.procs != res.Procs) {
			continue
		}
		text := fmt.Sprintf("%s %s %s", t.unit, t.op, strconv.FormatFloat(t.limit, 'f', -1, 64))
		if t.atSessions > 0 {
			text += fmt.Sprintf(" at %s sessions", thousands(float64(t.atSessions)))
		}
		v, ok := res.Value(t.unit)
		if !ok {
			return text, "—"
		}
		pass := map[string]bool{"<": v < t.limit, "≤": v <= t.limit, "≥": v >= t.limit, "=": v == t.limit}[t.op]
		verdict := map[bool]string{true: "PASS", false: "MISS"}[pass]
		if s := scale[res.Engine()].Sessions; t.atSessions > 0 && s < t.atSessions {
			verdict += fmt.Sprintf(" (at %s sessions, not full scale)", thousands(float64(s)))
		}
		return text, verdict
	}
	return "—", "—"
}

// values formats the metrics res has, "label value · label value".
func values(res *Result, ms []metric) string {
	var parts []string
	for _, m := range ms {
		v, ok := res.Value(m.unit)
		if !ok {
			continue
		}
		s := format(v, m.unit)
		if m.label != "" {
			s = m.label + " " + s
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, " · ")
}
