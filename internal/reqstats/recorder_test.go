package reqstats_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/reqstats"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/greenhouse-garden/greenhouse/internal/testclock"
)

type fakeSink struct {
	mu    sync.Mutex
	fail  bool
	stats []analytics.RequestStat
}

func (f *fakeSink) RecordRequestStats(_ context.Context, stats []analytics.RequestStat) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail {
		return errors.New("database down")
	}
	f.stats = append(f.stats, stats...)
	return nil
}

func TestRecorderFlushesCompletedMinutes(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	clk := testclock.New(t0.Add(10 * time.Second))
	sink := &fakeSink{}
	r := reqstats.NewRecorder(sink, clk.Now)
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			status := 200
			if i%20 == 0 {
				status = 503
			}
			d := 3 * time.Millisecond
			if i%10 == 0 {
				d = 300 * time.Millisecond
			}
			r.Observe("/api/v1/garden", "GET", status, d)
		})
	}
	wg.Wait()
	r.Observe("/api/v1/projects/{id}", "GET", 404, time.Millisecond)
	ctx := context.Background()
	if err := r.Flush(ctx); err != nil || len(sink.stats) != 0 {
		t.Fatalf("the current minute was flushed: %v %+v", err, sink.stats)
	}
	if s := r.Snapshot(); s.RequestsPerMinute != 0 {
		t.Fatalf("snapshot of an incomplete minute: %+v", s)
	}
	clk.Set(t0.Add(70 * time.Second))
	r.Observe("/api/v1/garden", "GET", 200, time.Millisecond) // the next minute
	s := r.Snapshot()
	if s.RequestsPerMinute != 101 || s.ErrorRate != 5.0/101 || s.P95Millis < 250 || s.P95Millis > 500 || !s.Minute.Equal(t0) {
		t.Fatalf("snapshot: %+v", s)
	}
	sink.fail = true
	if err := r.Flush(ctx); err == nil {
		t.Fatal("flush into a failing sink succeeded")
	}
	sink.fail = false
	if err := r.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(sink.stats) != 2 {
		t.Fatalf("flushed: %+v", sink.stats)
	}
	var garden analytics.RequestStat
	for _, st := range sink.stats {
		if st.Route == "/api/v1/garden" {
			garden = st
		}
	}
	if garden.Requests != 100 || garden.Errors != 5 || !garden.Minute.Equal(t0) ||
		garden.Buckets[analytics.LatencyBucket(3)] != 90 || garden.Buckets[analytics.LatencyBucket(300)] != 10 {
		t.Fatalf("garden: %+v", garden)
	}
	if err := r.Flush(ctx); err != nil || len(sink.stats) != 2 {
		t.Fatalf("second flush wrote again: %v %d", err, len(sink.stats))
	}
	if err := r.Close(ctx); err != nil || len(sink.stats) != 3 {
		t.Fatalf("close: %v %d", err, len(sink.stats))
	}
}

func TestRecorderBoundsRoutes(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	sink := &fakeSink{}
	r := reqstats.NewRecorder(sink, func() time.Time { return now })
	for i := range reqstats.MaxRoutesPerMinute + 50 {
		r.Observe("/r/"+string(rune('a'+i%26))+string(rune('a'+i/26)), "GET", 200, time.Millisecond)
	}
	if err := r.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(sink.stats) != reqstats.MaxRoutesPerMinute+1 {
		t.Fatalf("%d routes stored", len(sink.stats))
	}
}

// TestRecorderIntoDashboard flushes two replicas into the database and reads
// the dashboard's performance insights.
func TestRecorderIntoDashboard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		clk := testclock.New(t0)
		svc := analytics.NewService(db.Analytics(), domain.NewService(db), analytics.WithClock(clk.Now))
		a, b := reqstats.NewRecorder(svc, clk.Now), reqstats.NewRecorder(svc, clk.Now)
		for i := range 50 {
			a.Observe("/api/v1/garden", "GET", 200, time.Duration(i)*time.Millisecond)
			b.Observe("/api/v1/garden", "GET", 500, 2*time.Millisecond)
		}
		clk.Set(t0.Add(time.Minute))
		for _, r := range []*reqstats.Recorder{a, b} {
			if err := r.Flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
		dr, err := analytics.ParseDateRange("24h", time.UTC, clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		d, err := svc.Dashboard(ctx, dr)
		if err != nil {
			t.Fatal(err)
		}
		p := d.Performance
		if len(p.Routes) != 1 || p.Routes[0].Requests != 100 || p.Routes[0].Errors != 50 || p.Routes[0].ErrorRate != 0.5 {
			t.Fatalf("performance: %+v", p)
		}
	})
}
