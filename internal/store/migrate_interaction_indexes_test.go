package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// TestMigrate00016AppendsInteractions applies 00016 to a garden with
// interactions: they are all kept, only the time index is left, a session
// no longer takes its interactions with it while a project still does, and
// a session's events are still found. Rolled back, the indexes and the
// session's foreign key return, without the interactions left orphaned.
func TestMigrate00016AppendsInteractions(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.OpenUnmigrated(t, engine)
			p := migrationProvider(t, db)
			migrateTo(t, p, 15, true)

			svc := domain.NewService(db, domain.WithClock(func() time.Time { return time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC) }))
			fern, err1 := svc.PlantProject(ctx, domain.PlantInput{Name: "Fern"})
			moss, err2 := svc.PlantProject(ctx, domain.PlantInput{Name: "Moss"})
			kept, err3 := svc.StartSession(ctx, domain.SessionInput{DeviceType: "desktop"})
			gone, err4 := svc.StartSession(ctx, domain.SessionInput{DeviceType: "mobile"})
			for _, err := range []error{err1, err2, err3, err4} {
				if err != nil {
					t.Fatal(err)
				}
			}
			for _, sess := range []*domain.VisitorSession{kept, gone} {
				for _, project := range []*domain.Project{fern, moss} {
					if _, err := svc.RecordInteraction(ctx, sess.SessionToken, project.ID, domain.InteractionInput{Type: "view"}); err != nil {
						t.Fatal(err)
					}
				}
			}

			migrateTo(t, p, 16, true)
			if got := indexesOf(t, db, "interactions"); !slices.Equal(got, []string{"idx_interactions_occurred"}) {
				t.Fatalf("indexes of interactions after 00016: %v", got)
			}
			if n := countInteractions(t, db); n != 4 {
				t.Fatalf("%d interactions after 00016, want the 4 recorded", n)
			}
			read, err := svc.Session(ctx, kept.SessionToken)
			if err != nil || len(read.InteractionEvents) != 2 {
				t.Fatalf("session after 00016: %v events (%v), want 2", len(read.InteractionEvents), err)
			}
			exec(t, db, `DELETE FROM visitor_sessions WHERE id = ?`, gone.ID)
			if n := countInteractions(t, db); n != 4 {
				t.Fatalf("%d interactions after deleting a session, want 4: they no longer cascade", n)
			}
			if _, err := svc.DeleteProject(ctx, moss.ID.String()); err != nil {
				t.Fatal(err)
			}
			if n := countInteractions(t, db); n != 2 {
				t.Fatalf("%d interactions after deleting a project, want its 2 gone", n)
			}

			migrateTo(t, p, 15, false)
			want := []string{"idx_interactions_occurred", "idx_interactions_project", "idx_interactions_session"}
			if got := indexesOf(t, db, "interactions"); !slices.Equal(got, want) {
				t.Fatalf("indexes of interactions after 00016 down: %v", got)
			}
			if n := countInteractions(t, db); n != 1 {
				t.Fatalf("%d interactions after 00016 down, want the kept session's 1 (the orphan dropped)", n)
			}
			exec(t, db, `DELETE FROM visitor_sessions WHERE id = ?`, kept.ID)
			if n := countInteractions(t, db); n != 0 {
				t.Fatalf("%d interactions after deleting their session under 00015, want them cascaded", n)
			}
		})
	}
}

// indexesOf lists the secondary indexes of table by name.
func indexesOf(t *testing.T, db *store.DB, table string) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = $1
		AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name`
	if db.Engine() == store.Postgres {
		q = `SELECT indexname FROM pg_indexes WHERE tablename = $1
			AND schemaname = current_schema() AND indexname <> $1 || '_pkey' ORDER BY indexname`
	}
	rows, err := db.SQL().QueryContext(context.Background(), q, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

func countInteractions(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM interactions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func exec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.SQL().ExecContext(context.Background(), rebind(string(db.Engine()), q), args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
