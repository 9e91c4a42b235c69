package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// The JSON bodies clients POST are decoded by huma, then checked by the
// domain. Whatever the bytes, the server answers: never a 5xx, a failure is
// a problem+json whose status is the HTTP status, and a body that is not
// even the wire type's JSON is never accepted.
//
// Each input gets its own server (newEnv) on its own copy of a migrated
// SQLite database, so a finding replays alone; that costs throughput (a few
// inputs a second per worker), the price of sharing no state between inputs.

// fuzzTemplate migrates one SQLite database for a whole fuzz run (or test) and
// returns its file; fuzzDB copies it per input, which is much cheaper than
// migrating each time.
func fuzzTemplate(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "template.db")
	db, err := store.Open(ctx(), "sqlite:"+path, store.Options{MaxOpenConns: 1})
	if err != nil {
		tb.Fatalf("open template database: %v", err)
	}
	if _, err := db.MigrateUp(ctx()); err != nil {
		tb.Fatalf("migrate template database: %v", err)
	}
	if err := db.Close(); err != nil { // checkpoints the WAL into the file
		tb.Fatal(err)
	}
	return path
}

// fuzzDB gives one input its own copy of the template database. It does
// not use storetest.Open: that puts the file under t.TempDir(), whose name
// holds the subtest's "seed#N", and the store builds its DSN as
// "file:"+path+"?" unescaped, so SQLite stops at "#" and every input would
// share /tmp/FuzzXseed (reported as a store bug).
func fuzzDB(t *testing.T, template string) *store.DB {
	t.Helper()
	raw, err := os.ReadFile(template)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "greenhouse-fuzz-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	path := filepath.Join(dir, "greenhouse.db")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx(), "sqlite:"+path, store.Options{MaxOpenConns: 4})
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// fuzzEnv builds the server for one input: one project and a visitor
// session, as a browser has after GET /api/v1/garden.
func fuzzEnv(t *testing.T, template string) (e *env, projectID string, visitor map[string]string) {
	t.Helper()
	e = newEnv(t, fuzzDB(t, template))
	p, err := e.svc.PlantProject(ctx(), domain.PlantInput{Name: "Fuzzed Fern", PlantType: "fern", Technologies: []string{"Go"}})
	if err != nil {
		t.Fatal(err)
	}
	res, _ := e.do("GET", "/api/v1/garden", "", nil)
	tok := res.Header.Get("X-Visitor-Session")
	if tok == "" {
		t.Fatal("GET /api/v1/garden started no session")
	}
	return e, p.ID.String(), map[string]string{"X-Visitor-Session": tok}
}

// fuzzCheckAnswer asserts the properties every answer to a fuzzed body has, and
// returns whether it was a success.
func fuzzCheckAnswer[T any](t *testing.T, body []byte, res *http.Response, raw []byte) bool {
	t.Helper()
	if res.StatusCode >= 500 {
		t.Fatalf("body %q: status %d: %s", body, res.StatusCode, raw)
	}
	strict := json.NewDecoder(bytes.NewReader(body))
	strict.DisallowUnknownFields()
	var typed T
	decodes := strict.Decode(&typed) == nil && !strict.More()
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		if !decodes {
			t.Fatalf("body %q is not a %T but got %d: %s", body, typed, res.StatusCode, raw)
		}
		if !json.Valid(raw) {
			t.Fatalf("body %q: %d with a reply that is not JSON: %q", body, res.StatusCode, raw)
		}
		return true
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("body %q: %d with content type %q: %s", body, res.StatusCode, ct, raw)
	}
	var p wireapi.Problem
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatalf("body %q: %d with a problem that is not JSON: %q", body, res.StatusCode, raw)
	}
	if p.Status != res.StatusCode {
		t.Fatalf("body %q: HTTP %d but problem status %d: %s", body, res.StatusCode, p.Status, raw)
	}
	if p.Title == "" {
		t.Errorf("body %q: problem without a title: %s", body, raw)
	}
	return false
}

// fuzzPost sends body as a JSON request and checks the answer.
func fuzzPost[T any](t *testing.T, e *env, path string, header map[string]string, body []byte) (ok bool, answer []byte) {
	t.Helper()
	res, raw := e.do("POST", path, string(body), fuzzJSONHeader(header))
	return fuzzCheckAnswer[T](t, body, res, raw), raw
}

// fuzzJSONHeader adds the content type e.do sets only for non-empty bodies.
func fuzzJSONHeader(h map[string]string) map[string]string {
	out := map[string]string{"Content-Type": "application/json"}
	for k, v := range h {
		out[k] = v
	}
	return out
}

func fuzzSeeds(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
}

func FuzzInteractBody(f *testing.F) {
	fuzzSeeds(f,
		`{"interaction_type":"view"}`,
		`{"interaction_type":"dwell","duration_seconds":42.5}`,
		`{"interaction_type":"click","metadata":{"x":1,"y":[true,null,"a"]}}`,
		`{"interaction_type":"share","metadata":"twitter"}`,
		`{"interaction_type":"dwell","duration_seconds":99999}`,
		`{"interaction_type":"stare"}`,
		`{"interaction_type":"view","bogus":1}`,
		`{"interaction_type":"view","duration_seconds":"long"}`,
		`{"interaction_type":`,
		`{}`,
		`[]`,
		`null`,
		``,
		`{"interaction_type":"view"}{"interaction_type":"view"}`,
		`{"interaction_type":"hover","duration_seconds":-0,"metadata":{"deep":[[[[[[[[[[[]]]]]]]]]]]}}`,
	)
	template := fuzzTemplate(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		e, id, visitor := fuzzEnv(t, template)
		ok, raw := fuzzPost[wireapi.InteractionRequest](t, e, "/api/v1/projects/"+id+"/interact", visitor, body)
		if !ok {
			return
		}
		var res wireapi.InteractionResult
		if err := json.Unmarshal(raw, &res); err != nil || !res.Recorded || res.VisitorInteractions < 1 ||
			res.GrowthFactor < 0 || res.GrowthFactor > 1 || domain.StageIndex(res.NewStage) < 0 {
			t.Fatalf("body %q: accepted interaction answered %s (%v)", body, raw, err)
		}
	})
}

