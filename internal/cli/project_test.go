package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

var tidepool = []string{"plant", "seed", "--name", "Tidepool", "--type", "vine", "--repo", "alice/tidepool",
	"--demo-url", "https://tidepool.dev", "--tech", "go,htmx,sqlite", "--position", "1.5,0,-2"}

// decodeStrict decodes JSON that must match the wire type field for field.
func decodeStrict(t *testing.T, raw string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode %q: %v", raw, err)
	}
}

func TestPlantSeed(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		r := e.mustRun(t, append(tidepool, "--output", "json")...)
		var p api.Project
		decodeStrict(t, r.out, &p)
		want := api.Project{Name: "Tidepool", PlantType: "vine", GithubRepo: "alice/tidepool",
			DemoURL: "https://tidepool.dev", Technologies: []string{"go", "htmx", "sqlite"},
			PositionX: 1.5, PositionZ: -2, GrowthStage: "seed", Status: "active", Visibility: "public",
			Origin: "owner", Moderation: "approved"}
		want.ID, want.PlantedDate, want.CreatedAt, want.UpdatedAt = p.ID, p.PlantedDate, p.CreatedAt, p.UpdatedAt
		if !reflect.DeepEqual(p, want) {
			t.Errorf("plant seed json = %+v, want %+v", p, want)
		}
		if !strings.HasSuffix(r.out, "}\n") || !strings.Contains(r.out, "\n  \"name\": \"Tidepool\"") {
			t.Errorf("json is not indented with a trailing newline: %q", r.out)
		}

		r = e.mustRun(t, "plant", "seed", "--name", "Petal", "--type", "flower")
		if !strings.Contains(r.out, "Petal") || !strings.Contains(r.out, "flower") {
			t.Errorf("plant seed table = %q, want the new project", r.out)
		}
		if got := e.count(t).projects; got != 2 {
			t.Errorf("projects = %d, want 2", got)
		}
	})
}

func TestPlantSeedPromptsInATerminal(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		r := e.runIO(t, "Tidepool\n", true, "plant", "seed", "--type", "vine")
		if r.code != 0 {
			t.Fatalf("exit %d, stderr %q", r.code, r.errOut)
		}
		if !strings.Contains(r.errOut, "Name: ") {
			t.Errorf("stderr = %q, want the prompt", r.errOut)
		}
		svc, closeDB := e.service(t)
		defer closeDB()
		p, err := svc.ResolveProject(context.Background(), "Tidepool")
		if err != nil || p.PlantType != "vine" {
			t.Errorf("prompted project = %+v, %v", p, err)
		}
	})
}

func TestProjectList(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		e.mustRun(t, tidepool...)
		e.mustRun(t, "plant", "seed", "--name", "Lighthouse", "--type", "tree", "--stage", "mature")

		r := e.mustRun(t, "project", "list")
		for _, want := range []string{"Name", "Tidepool", "Lighthouse", "go, htmx, sqlite", "1.5,0,-2", "│"} {
			if !strings.Contains(r.out, want) {
				t.Errorf("table lacks %q:\n%s", want, r.out)
			}
		}

		r = e.mustRun(t, "project", "list", "--output", "json")
		var all []api.Project
		decodeStrict(t, r.out, &all)
		if len(all) != 2 {
			t.Fatalf("json list has %d projects, want 2", len(all))
		}

		r = e.mustRun(t, "project", "list", "--stage", "mature", "-o", "json")
		var mature []api.Project
		decodeStrict(t, r.out, &mature)
		if len(mature) != 1 || mature[0].Name != "Lighthouse" {
			t.Errorf("--stage mature = %+v, want Lighthouse only", mature)
		}

		r = e.mustRun(t, "project", "list", "--status", "archived", "-o", "json")
		if strings.TrimSpace(r.out) != "[]" {
			t.Errorf("empty list = %q, want []", r.out)
		}
	})
}

