package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

func TestDemoTwice(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		var first demoCounts
		if err := json.Unmarshal([]byte(e.mustRun(t, "demo", "-o", "json").out), &first); err != nil {
			t.Fatal(err)
		}
		c1 := e.count(t)
		if first.Created["projects"] != 12 || first.Created["skills"] < 18 || first.Created["connections"] == 0 ||
			first.Created["weather"] == 0 || c1.projects != 12 || c1.growth != first.Created["growth_log"] {
			t.Errorf("first demo run created %+v, garden %+v", first.Created, c1)
		}
		assertDemoGarden(t, e)

		var second demoCounts
		if err := json.Unmarshal([]byte(e.mustRun(t, "demo", "-o", "json").out), &second); err != nil {
			t.Fatal(err)
		}
		for k, n := range second.Created {
			if n != 0 {
				t.Errorf("second run created %d %s, want 0", n, k)
			}
		}
		if second.Present["projects"] != 12 || second.Present["skills"] != first.Created["skills"] {
			t.Errorf("second run found %+v present", second.Present)
		}
		if c2 := e.count(t); c2 != c1 {
			t.Errorf("second run changed the garden: %+v -> %+v", c1, c2)
		}
		if r := e.mustRun(t, "demo"); !strings.Contains(r.out, "Already present") {
			t.Errorf("demo table = %q", r.out)
		}
	})
}

// assertDemoGarden checks the demo covers every plant type and stage, each
// project with several past-dated growth rows, in four constellations.
func assertDemoGarden(t *testing.T, e *env) {
	t.Helper()
	svc, closeDB := e.service(t)
	defer closeDB()
	ctx := context.Background()
	ps, err := svc.ListProjects(ctx, domain.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	types, stages := map[string]bool{}, map[string]bool{}
	for _, p := range ps {
		types[p.PlantType], stages[p.GrowthStage] = true, true
		history, err := svc.GrowthHistory(ctx, p.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(history) < 3 {
			t.Errorf("%s has %d growth rows, want several", p.Name, len(history))
		}
		for _, h := range history {
			if !h.RecordedAt.Before(time.Now()) || h.RecordedAt.Before(p.PlantedDate) {
				t.Errorf("%s: growth row at %v outside its life (planted %v)", p.Name, h.RecordedAt, p.PlantedDate)
			}
		}
	}
	if len(types) != len(domain.PlantTypes) || len(stages) != len(domain.GrowthStages) {
		t.Errorf("demo covers types %v and stages %v", types, stages)
	}
	skills, err := svc.ListSkills(ctx)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]bool{}
	for _, s := range skills {
		groups[s.ConstellationGroup] = true
	}
	if len(groups) != 4 {
		t.Errorf("constellations = %v, want 4", groups)
	}
}

func TestMigrateDownStatusUp(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		r := e.mustRun(t, "migrate", "status")
		if strings.Contains(r.out, "pending") || !strings.Contains(r.out, "applied") {
			t.Errorf("status after up:\n%s", r.out)
		}
		e.mustRun(t, "migrate", "down", "0")
		r = e.mustRun(t, "migrate", "status", "-o", "json")
		var list []store.MigrationStatus
		if err := json.Unmarshal([]byte(r.out), &list); err != nil || len(list) == 0 {
			t.Fatalf("status json %q: %v", r.out, err)
		}
		for _, m := range list {
			if m.Applied {
				t.Errorf("migration %d still applied after down 0", m.Version)
			}
		}
		if r = e.mustRun(t, "migrate", "status"); !strings.Contains(r.out, "pending") {
			t.Errorf("status after down:\n%s", r.out)
		}
		if r = e.mustRun(t, "migrate", "version"); !strings.HasPrefix(r.out, "0 (latest ") {
			t.Errorf("version after down = %q", r.out)
		}
		e.mustRun(t, "migrate", "up")
		r = e.mustRun(t, "migrate", "version")
		latest := list[len(list)-1].Version
		if want := fmt.Sprintf("%d (latest %d)\n", latest, latest); r.out != want {
			t.Errorf("version after up = %q, want %q", r.out, want)
		}
		e.mustRun(t, "plant", "seed", "--name", "After migrations")
	})
}

func TestPostgresSchemaBehindIsRefused(t *testing.T) {
	for _, engine := range storetest.Engines() {
		if engine != store.Postgres {
			continue
		}
		e := newEnv(t, engine)
		r := e.run(t, "project", "list")
		if r.code != ExitUsage || !strings.Contains(r.errOut, "greenhouse migrate up") || !strings.Contains(r.errOut, "--migrate") {
			t.Errorf("unmigrated postgres: exit %d, stderr %q", r.code, r.errOut)
		}
		assertOneErrorLine(t, r)
		if r = e.run(t, "--migrate", "project", "list", "-o", "json"); r.code != 0 || strings.TrimSpace(r.out) != "[]" {
			t.Errorf("--migrate: exit %d, out %q, stderr %q", r.code, r.out, r.errOut)
		}
	}
}

