package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// The admin API curates a project's media, validated with 422s that name
// the fields; the project page returns the list in order, the garden only
// its count, and a change is seen by the very next read (cache dropped).
func TestProjectMediaAdmin(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		id := ids["Fern CLI"]
		admin := e.admin()
		page := func() wireapi.ProjectDetail {
			d, err := e.visitor().Project(ctx(), id)
			if err != nil {
				t.Fatal(err)
			}
			return *d
		}
		gardenCount := func() int {
			_, body := e.do("GET", "/api/v1/garden", "", nil)
			var g struct {
				Projects []map[string]json.RawMessage `json:"projects"`
			}
			if err := json.Unmarshal(body, &g); err != nil {
				t.Fatal(err)
			}
			for _, p := range g.Projects {
				if string(p["id"]) == `"`+id+`"` {
					if _, ok := p["media"]; ok {
						t.Error("the garden's project entry carries the media list")
					}
					var n int
					_ = json.Unmarshal(p["media_count"], &n)
					return n
				}
			}
			t.Fatal("project missing from the garden")
			return 0
		}
		if n := gardenCount(); n != 0 || len(page().Media) != 0 {
			t.Fatalf("before: count %d", n)
		}

		link, err := admin.AddProjectMedia(ctx(), id, wireapi.MediaCreate{Kind: "link", URL: "https://example.com/post", Caption: "Write-up"})
		if err != nil || link.Position != 1 {
			t.Fatalf("add link: %+v %v", link, err)
		}
		shot, err := admin.AddProjectMedia(ctx(), id, wireapi.MediaCreate{Kind: "image", URL: "https://example.com/shot.png",
			AltText: "A terminal with ferns", Position: 1})
		if err != nil || shot.Position != 1 {
			t.Fatalf("add image first: %+v %v", shot, err)
		}
		if media := page().Media; len(media) != 2 || media[0].ID != shot.ID || media[1].ID != link.ID ||
			media[0].AltText != "A terminal with ferns" || media[1].Position != 2 {
			t.Fatalf("page media: %+v", media)
		}
		if n := gardenCount(); n != 2 {
			t.Fatalf("garden media_count %d, want 2", n)
		}

		for _, c := range []struct {
			body   string
			fields []string
		}{
			{`{"kind":"image","url":"http://example.com/a.png"}`, []string{"body.alt_text", "body.url"}},
			{`{"kind":"gif","url":"https://example.com/a.gif"}`, []string{"body.kind"}},
			{`{"kind":"link","url":"https://example.com/` + strings.Repeat("a", 2048) + `"}`, []string{"body.url"}},
			{`{"kind":"link","url":"https://example.com/","caption":"` + strings.Repeat("c", 301) + `"}`, []string{"body.caption"}},
		} {
			res, body := e.do("POST", "/api/v1/admin/projects/"+id+"/media", c.body, e.adminHeader())
			var p wireapi.Problem
			_ = json.Unmarshal(body, &p)
			var locs []string
			for _, f := range p.Errors {
				locs = append(locs, f.Location)
			}
			slices.Sort(locs)
			if res.StatusCode != http.StatusUnprocessableEntity || !slices.Equal(locs, c.fields) {
				t.Errorf("%.60s: %d %v, want 422 naming %v", c.body, res.StatusCode, locs, c.fields)
			}
		}
		res, _ := e.do("POST", "/api/v1/admin/projects/"+id+"/media", `{"kind":"link","url":"https://example.com/"}`, nil)
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("without a token: %d", res.StatusCode)
		}

		if d, err := admin.RemoveProjectMedia(ctx(), id, shot.ID); err != nil || !d.Deleted {
			t.Fatalf("remove: %+v %v", d, err)
		}
		_, err = admin.RemoveProjectMedia(ctx(), id, shot.ID)
		problem(t, err, http.StatusNotFound)
		if media := page().Media; len(media) != 1 || media[0].ID != link.ID || media[0].Position != 1 {
			t.Fatalf("after remove: %+v", media)
		}
		if list, err := admin.ProjectMedia(ctx(), id); err != nil || len(list) != 1 {
			t.Fatalf("admin list: %+v %v", list, err)
		}
		if n := gardenCount(); n != 1 {
			t.Fatalf("garden media_count %d after remove, want 1", n)
		}
	})
}
