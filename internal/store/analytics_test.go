package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// TestAnalyticsStatements checks the analytics statements on each engine:
// bulk inserts larger than a batch, hour bucketing of timestamps with
// microseconds (the per-engine epochSeconds), hourly and daily rollups, and
// request statistics that add up across replicas.
func TestAnalyticsStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 14, 15, 9, 26, 535897000, time.UTC)
		svc := domain.NewService(db, domain.WithClock(func() time.Time { return now }))
		an := analytics.NewService(db.Analytics(), svc, analytics.WithClock(func() time.Time { return now }))
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Birch"})
		if err != nil {
			t.Fatal(err)
		}
		const n = 250 // more rows than one SQLite batch
		var sessions []*domain.VisitorSession
		var interactions []*domain.Interaction
		for i := range n {
			start := now.Add(-time.Duration(i) * 7 * time.Minute).Add(-time.Microsecond)
			s := &domain.VisitorSession{ID: uuid.New(), SessionToken: fmt.Sprint("tok", i), IPHash: fmt.Sprint("h", i%10),
				DeviceType: "mobile", JourneyPath: []string{"garden", "project:x"}, StartedAt: start, LastActivityAt: start,
				TotalTimeSeconds: i % 30, EndedAt: &start}
			sessions = append(sessions, s)
			for j := range 3 {
				interactions = append(interactions, &domain.Interaction{ID: uuid.New(), SessionID: s.ID, ProjectID: p.ID,
					Type: "view", DurationSeconds: float64(j), OccurredAt: start.Add(time.Duration(j) * time.Second)})
			}
		}
		err = db.Analytics().Update(ctx, func(a analytics.Tx) error {
			if err := a.InsertSessions(ctx, sessions); err != nil {
				return err
			}
			return a.InsertInteractions(ctx, interactions)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Analytics().View(ctx, func(a analytics.Tx) error {
			v, s, err := a.CountVisitors(ctx, now.Add(-48*time.Hour), now.Add(time.Hour))
			if err != nil || v != 10 || s != n {
				return fmt.Errorf("count visitors: %d %d %v", v, s, err)
			}
			buckets, err := a.InteractionBuckets(ctx, now.Add(-48*time.Hour), now.Add(time.Hour))
			if err != nil {
				return err
			}
			total := int64(0)
			for _, b := range buckets {
				total += b.Interactions
				if b.Hour%3600 != 0 {
					return fmt.Errorf("bucket hour %d is not on the hour", b.Hour)
				}
			}
			if total != 3*n {
				return fmt.Errorf("buckets hold %d interactions", total)
			}
			// The newest session started 1 µs before 15:09:26.535897: hour 15:00.
			hours, err := a.TouchedSessionHours(ctx, now.Add(-time.Minute))
			if err != nil || len(hours) != 1 || hours[0] != time.Date(2026, 3, 14, 15, 0, 0, 0, time.UTC).Unix() {
				return fmt.Errorf("touched hours: %v %v", hours, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := an.RollupAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		day := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC).Unix()
		err = db.Analytics().View(ctx, func(a analytics.Tx) error {
			daily, err := a.SessionDailySums(ctx, day-86400, day+86400)
			if err != nil {
				return err
			}
			hourly, err := a.SessionRollupSums(ctx, day-86400, day+86400, true)
			if err != nil {
				return err
			}
			want := map[string]int64{}
			for _, b := range hourly {
				if b.Dim != "" {
					want[b.Dim+"/"+b.Value] += b.Sessions
				}
			}
			got := map[string]int64{}
			for _, b := range daily {
				got[b.Dim+"/"+b.Value] += b.Sessions
			}
			if len(got) == 0 || fmt.Sprint(got) != fmt.Sprint(want) || got["device/mobile"] != n || got["journey/garden > project:x"] != n {
				return fmt.Errorf("daily %v, hourly %v", got, want)
			}
			st, err := a.Watermark(ctx)
			if err != nil || !st.At.Equal(now.Truncate(time.Microsecond)) || !st.OpenFrom.Equal(st.At) {
				return fmt.Errorf("watermark: %+v %v", st, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		minute := time.Date(2026, 3, 14, 15, 8, 0, 0, time.UTC)
		stat := analytics.RequestStat{Minute: minute, Route: "/api/v1/garden", Method: "GET", Requests: 3, Errors: 1, TotalMs: 12.5}
		stat.Buckets[2], stat.Buckets[13] = 2, 1
		for range 3 {
			if err := an.RecordRequestStats(ctx, []analytics.RequestStat{stat}); err != nil {
				t.Fatal(err)
			}
		}
		err = db.Analytics().View(ctx, func(a analytics.Tx) error {
			got, err := a.RequestStatsTotals(ctx, minute, minute.Add(time.Minute))
			if err != nil {
				return err
			}
			if len(got) != 1 || got[0].Requests != 9 || got[0].Errors != 3 || got[0].TotalMs != 37.5 ||
				got[0].Buckets[2] != 6 || got[0].Buckets[13] != 3 {
				return fmt.Errorf("request stats: %+v", got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
