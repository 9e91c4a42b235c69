package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// `skill show` says which values are the owner's; `skill edit` sets the
// used dates and hands values back to the insights job with --clear.
func TestSkillManualValues(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		e.mustRun(t, "skill", "add", "--name", "Go", "--brightness", "0.9")
		e.mustRun(t, "skill", "add", "--name", "Rust")
		r := e.mustRun(t, "skill", "show", "Go")
		for _, want := range []string{"0.9 (manual)", "First used", "- (derived)"} {
			if !strings.Contains(r.out, want) {
				t.Errorf("skill show lacks %q:\n%s", want, r.out)
			}
		}
		var sk SkillDetail
		decodeStrict(t, e.mustRun(t, "skill", "show", "Rust", "-o", "json").out, &sk)
		if len(sk.Manual) != 0 {
			t.Errorf("a skill added without brightness has manual values %v", sk.Manual)
		}
		e.mustRun(t, "skill", "edit", "Go", "--first-used", "2015-03-01", "--clear", "brightness")
		var d SkillDetail
		decodeStrict(t, e.mustRun(t, "skill", "show", "Go", "-o", "json").out, &d)
		if !slices.Equal(d.Manual, []string{"first_used_date"}) || *d.FirstUsedDate != "2015-03-01" {
			t.Errorf("after edit: manual %v first used %v", d.Manual, d.FirstUsedDate)
		}
		if r := e.run(t, "skill", "edit", "Go", "--last-used", "yesterday"); r.code == 0 {
			t.Error("a malformed date was accepted")
		}
	})
}

// `project media add|list|remove` curates a project's media; `project
// show` lists them.
func TestProjectMediaCommands(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		e.mustRun(t, "plant", "seed", "--name", "Moss")
		e.mustRun(t, "project", "media", "add", "Moss", "--kind", "link", "--url", "https://example.com/post")
		e.mustRun(t, "project", "media", "add", "Moss", "--kind", "image", "--url", "https://example.com/a.png",
			"--alt", "Moss on a wall", "--position", "1")
		if r := e.run(t, "project", "media", "add", "Moss", "--kind", "image", "--url", "http://example.com/b.png"); r.code == 0 ||
			!strings.Contains(r.errOut, "alt_text") || !strings.Contains(r.errOut, "https") {
			t.Errorf("invalid media: exit %d\n%s", r.code, r.errOut)
		}
		var items []api.ProjectMedia
		decodeStrict(t, e.mustRun(t, "project", "media", "list", "Moss", "-o", "json").out, &items)
		if len(items) != 2 || items[0].Kind != "image" || items[1].Position != 2 {
			t.Fatalf("media list: %+v", items)
		}
		r := e.mustRun(t, "project", "show", "Moss")
		if !strings.Contains(r.out, "Moss on a wall") {
			t.Errorf("project show lacks the media:\n%s", r.out)
		}
		e.mustRun(t, "project", "media", "remove", "Moss", "1")
		decodeStrict(t, e.mustRun(t, "project", "media", "list", "Moss", "-o", "json").out, &items)
		if len(items) != 1 || items[0].Kind != "link" {
			t.Fatalf("after remove: %+v", items)
		}
		var p []api.Project
		decodeStrict(t, e.mustRun(t, "project", "list", "-o", "json").out, &p)
		if len(p) != 1 || p[0].MediaCount != 1 {
			t.Errorf("project list media_count: %+v", p)
		}
	})
}