func FuzzPlantSeedBody(f *testing.F) {
	fuzzSeeds(f,
		`{"seed_data":{"name":"Tiny Tool","plant_type":"herb","technologies":["Go"]},"position":{"x":1,"y":0,"z":-2}}`,
		`{"seed_data":{"name":"Site","description":"My site","github_repo":"someone/site","demo_url":"https://site.example"},"position":{"x":0,"y":0,"z":0}}`,
		`{"seed_data":{"name":"x","colour":"red"},"position":{"x":0,"y":0,"z":0}}`,
		`{"seed_data":{"name":""},"position":{}}`,
		`{"seed_data":{"name":"<script>alert(1)</script>"}}`,
		`{"seed_data":{"name":"Bad","github_repo":"not a repo","demo_url":"javascript:alert(1)"}}`,
		`{"seed_data":{"name":"Far","plant_type":"tree"},"position":{"x":1e308,"y":-1e308,"z":0}}`,
		`{"seed_data":{"name":"ok","technologies":[""," ","Go","go","GO"]}}`,
		`{"seed_data":null}`,
		`{"seed_data":{"name":"\u0000\ud800"}}`,
		`{`,
	)
	template := fuzzTemplate(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		e, _, visitor := fuzzEnv(t, template)
		ok, raw := fuzzPost[wireapi.PlantSeedRequest](t, e, "/api/v1/garden/plant-seed", visitor, body)
		if !ok {
			return
		}
		var res wireapi.PlantedSeed
		if err := json.Unmarshal(raw, &res); err != nil || res.Project.ID == "" || res.Project.Name == "" {
			t.Fatalf("body %q: planted seed answered %s (%v)", body, raw, err)
		}
	})
}

func FuzzMoodUpdateBody(f *testing.F) {
	fuzzSeeds(f,
		`{"weather_type":"sunny","intensity":0.7}`,
		`{"weather_type":"stormy","intensity":1,"music_mood":"energetic","productivity_score":0.2,"creativity_index":0.9,"stress_level":0.8,"time_of_day":"night","season":"winter","hold_minutes":30}`,
		`{"weather_type":"aurora","intensity":0,"hold_minutes":0}`,
		`{"weather_type":"foggy","intensity":0.5}`,
		`{"weather_type":"sunny","intensity":2}`,
		`{"weather_type":"sunny","intensity":0.5,"hold_minutes":99999999}`,
		`{"weather_type":"sunny","intensity":0.5,"stress_level":null}`,
		`{"intensity":0.5}`,
		`{"weather_type":"sunny","intensity":1e-400}`,
		`"sunny"`,
	)
	template := fuzzTemplate(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		e, _, _ := fuzzEnv(t, template)
		ok, raw := fuzzPost[wireapi.MoodUpdate](t, e, "/api/v1/weather/mood-update", e.adminHeader(), body)
		if !ok {
			return
		}
		var sent wireapi.MoodUpdate
		_ = json.Unmarshal(body, &sent) // fuzzCheckAnswer made sure it decodes
		var res wireapi.WeatherUpdate
		if err := json.Unmarshal(raw, &res); err != nil ||
			(sent.WeatherType != "" && res.Weather.WeatherType != sent.WeatherType) ||
			!slices.Contains(domain.WeatherTypes, res.Weather.WeatherType) ||
			(sent.Intensity != nil && res.Weather.Intensity != *sent.Intensity) ||
			res.Weather.TimeOfDay == "" || res.Weather.Season == "" {
			t.Fatalf("body %q: mood update answered %s (%v)", body, raw, err)
		}
	})
}

// TestFuzzValidSeeds keeps the fuzz targets honest: their valid seeds are
// accepted, so the success checks above run on every plain `go test`.
func TestFuzzValidSeeds(t *testing.T) {
	cases := []struct {
		name, path, body string
		admin            bool
		want             int
	}{
		{"interact", "interact", `{"interaction_type":"dwell","duration_seconds":42.5}`, false, http.StatusOK},
		{"plant seed", "/api/v1/garden/plant-seed", `{"seed_data":{"name":"Tiny Tool","plant_type":"herb","technologies":["Go"]},"position":{"x":1,"y":0,"z":-2}}`, false, http.StatusCreated},
		{"mood update", "/api/v1/weather/mood-update", `{"weather_type":"stormy","intensity":1,"music_mood":"energetic","hold_minutes":30}`, true, http.StatusOK},
	}
	template := fuzzTemplate(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, id, header := fuzzEnv(t, template)
			path := c.path
			if path == "interact" {
				path = "/api/v1/projects/" + id + "/interact"
			}
			if c.admin {
				header = e.adminHeader()
			}
			res, raw := e.do("POST", path, c.body, header)
			if res.StatusCode != c.want {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, c.want, raw)
			}
		})
	}
}