func TestProjectShowEditMoveDelete(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		e.mustRun(t, tidepool...)

		e.mustRun(t, "project", "edit", "Tidepool", "--stage", "sprout", "--description", "tides")
		r := e.mustRun(t, "project", "show", "tidepool", "-o", "json")
		var d api.ProjectDetail
		decodeStrict(t, r.out, &d)
		if p := d.Project; p.GrowthStage != "sprout" || p.Description != "tides" || p.PlantType != "vine" ||
			!reflect.DeepEqual(p.Technologies, []string{"go", "htmx", "sqlite"}) || p.PositionX != 1.5 {
			t.Errorf("after edit = %+v: only --stage and --description should change", p)
		}
		if d.Links.Github != "https://github.com/alice/tidepool" || d.Links.Demo != "https://tidepool.dev" {
			t.Errorf("links = %+v", d.Links)
		}
		if len(d.GrowthHistory) != 1 || d.GrowthHistory[0].NewStage != "sprout" {
			t.Errorf("growth history = %+v, want the stage change", d.GrowthHistory)
		}
		r = e.mustRun(t, "project", "show", d.Project.ID)
		if !strings.Contains(r.out, "seed → sprout") {
			t.Errorf("show table lacks the history:\n%s", r.out)
		}

		e.mustRun(t, "project", "move", "Tidepool", "--position", "3,1,4")
		e.mustRun(t, "project", "feature", "Tidepool")
		svc, closeDB := e.service(t)
		p, err := svc.ResolveProject(context.Background(), "Tidepool")
		closeDB()
		if err != nil || p.Position != (domain.Position{X: 3, Y: 1, Z: 4}) || p.Status != "featured" {
			t.Errorf("after move and feature = %+v, %v", p, err)
		}
		e.mustRun(t, "project", "archive", "Tidepool")

		r = e.runIO(t, "n\n", true, "project", "delete", "Tidepool")
		if r.code != ExitFailure || e.count(t).projects != 1 {
			t.Errorf("declined delete: exit %d, projects %d; want 1 and the project kept", r.code, e.count(t).projects)
		}
		r = e.runIO(t, "y\n", true, "project", "delete", "Tidepool")
		if r.code != 0 || e.count(t).projects != 0 {
			t.Errorf("confirmed delete: exit %d (%q), projects %d", r.code, r.errOut, e.count(t).projects)
		}
		e.mustRun(t, "plant", "seed", "--name", "Petal")
		e.mustRun(t, "project", "delete", "Petal", "--yes")
		if got := e.count(t).projects; got != 0 {
			t.Errorf("projects after delete --yes = %d, want 0", got)
		}
	})
}

