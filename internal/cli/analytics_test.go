package cli

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

func TestGenerateAndExport(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		var res wireapi.GeneratedVisitors
		out := e.mustRun(t, "generate", "visitors", "--sessions", "300", "--interactions", "2500", "--days", "10", "-o", "json").out
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if res.Sessions != 300 || res.Interactions != 2500 || res.Projects != 8 {
			t.Fatalf("generated %+v", res)
		}
		var d wireapi.AnalyticsDashboard
		out = e.mustRun(t, "analytics", "export", "--range", "30d", "--format", "json").out
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if d.Visitors.Sessions != 300 || d.Visitors.Interactions != 2500 || len(d.Series.Start) != 30 {
			t.Fatalf("export json: %+v", d.Visitors)
		}
		rows, err := csv.NewReader(strings.NewReader(e.mustRun(t, "analytics", "export", "--range", "30d").out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			if r[0] == "visitors" && r[2] == "sessions" {
				found = r[3] == "300" && r[4] == "0"
			}
		}
		if !found || rows[0][0] != "section" {
			t.Fatalf("export csv: %v", rows[:min(len(rows), 12)])
		}
		if r := e.run(t, "analytics", "export", "--range", "1y"); r.code != ExitUsage || !strings.Contains(r.errOut, "YYYY-MM-DD..YYYY-MM-DD") {
			t.Fatalf("bad range: %+v", r)
		}
		if r := e.run(t, "analytics", "export", "--format", "xml"); r.code != ExitUsage {
			t.Fatalf("bad format: %+v", r)
		}
		e.mustRun(t, "analytics", "rollup")
		if out := e.mustRun(t, "analytics", "prune", "--retention-days", "400").out; !strings.Contains(out, "Deleted 0") {
			t.Fatalf("prune: %s", out)
		}
	})
}