// TestSQLiteNeedsNoSetup: one `migrate up` (or `demo`) creates data_dir and
// the file in it; nothing else is needed before curating.
func TestSQLiteNeedsNoSetup(t *testing.T) {
	e := newEnv(t, store.SQLite)
	e.url = "sqlite:garden.db" // relative: resolved against data_dir
	e.dataDir = filepath.Join(e.dataDir, "data")
	e.mustRun(t, "migrate", "up")
	e.mustRun(t, "plant", "seed", "--name", "Zero setup")
	r := e.mustRun(t, "project", "list", "-o", "json")
	if !strings.Contains(r.out, "Zero setup") {
		t.Errorf("list = %q", r.out)
	}
}

func TestConfigShowRedactsSecrets(t *testing.T) {
	e := newEnv(t, store.SQLite)
	const secret = "s3cr3t-0123456789-abcdefghijklmnopqrstuvwxyz"
	t.Setenv("GREENHOUSE_SECURITY_SECRET_KEY", secret)
	r := e.mustRun(t, "config", "show")
	if strings.Contains(r.out+r.errOut, secret) {
		t.Fatalf("config show printed the secret:\n%s", r.out)
	}
	if !strings.Contains(r.out, "secret_key: '"+config.RedactedValue+"'") {
		t.Errorf("config show does not mark the secret as redacted:\n%s", r.out)
	}
	if !strings.Contains(r.out, "url: "+e.url) {
		t.Errorf("config show lacks the --database-url flag's value:\n%s", r.out)
	}
}

// TestConfigShowSaysWhereTheGeneratedSecretLives: an empty secret_key is
// not "no key": config show names the file the key is generated into.
func TestConfigShowSaysWhereTheGeneratedSecretLives(t *testing.T) {
	e := newEnv(t, store.SQLite)
	r := e.mustRun(t, "config", "show")
	want := `secret_key: "" # empty: the key is generated once into ` + filepath.Join(e.dataDir, "secret_key")
	if !strings.Contains(r.out, want) {
		t.Errorf("config show lacks %q:\n%s", want, r.out)
	}
}

func TestSetMood(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		r := e.mustRun(t, "set", "mood", "--music-mood", "calm", "--productivity", "0.8", "--stress", "0.2", "-o", "json")
		var u api.WeatherUpdate
		decodeStrict(t, r.out, &u)
		// The weather model's rule: by day (a fresh garden's default sky)
		// productivity 0.8 is sunny at 0.4+0.6·0.8, rounded to 0.9.
		if w := u.Weather; !u.Changed || w.WeatherType != "sunny" || w.Source != "manual" || w.Intensity != 0.9 ||
			w.OverrideUntil == nil || w.TimeOfDay != "day" || w.Season == "" {
			t.Errorf("mood weather = %+v, want a manual sunny day at 0.9", u)
		}
		// Stress 0.65 is a storm for the model (>= 0.6) and so for the mood.
		r = e.mustRun(t, "set", "mood", "--stress", "0.65", "-o", "json")
		decodeStrict(t, r.out, &u)
		if w := u.Weather; w.WeatherType != "stormy" || w.Intensity != 0.7 {
			t.Errorf("stress 0.65 = %s at %v, want stormy at 0.7", w.WeatherType, w.Intensity)
		}
		r = e.mustRun(t, "set", "mood", "--weather", "stormy", "--intensity", "0.9", "--for", "30m")
		if !strings.Contains(r.out, "stormy") || !strings.Contains(r.out, "manual") {
			t.Errorf("explicit weather table:\n%s", r.out)
		}
	})
}

func TestAnnounce(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		r := e.mustRun(t, "announce", "New seeds planted!", "-o", "json")
		var ev api.Event
		decodeStrict(t, r.out, &ev)
		if ev.EventType != domain.EventSystemUpdate || !strings.Contains(string(ev.Data), "New seeds planted!") || ev.ID == 0 {
			t.Errorf("announce event = %+v", ev)
		}
	})
}

func TestVersionAndCompletion(t *testing.T) {
	e := newEnv(t, store.SQLite)
	if r := e.mustRun(t, "version"); r.out != "greenhouse 1.2.3-test\n" {
		t.Errorf("version = %q", r.out)
	}
	if r := e.mustRun(t, "completion", "bash"); !strings.Contains(r.out, "greenhouse") {
		t.Errorf("completion bash printed %d bytes", len(r.out))
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{errors.New("disk on fire"), ExitFailure},
		{usageErrorf("bad"), ExitUsage},
		{fmt.Errorf("wrapped: %w", domain.Invalid("name", "is required")), ExitUsage},
		{&config.KeyError{Key: "log.level", Value: "x", Allowed: "info"}, ExitUsage},
		{fmt.Errorf("open: %w", store.ErrSchemaBehind), ExitUsage},
		{&domain.NotFoundError{Kind: "project", Key: "x"}, ExitNotFound},
		{fmt.Errorf("wrapped: %w", domain.ErrNotFound), ExitNotFound},
		{&domain.ConflictError{Kind: "project", Detail: "x"}, ExitConflict},
	}
	for _, tc := range tests {
		if got := ExitCode(tc.err); got != tc.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
	if got := errorLine(errors.New("two\nlines")); got != "error: two; lines" {
		t.Errorf("errorLine = %q", got)
	}
}
