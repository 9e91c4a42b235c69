package store_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

func fixedClock() func() time.Time {
	t0 := time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)
	return func() time.Time { return t0 }
}

func TestMigrateUpDownUp(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.OpenUnmigrated(t, engine)
			n, err := db.MigrateUp(ctx)
			if err != nil || n == 0 {
				t.Fatalf("up: n=%d err=%v", n, err)
			}
			if err := db.CheckSchema(ctx); err != nil {
				t.Fatalf("schema after up: %v", err)
			}
			if _, err := db.MigrateDown(ctx, 0); err != nil {
				t.Fatalf("down to zero: %v", err)
			}
			if err := db.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaBehind) {
				t.Fatalf("schema after down: want ErrSchemaBehind, got %v", err)
			}
			if _, err := db.MigrateUp(ctx); err != nil {
				t.Fatalf("up again: %v", err)
			}
			cur, latest, err := db.MigrationVersion(ctx)
			if err != nil || cur != latest || cur == 0 {
				t.Fatalf("version: %d/%d %v", cur, latest, err)
			}
		})
	}
}

func TestProjectRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := domain.NewService(db, domain.WithClock(fixedClock()))
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Tidepool", PlantType: "vine",
			GithubRepo: "alice/tidepool", DemoURL: "https://tidepool.dev",
			Technologies: []string{"go", "htmx", "sqlite", "Go"}, Position: domain.Position{X: 1.5, Z: -2}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := svc.ResolveProject(ctx, "tidepool")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != p.ID || got.Name != "Tidepool" || len(got.Technologies) != 3 || got.Position.Z != -2 ||
			!got.PlantedDate.Equal(p.PlantedDate) || got.GrowthStage != "seed" {
			t.Fatalf("round trip mismatch:\n got %+v\nwant %+v", got, p)
		}
		if _, err := svc.PlantProject(ctx, domain.PlantInput{Name: "TIDEPOOL"}); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("duplicate name: want conflict, got %v", err)
		}
		events, err := svc.EventsSince(ctx, 0, 10)
		if err != nil || len(events) != 1 || events[0].Type != domain.EventSeedPlanted {
			t.Fatalf("events: %v %v", events, err)
		}
	})
}

func TestSessionAndInteraction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := domain.NewService(db, domain.WithClock(fixedClock()))
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Fern"})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "mobile", Browser: "firefox"})
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := svc.RecordInteraction(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: "dwell", DurationSeconds: 2.5}); err != nil {
				t.Fatal(err)
			}
		}
		// An open session's interaction_events come from the interactions
		// table; its row gets them when it ends.
		got, err := svc.Session(ctx, sess.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.ProjectsViewed) != 1 || got.TimeSpentPerProject[p.ID.String()] != 7.5 ||
			len(got.InteractionEvents) != 3 || len(got.JourneyPath) != 1 {
			t.Fatalf("session not updated: %+v", got)
		}
		var row *domain.VisitorSession
		_ = db.View(ctx, func(tx domain.Tx) error {
			row, err = tx.GetSessionByToken(ctx, sess.SessionToken)
			return err
		})
		if err != nil || len(row.InteractionEvents) != 0 {
			t.Fatalf("open session row holds %d events (%v)", len(row.InteractionEvents), err)
		}
		if _, err := svc.RecordInteraction(ctx, sess.SessionToken, uuid.New(), domain.InteractionInput{Type: "view"}); !domain.IsNotFound(err) {
			t.Fatalf("unknown project: %v", err)
		}
		if err := svc.RefreshGardenSummary(ctx); err != nil {
			t.Fatalf("refresh summary: %v", err)
		}
	})
}

// A SQLite path with URI metacharacters opens that very file.
func TestSQLitePathWithURICharacters(t *testing.T) {
	dir := t.TempDir() + "/odd#dir?x%20y"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), "sqlite:"+dir+"/g.db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.MigrateUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir + "/g.db"); err != nil {
		t.Fatalf("the database is not where it was asked to be: %v", err)
	}
}

// TestPostgresJITOff checks that the store's PostgreSQL connections run
// without JIT compilation (see openPostgres), unless the URL asks for it.
func TestPostgresJITOff(t *testing.T) {
	if os.Getenv(storetest.PostgresURLEnv) == "" {
		t.Skip(storetest.PostgresURLEnv + " is not set")
	}
	ctx := context.Background()
	u := storetest.URL(t, store.Postgres)
	for _, c := range []struct{ url, want string }{{u, "off"}, {u + "&jit=on", "on"}} {
		db, err := store.Open(ctx, c.url, store.Options{MaxOpenConns: 1})
		if err != nil {
			t.Fatal(err)
		}
		var jit string
		err = db.SQL().QueryRowContext(ctx, "SHOW jit").Scan(&jit)
		_ = db.Close()
		if err != nil || jit != c.want {
			t.Fatalf("%s: jit = %q (%v), want %s", c.url, jit, err, c.want)
		}
	}
}
