package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// TestMigrate00015CarriesQueuedTouches queues touches in 00014's form (a
// row per interaction), applies 00015 and folds: the session gets exactly
// what those interactions would have given it. 00015 rolled back and
// applied again keeps a queued trail's latest step.
func TestMigrate00015CarriesQueuedTouches(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.OpenUnmigrated(t, engine)
			p := migrationProvider(t, db)
			migrateTo(t, p, 14, true)

			svc := domain.NewService(db, domain.WithClock(func() time.Time { return time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC) }))
			fern, err1 := svc.PlantProject(ctx, domain.PlantInput{Name: "Fern"})
			moss, err2 := svc.PlantProject(ctx, domain.PlantInput{Name: "Moss"})
			sess, err3 := svc.StartSession(ctx, domain.SessionInput{DeviceType: "desktop"})
			for _, err := range []error{err1, err2, err3} {
				if err != nil {
					t.Fatal(err)
				}
			}
			at := time.Date(2026, 3, 14, 9, 5, 0, 0, time.UTC)
			insert := rebind(engine, `INSERT INTO session_touches
				(session_id, project_id, area, duration_seconds, click, occurred_at, total_time_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)`)
			for i, v := range []struct {
				project uuid.UUID
				dwell   float64
				click   bool
			}{{fern.ID, 0, true}, {fern.ID, 2.5, false}, {moss.ID, 0, true}} {
				if _, err := db.SQL().ExecContext(ctx, insert, sess.ID, v.project, "project:"+v.project.String(),
					v.dwell, v.click, at.Add(time.Duration(i)*time.Second), 300+i); err != nil {
					t.Fatal(err)
				}
			}

			migrateTo(t, p, 15, true)
			if n, err := svc.FoldSessionTouches(ctx); err != nil || n != 3 {
				t.Fatalf("folded %d (%v), want the 3 carried over", n, err)
			}
			row := storetest.SessionRow(t, db, sess.SessionToken)
			wantJourney := []string{"project:" + fern.ID.String(), "project:" + moss.ID.String()}
			if !slices.Equal(row.ProjectsViewed, []uuid.UUID{fern.ID, moss.ID}) || !slices.Equal(row.JourneyPath, wantJourney) ||
				row.TimeSpentPerProject[fern.ID.String()] != 2.5 || row.ClicksCount != 2 || row.TotalTimeSeconds != 302 ||
				!row.LastActivityAt.Equal(at.Add(2*time.Second)) {
				t.Fatalf("after 00015 and a fold: %+v", row)
			}

			if _, err := svc.RecordInteraction(ctx, sess.SessionToken, fern.ID, domain.InteractionInput{Type: "dwell", DurationSeconds: 1}); err != nil {
				t.Fatal(err)
			}
			migrateTo(t, p, 14, false)
			migrateTo(t, p, 15, true)
			if n, err := svc.FoldSessionTouches(ctx); err != nil || n != 1 {
				t.Fatalf("folded %d (%v) after 00015 down and up, want 1", n, err)
			}
			row = storetest.SessionRow(t, db, sess.SessionToken)
			if row.TimeSpentPerProject[fern.ID.String()] != 3.5 || row.ClicksCount != 2 ||
				!slices.Equal(row.JourneyPath, append(wantJourney, "project:"+fern.ID.String())) {
				t.Fatalf("after 00015 down and up and a fold: %+v", row)
			}
		})
	}
}