// TestProjectEditFlags checks the flag decoding alone, gh style: runF
// receives the options instead of touching a database.
func TestProjectEditFlags(t *testing.T) {
	io, _ := Test()
	f := NewFactory(io)
	var got *ProjectEditOptions
	cmd := NewCmdProjectEdit(f, func(_ context.Context, o *ProjectEditOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"Tidepool", "--type", "tree", "--position", "1,2,3"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	p := got.Patch
	if got.Project != "Tidepool" || p.PlantType == nil || *p.PlantType != "tree" ||
		p.Position == nil || *p.Position != (domain.Position{X: 1, Y: 2, Z: 3}) {
		t.Errorf("patch = %+v", p)
	}
	if p.Name != nil || p.Technologies != nil || p.Status != nil || p.Description != nil {
		t.Errorf("flags not given must stay nil: %+v", p)
	}
}

func TestBadInputLeavesTheGardenUnchanged(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		tty   bool
		code  int
		msg   string
	}{
		{"unknown type", []string{"plant", "seed", "--name", "X", "--type", "baobab"}, "", false, ExitUsage, "plant_type"},
		{"position needs three numbers", []string{"plant", "seed", "--name", "X", "--position", "1,2"}, "", false, ExitUsage, "position"},
		{"position not numbers", []string{"plant", "seed", "--name", "X", "--position", "a,b,c"}, "", false, ExitUsage, "position"},
		{"bad repo", []string{"plant", "seed", "--name", "X", "--repo", "not a repo"}, "", false, ExitUsage, "github_repo"},
		{"bad demo url", []string{"plant", "seed", "--name", "X", "--demo-url", "ftp://x"}, "", false, ExitUsage, "demo_url"},
		{"missing name without terminal", []string{"plant", "seed"}, "", false, ExitUsage, "--name is required"},
		{"missing name with json", []string{"plant", "seed", "-o", "json"}, "X\n", true, ExitUsage, "--name is required"},
		{"duplicate name", []string{"plant", "seed", "--name", "seeded"}, "", false, ExitConflict, "already exists"},
		{"unknown project show", []string{"project", "show", "nope"}, "", false, ExitNotFound, "not found"},
		{"unknown project edit", []string{"project", "edit", "nope", "--type", "tree"}, "", false, ExitNotFound, "not found"},
		{"unknown project delete", []string{"project", "delete", "nope", "--yes"}, "", false, ExitNotFound, "not found"},
		{"edit to a bad stage", []string{"project", "edit", "Seeded", "--stage", "wilted"}, "", false, ExitUsage, "growth_stage"},
		{"edit without flags", []string{"project", "edit", "Seeded"}, "", false, ExitUsage, "nothing to change"},
		{"skill edit without flags", []string{"skill", "edit", "Go"}, "", false, ExitUsage, "nothing to change"},
		{"move without position", []string{"project", "move", "Seeded"}, "", false, ExitUsage, "position"},
		{"delete without terminal or --yes", []string{"project", "delete", "Seeded"}, "", false, ExitUsage, "--yes"},
		{"bad list filter", []string{"project", "list", "--stage", "wilted"}, "", false, ExitUsage, "stage"},
		{"proficiency 11", []string{"skill", "add", "--name", "Rust", "--proficiency", "11"}, "", false, ExitUsage, "proficiency"},
		{"duplicate skill", []string{"skill", "add", "--name", "go"}, "", false, ExitConflict, "conflict"},
		{"self connection", []string{"skill", "connect", "Go", "go"}, "", false, ExitUsage, "itself"},
		{"connect unknown skill", []string{"skill", "connect", "Go", "Cobol"}, "", false, ExitNotFound, "not found"},
		{"bad connection strength", []string{"skill", "connect", "Go", "PostgreSQL", "--strength", "2"}, "", false, ExitUsage, "strength"},
		{"bad mood", []string{"set", "mood", "--stress", "1.5"}, "", false, ExitUsage, "stress_level"},
		{"empty announcement", []string{"announce", ""}, "", false, ExitUsage, "message"},
		{"unknown flag", []string{"plant", "seed", "--colour", "red"}, "", false, ExitUsage, "unknown flag"},
		{"unknown command", []string{"harvest"}, "", false, ExitUsage, "unknown command"},
		{"missing argument", []string{"project", "show"}, "", false, ExitUsage, "argument"},
		{"bad output format", []string{"project", "list", "-o", "yaml"}, "", false, ExitUsage, "--output"},
		{"bad config", []string{"--config", "/nonexistent/greenhouse.yaml", "project", "list"}, "", false, ExitUsage, "config"},
	}
	eachEngine(t, func(t *testing.T, e *env) {
		e.mustRun(t, "plant", "seed", "--name", "Seeded")
		e.mustRun(t, "skill", "add", "--name", "Go")
		e.mustRun(t, "skill", "add", "--name", "PostgreSQL")
		before := e.count(t)
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := e.runIO(t, tc.stdin, tc.tty, tc.args...)
				if r.code != tc.code {
					t.Errorf("exit %d, want %d (stderr %q)", r.code, tc.code, r.errOut)
				}
				assertOneErrorLine(t, r)
				if !strings.Contains(r.errOut, tc.msg) {
					t.Errorf("stderr %q does not mention %q", r.errOut, tc.msg)
				}
				if r.out != "" {
					t.Errorf("stdout = %q, want nothing on failure", r.out)
				}
				if after := e.count(t); after != before {
					t.Errorf("garden changed: %+v -> %+v", before, after)
				}
			})
		}
	})
}

func TestBadConfigValueIsAUsageError(t *testing.T) {
	e := newEnv(t, "sqlite")
	t.Setenv("GREENHOUSE_LOG_LEVEL", "chatty")
	r := e.run(t, "project", "list")
	if r.code != ExitUsage || !strings.Contains(r.errOut, "log.level") {
		t.Errorf("exit %d, stderr %q; want 2 naming log.level", r.code, r.errOut)
	}
	assertOneErrorLine(t, r)
}

func TestJSONIsIndentedWithNewline(t *testing.T) {
	var b bytes.Buffer
	if err := printJSON(&b, map[string]int{"a": 1}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "{\n  \"a\": 1\n}\n" {
		t.Errorf("printJSON = %q", b.String())
	}
}

func TestUnknownSubcommandIsAUsageError(t *testing.T) {
	e := newEnv(t, "sqlite")
	for _, group := range []string{"project", "skill", "migrate", "plant", "set", "config"} {
		r := e.run(t, group, "bogus")
		if r.code != ExitUsage || !strings.Contains(r.errOut, "unknown command") {
			t.Errorf("%s bogus: exit %d, stderr %q", group, r.code, r.errOut)
		}
		if r = e.run(t, group); r.code != 0 || !strings.Contains(r.out, "Usage:") {
			t.Errorf("%s alone: exit %d, out %q", group, r.code, r.out)
		}
	}
}
