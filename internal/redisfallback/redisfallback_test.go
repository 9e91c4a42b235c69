package redisfallback

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// fixture is a Guard on a fixed clock, logging to a buffer and counting the
// OnSwitch calls. Only Use may be called concurrently.
type fixture struct {
	g        *Guard
	m        *Metrics
	now      time.Time
	log      bytes.Buffer
	switches int
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	m, err := NewMetrics(nil, "test", "served", "active")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{m: m, now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	f.g = New(m, Config{
		Logger:      slog.New(slog.NewTextHandler(&f.log, nil)),
		Now:         func() time.Time { return f.now },
		DownMessage: "thing down",
		UpMessage:   "thing up",
		OnSwitch:    func() { f.switches++ },
	})
	return f
}

// value reads a counter or gauge.
func value(t *testing.T, c prometheus.Metric) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	if m.Counter != nil {
		return m.Counter.GetValue()
	}
	return m.Gauge.GetValue()
}

// check compares the use and probe answers of Use.
func (f *fixture) check(t *testing.T, step string, wantUse, wantProbe bool) {
	t.Helper()
	if use, probe := f.g.Use(); use != wantUse || probe != wantProbe {
		t.Errorf("%s: Use() = %v, %v; want %v, %v", step, use, probe, wantUse, wantProbe)
	}
}

func (f *fixture) state(t *testing.T, step string, active float64, switches, warns, infos int) {
	t.Helper()
	if got := value(t, f.m.active); got != active {
		t.Errorf("%s: active = %v, want %v", step, got, active)
	}
	if got := f.switches; got != switches {
		t.Errorf("%s: OnSwitch ran %d times, want %d", step, got, switches)
	}
	logs := f.log.String()
	if got := strings.Count(logs, "level=WARN msg=\"thing down\""); got != warns {
		t.Errorf("%s: %d down warnings, want %d:\n%s", step, got, warns, logs)
	}
	if got := strings.Count(logs, "level=INFO msg=\"thing up\""); got != infos {
		t.Errorf("%s: %d up messages, want %d:\n%s", step, got, infos, logs)
	}
}

func TestGuardOutage(t *testing.T) {
	f := newFixture(t)
	f.check(t, "up", true, false)
	f.g.Recovered() // while up: nothing to report
	f.state(t, "up", 0, 0, 0, 0)

	f.g.Failed(errors.New("refused"))
	f.state(t, "first failure", 1, 1, 1, 0)
	if !strings.Contains(f.log.String(), "err=refused") {
		t.Errorf("warning without the error:\n%s", f.log.String())
	}
	f.check(t, "within the interval", false, false)
	f.now = f.now.Add(RetryEvery - time.Millisecond)
	f.check(t, "just before the interval", false, false)

	f.now = f.now.Add(time.Millisecond)
	f.check(t, "after the interval", true, true)
	f.check(t, "second caller after the interval", false, false)
	f.g.Failed(errors.New("still refused"))
	f.state(t, "failed probe", 1, 1, 1, 0)
	f.check(t, "after a failed probe", false, false)

	f.now = f.now.Add(RetryEvery)
	f.check(t, "next interval", true, true)
	f.g.Recovered()
	f.state(t, "recovered", 0, 2, 1, 1)
	f.check(t, "up again", true, false)
	f.g.Recovered()
	f.state(t, "recovered twice", 0, 2, 1, 1)

	f.g.Failed(errors.New("again"))
	f.state(t, "second outage", 1, 3, 2, 1)
}

func TestGuardProbeNow(t *testing.T) {
	f := newFixture(t)
	f.g.Failed(errors.New("refused"))
	f.check(t, "down", false, false)
	f.g.ProbeNow()
	f.check(t, "after ProbeNow", true, true)
	f.check(t, "after that probe", false, false)
}

func TestGuardServed(t *testing.T) {
	f := newFixture(t)
	for range 3 {
		f.g.Served()
	}
	if got := value(t, f.m.served); got != 3 {
		t.Errorf("served = %v, want 3", got)
	}
}

func TestGuardOneProbeAmongConcurrentCallers(t *testing.T) {
	f := newFixture(t)
	f.g.Failed(errors.New("refused"))
	f.now = f.now.Add(RetryEvery)
	probes := make(chan struct{}, 50)
	var wg sync.WaitGroup
	for range cap(probes) {
		wg.Go(func() {
			if use, probe := f.g.Use(); use && probe {
				probes <- struct{}{}
			}
		})
	}
	wg.Wait()
	if n := len(probes); n != 1 {
		t.Errorf("%d probes in one interval, want 1", n)
	}
}

func TestGuardDefaults(t *testing.T) {
	m, _ := NewMetrics(nil, "test", "served", "active")
	g := New(m, Config{})
	g.Failed(errors.New("refused")) // nil logger and OnSwitch, wall clock
	if use, _ := g.Use(); use {
		t.Error("Use() = true right after a failure")
	}
	g.Recovered()
	if use, probe := g.Use(); !use || probe {
		t.Errorf("Use() = %v, %v after recovery; want true, false", use, probe)
	}
}

func TestNewMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	if _, err := NewMetrics(reg, "thing", "Served in process.", "1 during an outage."); err != nil {
		t.Fatal(err)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, mf := range mfs {
		got[mf.GetName()] = mf.GetHelp()
	}
	want := map[string]string{
		"thing_fallback_total":  "Served in process.",
		"thing_fallback_active": "1 during an outage.",
	}
	for name, help := range want {
		if got[name] != help {
			t.Errorf("%s help = %q, want %q (registered: %v)", name, got[name], help, got)
		}
	}
	_, err = NewMetrics(reg, "thing", "Served in process.", "1 during an outage.")
	if err == nil || !strings.HasPrefix(err.Error(), "thing: register metrics: ") {
		t.Errorf("second registration: err = %v, want a thing: register metrics error", err)
	}
}
