package main

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// How values, the machine and the run are written in the table.

// format writes a value in its unit's natural form.
func format(v float64, unit string) string {
	switch {
	case strings.HasSuffix(unit, "ns/op"):
		return duration(time.Duration(v))
	case strings.HasSuffix(unit, "-us"), strings.HasSuffix(unit, "us/op"):
		return duration(time.Duration(v * float64(time.Microsecond)))
	case strings.HasSuffix(unit, "-ms"), strings.HasSuffix(unit, "ms/op"):
		return duration(time.Duration(v * float64(time.Millisecond)))
	case strings.HasSuffix(unit, "/s"):
		return thousands(v) + " " + unit[strings.LastIndex(unit, "-")+1:]
	case strings.HasSuffix(unit, "MiB"), strings.HasSuffix(unit, "KiB/conn"):
		return fmt.Sprintf("%.1f %s", v, unit[strings.LastIndex(unit, "-")+1:])
	case v == float64(int64(v)):
		return thousands(v)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// duration prints three significant digits: 412µs, 1.23ms, 12.3ms, 1.2s.
func duration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.3g ms", float64(d)/float64(time.Millisecond))
	case d >= time.Microsecond:
		return fmt.Sprintf("%.3g µs", float64(d)/float64(time.Microsecond))
	}
	return fmt.Sprintf("%d ns", d.Nanoseconds())
}

// thousands rounds v and groups its digits: 1234567 → 1,234,567.
func thousands(v float64) string {
	s := strconv.FormatInt(int64(v+0.5), 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func cfg(o *Output, key, def string) string {
	if v := o.Config[key]; v != "" {
		return v
	}
	return def
}

// cpuModel is the first model name in /proc/cpuinfo, for output without a
// "cpu:" line.
func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func procs(o *Output) string {
	for _, r := range o.Results {
		return fmt.Sprintf(", GOMAXPROCS %d", r.Procs)
	}
	return ""
}

// engines says which engines the results cover, and why one is missing.
func engines(o *Output, h header) string {
	seen := map[string]bool{}
	for _, r := range o.Results {
		seen[r.Engine()] = true
	}
	var parts []string
	if seen["sqlite"] {
		parts = append(parts, "SQLite")
	}
	if seen["postgres"] {
		pg := "PostgreSQL"
		if u := h.env("GREENHOUSE_TEST_POSTGRES_URL"); u != "" {
			pg += " (" + redact(u) + ")"
		}
		parts = append(parts, pg)
		if u := h.env("GREENHOUSE_TEST_REDIS_URL"); u != "" {
			parts = append(parts, "Redis for the PostgreSQL load run ("+redact(u)+")")
		} else {
			parts = append(parts, "no Redis (GREENHOUSE_TEST_REDIS_URL not set)")
		}
	}
	s := strings.Join(parts, ", ")
	if !seen["postgres"] {
		s = "SQLite only"
		if !seen["sqlite"] {
			s = "none"
		}
		reason := "GREENHOUSE_TEST_POSTGRES_URL not set"
		if h.note != "" {
			reason = h.note
		}
		s += " (" + reason + ")"
	}
	return s
}

func scales(o *Output) string {
	var parts []string
	fromEnv := false
	for _, e := range []string{"sqlite", "postgres"} {
		if s, ok := o.Scale[e]; ok {
			parts = append(parts, fmt.Sprintf("%s %s sessions / %s interactions", e,
				thousands(float64(s.Sessions)), thousands(float64(s.Interactions))))
			fromEnv = fromEnv || s.FromEnv
		}
	}
	text := strings.Join(parts, "; ")
	if fromEnv {
		text += " (from GREENHOUSE_BENCH_SESSIONS/_INTERACTIONS or the benchmark's defaults)"
	}
	return text
}

// assumeScale fills in the dataset of analytics results whose log line is
// missing (go test prints a parent benchmark's log only with -v) the way
// BenchmarkAnalyticsDashboard reads it: GREENHOUSE_BENCH_SESSIONS (default
// 20000) and GREENHOUSE_BENCH_INTERACTIONS (default 10 per session).
func (o *Output) assumeScale(env func(string) string) {
	sessions := envInt(env, "GREENHOUSE_BENCH_SESSIONS", 20000)
	s := Scale{Sessions: sessions, Interactions: envInt(env, "GREENHOUSE_BENCH_INTERACTIONS", 10*sessions), FromEnv: true}
	for _, r := range o.Results {
		if _, ok := o.Scale[r.Engine()]; !ok && strings.HasPrefix(r.Name, "BenchmarkAnalyticsDashboard/") {
			o.Scale[r.Engine()] = s
		}
	}
}

func envInt(env func(string) string, name string, def int) int {
	if n, err := strconv.Atoi(env(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// redact hides a password in a URL.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
