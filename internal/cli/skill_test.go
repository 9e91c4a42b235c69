package cli

import (
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

func TestSkillAddListShowEditRemove(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		r := e.mustRun(t, "skill", "add", "--name", "Go", "--category", "backend", "--constellation", "Systems", "--proficiency", "8", "-o", "json")
		var sk api.Skill
		decodeStrict(t, r.out, &sk)
		if sk.Name != "Go" || sk.ProficiencyLevel != 8 || sk.ConstellationGroup != "Systems" || sk.Category != "backend" {
			t.Errorf("skill add json = %+v", sk)
		}
		e.mustRun(t, "skill", "add", "--name", "PostgreSQL", "--category", "data", "--constellation", "Data")

		r = e.mustRun(t, "skill", "list")
		for _, want := range []string{"Systems", "Go", "PostgreSQL", "Data"} {
			if !strings.Contains(r.out, want) {
				t.Errorf("skill list lacks %q:\n%s", want, r.out)
			}
		}
		r = e.mustRun(t, "skill", "list", "-o", "json")
		var all []api.Skill
		decodeStrict(t, r.out, &all)
		if len(all) != 2 {
			t.Errorf("skill list json has %d skills, want 2", len(all))
		}

		e.mustRun(t, "skill", "edit", "go", "--proficiency", "9")
		e.mustRun(t, "skill", "connect", "Go", "PostgreSQL")
		r = e.mustRun(t, "skill", "show", "Go", "-o", "json")
		var d SkillDetail
		decodeStrict(t, r.out, &d)
		if d.ProficiencyLevel != 9 || d.Category != "backend" || len(d.Connections) != 1 {
			t.Errorf("after edit: %+v with %d connections; only proficiency should change", d.Skill, len(d.Connections))
		}
		r = e.mustRun(t, "skill", "show", "Go")
		if !strings.Contains(r.out, "PostgreSQL") || !strings.Contains(r.out, "complement") {
			t.Errorf("skill show lacks the connection:\n%s", r.out)
		}

		e.mustRun(t, "skill", "remove", "PostgreSQL")
		if c := e.count(t); c.skills != 1 || c.connections != 0 {
			t.Errorf("after remove: %+v, want 1 skill and no connection", c)
		}
	})
}

func TestSkillConnectDisconnectEitherOrder(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		e.mustRun(t, "skill", "add", "--name", "Go")
		e.mustRun(t, "skill", "add", "--name", "PostgreSQL")

		r := e.mustRun(t, "skill", "connect", "Go", "PostgreSQL", "--type", "complement", "--strength", "0.7")
		if !strings.HasPrefix(r.out, "Connected") {
			t.Errorf("first connect = %q", r.out)
		}
		r = e.mustRun(t, "skill", "connect", "PostgreSQL", "Go", "--type", "similar", "--strength", "0.9", "-o", "json")
		var c api.ConnectionResult
		decodeStrict(t, r.out, &c)
		if c.Created || c.Connection.ConnectionType != "similar" || c.Connection.Strength != 0.9 {
			t.Errorf("reverse connect = %+v, want the same link updated", c)
		}
		if got := e.count(t).connections; got != 1 {
			t.Fatalf("connections = %d, want 1: (a,b) and (b,a) are one link", got)
		}

		e.mustRun(t, "skill", "disconnect", "PostgreSQL", "Go")
		if got := e.count(t).connections; got != 0 {
			t.Errorf("after disconnect b a: %d connections", got)
		}
		e.mustRun(t, "skill", "connect", "PostgreSQL", "Go")
		e.mustRun(t, "skill", "disconnect", "Go", "PostgreSQL")
		if got := e.count(t).connections; got != 0 {
			t.Errorf("after disconnect a b: %d connections", got)
		}
		r = e.run(t, "skill", "disconnect", "Go", "PostgreSQL")
		if r.code != ExitNotFound {
			t.Errorf("disconnecting twice: exit %d (%q), want 3", r.code, r.errOut)
		}
	})
}
