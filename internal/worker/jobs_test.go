package worker

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// The periodic jobs, called directly under the injected clock.
func TestPeriodicJobsUnderAFakeClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()

		// Growth: six commits leave a seed; ten days of age make it sprout.
		p := e.plant("Moss", "")
		if _, err := e.svc.ApplyRepoStats(ctx, p.ID, ProviderGitHub, domain.RepoStats{CommitCount: 6}); err != nil {
			t.Fatal(err)
		}
		if err := e.w.RecalculateAllGrowth(ctx); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.svc.GetProject(ctx, p.ID); got.GrowthStage != "seed" {
			t.Fatalf("grew too early: %s", got.GrowthStage)
		}
		e.clock.Add(10 * 24 * time.Hour)
		if err := e.w.RecalculateAllGrowth(ctx); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.svc.GetProject(ctx, p.ID); got.GrowthStage != "sprout" {
			t.Fatalf("after ten days: %s", got.GrowthStage)
		}
		if err := e.w.RecalculateGrowth(ctx, p.ID.String()); err != nil {
			t.Fatal(err)
		}
		if h := e.history(p.ID); len(h) != 2 || h[0].NewStage != "sprout" {
			t.Fatalf("growth log: %d rows", len(h))
		}
		if n := e.counter(e.w.metrics.stages, "seed", "sprout"); n != 1 {
			t.Fatalf("stage changes counted %v times", n)
		}

		// Idle sessions end after worker.session_idle with their exit point.
		sess, err := e.svc.StartSession(ctx, domain.SessionInput{EntryPoint: "/garden", DeviceType: "desktop"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.RecordInteraction(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: "click"}); err != nil {
			t.Fatal(err)
		}
		lastActivity := e.clock.Now()
		e.clock.Add(29 * time.Minute)
		if n, err := e.w.EndIdleSessions(ctx); err != nil || n != 0 {
			t.Fatalf("ended a session idle for 29 minutes: %d %v", n, err)
		}
		e.clock.Add(2 * time.Minute)
		if n, err := e.w.EndIdleSessions(ctx); err != nil || n != 1 {
			t.Fatalf("idle sessions ended: %d %v", n, err)
		}
		var ended *domain.VisitorSession
		_ = db.View(ctx, func(tx domain.Tx) error {
			ended, err = tx.GetSessionByToken(ctx, sess.SessionToken)
			return err
		})
		if ended.EndedAt == nil || !ended.EndedAt.Equal(lastActivity) || ended.ExitPoint != "project:"+p.ID.String() {
			t.Fatalf("ended session: ended_at %v exit %q", ended.EndedAt, ended.ExitPoint)
		}
		if n, _ := e.w.EndIdleSessions(ctx); n != 0 {
			t.Fatal("an ended session was ended again")
		}

		// Events older than realtime.retention are pruned.
		if _, err := e.svc.Announce(ctx, "hello"); err != nil {
			t.Fatal(err)
		}
		before := len(e.events())
		e.clock.Add(e.cfg.Realtime.Retention + time.Minute)
		if _, err := e.svc.Announce(ctx, "later"); err != nil {
			t.Fatal(err)
		}
		if err := e.w.Prune(ctx); err != nil {
			t.Fatal(err)
		}
		if evs := e.events(); len(evs) != 1 || before < 2 {
			t.Fatalf("after pruning: %d events (had %d)", len(evs), before)
		}

		// The salt of the day exists after rotation, and old ones are gone.
		if err := e.w.hasher.Rotate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.GetSalt(ctx, domain.SaltDay(e.clock.Now())); err != nil {
			t.Fatalf("today's salt: %v", err)
		}
		e.clock.Add(3 * 24 * time.Hour)
		old := domain.SaltDay(e.clock.Now().Add(-3 * 24 * time.Hour))
		if err := e.w.hasher.Rotate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.GetSalt(ctx, old); !domain.IsNotFound(err) {
			t.Fatalf("salt of %s survived rotation: %v", old, err)
		}

		// The summary refreshes on both engines.
		if err := e.svc.RefreshGardenSummary(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestRollupHook(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite), func(_ *config.Config, d *Deps) {
		d.RollupAnalytics = func(context.Context) error { return nil }
	})
	found := false
	for _, p := range e.w.schedule() {
		if p.id == "rollup_analytics" && p.every == time.Minute {
			found = true
		}
	}
	if !found {
		t.Fatal("rollup_analytics is not scheduled every minute")
	}
}

// Two workers on one PostgreSQL database: only the elected leader enqueues
// periodic jobs, and each is unique per period, so one period's job runs once.
func TestTwoWorkersRunAPeriodicJobOnce(t *testing.T) {
	if os.Getenv(storetest.PostgresURLEnv) == "" {
		t.Skip("needs PostgreSQL (" + storetest.PostgresURLEnv + ")")
	}
	url := storetest.URL(t, store.Postgres)
	open := func() *store.DB {
		db, err := store.Open(context.Background(), url, store.Options{MaxOpenConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	first := open()
	if _, err := first.MigrateUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	var envs []*env
	for _, db := range []*store.DB{first, open()} {
		envs = append(envs, newEnv(t, db, func(_ *config.Config, d *Deps) { d.NoSchedule = false }))
	}
	for _, e := range envs {
		e.start()
	}
	deadline := time.Now().Add(8 * time.Second)
	var n, done int
	for time.Now().Before(deadline) {
		_ = first.SQL().QueryRowContext(context.Background(),
			`SELECT COUNT(*), COUNT(*) FILTER (WHERE state IN ('completed','retryable','discarded')) FROM river_job WHERE kind = 'update_weather_conditions'`).Scan(&n, &done)
		if n > 0 && done == n {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second) // room for a second leader's mistake
	_ = first.SQL().QueryRowContext(context.Background(),
		`SELECT COUNT(*) FROM river_job WHERE kind = 'update_weather_conditions'`).Scan(&n)
	if n != 1 {
		t.Fatalf("update_weather_conditions enqueued %d times by two workers, want 1", n)
	}
}

// A manual override holds until it expires; then the computed weather
// takes over, and each change is counted once.
func TestWeatherOverrideExpires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db) // every provider answers 404: no readings at all
		ctx := context.Background()
		manual, _, err := e.svc.SetWeather(ctx, domain.WeatherInput{WeatherType: "aurora", Intensity: 0.9,
			TimeOfDay: "night", Season: "summer", Manual: true, For: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Add(30 * time.Minute)
		got, changed, err := e.w.UpdateWeather(ctx)
		if err != nil || changed || got.ID != manual.ID {
			t.Fatalf("override replaced early: changed=%v %+v %v", changed, got, err)
		}
		e.clock.Add(31 * time.Minute)
		got, changed, err = e.w.UpdateWeather(ctx)
		if err != nil || !changed || got.Source != "computed" || got.TimeOfDay != "day" || got.Season != "summer" {
			t.Fatalf("after expiry: changed=%v %+v %v", changed, got, err)
		}
		if _, changed, _ := e.w.UpdateWeather(ctx); changed {
			t.Fatal("an unchanged sky opened a new state")
		}
		if n := e.counter(e.w.metrics.weather, got.WeatherType); n != 1 {
			t.Fatalf("weather_changes_total{%s} = %v", got.WeatherType, n)
		}
	})
}
