package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// tailsGarden is a shared garden of three projects, two sharing Go.
func tailsGarden(t *testing.T) (*gardenParts, []uuid.UUID) {
	t.Helper()
	ids := []uuid.UUID{uuid.New(), uuid.New(), uuid.New()}
	g := sharedGarden{Weather: api.WeatherState{WeatherType: "sunny", Season: "winter", TimeOfDay: "day"}}
	for i, tech := range [][]string{{"Go"}, {"Go", "SQL"}, {"Rust"}} {
		g.Projects = append(g.Projects, api.Project{ID: ids[i].String(), Name: fmt.Sprint("p", i), Technologies: tech})
	}
	p, err := newGardenParts(g)
	if err != nil {
		t.Fatal(err)
	}
	return p, ids
}

// decodeReply reads a reply's body back as the documented type.
func decodeReply(t *testing.T, r *gardenReply) api.Garden {
	t.Helper()
	var g api.Garden
	if err := json.Unmarshal(append(append([]byte(nil), r.shared...), r.own...), &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestVisitorTailsKeptPerView: visitors with the same view share one tail,
// ETag and encoding, made once; a different view, or the same projects
// viewed in another order, gets its own, with its own ids and suggestions.
func TestVisitorTailsKeptPerView(t *testing.T) {
	p, ids := tailsGarden(t)
	view := func(viewed ...uuid.UUID) gardenView {
		return gardenView{weather: p.garden.Weather, season: "winter", timeOfDay: "day", viewed: viewed, tracked: true}
	}
	first, err := p.reply(view(), nil)
	if err != nil {
		t.Fatal(err)
	}
	second, _ := p.reply(view(), nil)
	if first.kept == nil || second.kept != first.kept || second.etag != first.etag {
		t.Fatal("two visitors with the same view did not share one kept tail")
	}
	var writers flateWriters
	splice := p.gzipPrefix()
	gz := first.gzipTail(splice, &writers)
	if again := second.gzipTail(splice, &writers); &again[0] != &gz[0] {
		t.Fatal("the kept tail was deflated again")
	}
	zr, err := gzip.NewReader(io.MultiReader(bytes.NewReader(splice.head), bytes.NewReader(gz)))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(body, append(append([]byte(nil), first.shared...), first.own...)) {
		t.Fatalf("the kept gzip tail does not decode to the body (%v)", err)
	}

	viewed, _ := p.reply(view(ids[0]), nil)
	reordered, _ := p.reply(view(ids[1], ids[0]), nil)
	if viewed.kept == first.kept || reordered.kept == viewed.kept || viewed.etag == first.etag {
		t.Fatal("different views shared a tail")
	}
	g := decodeReply(t, viewed)
	if len(g.Personalization.ViewedProjectIDs) != 1 || g.Personalization.ViewedProjectIDs[0] != ids[0].String() {
		t.Fatalf("viewed = %v, want [%s]", g.Personalization.ViewedProjectIDs, ids[0])
	}
	if len(g.Personalization.Suggestions) != 1 || g.Personalization.Suggestions[0].ID != ids[1].String() {
		t.Fatalf("suggestions = %+v, want the project sharing Go", g.Personalization.Suggestions)
	}
	if got := decodeReply(t, reordered).Personalization.ViewedProjectIDs; len(got) != 2 || got[0] != ids[1].String() {
		t.Fatalf("viewed = %v, want the order viewed", got)
	}
	untracked, _ := p.reply(gardenView{weather: p.garden.Weather, season: "winter", timeOfDay: "day"}, nil)
	if untracked.kept == first.kept || decodeReply(t, untracked).Personalization.Tracked {
		t.Fatal("an untracked visitor got a tracked visitor's tail")
	}
}

// TestVisitorTailsOverriddenWeatherNotKept: a view whose weather the query
// overrode gets its own weather, and its tail is made for it alone.
func TestVisitorTailsOverriddenWeatherNotKept(t *testing.T) {
	p, _ := tailsGarden(t)
	v := gardenView{weather: p.garden.Weather, season: "summer", timeOfDay: "day"}
	v.weather.Season, v.weather.WeatherType = "summer", "stormy"
	r, err := p.reply(v, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.kept != nil || len(p.tails.tails) != 0 {
		t.Fatal("a tail with an overridden weather was kept")
	}
	if g := decodeReply(t, r); g.Weather.WeatherType != "stormy" || g.Season != "summer" {
		t.Fatalf("weather %q, season %q: want the query's", g.Weather.WeatherType, g.Season)
	}
}

// TestVisitorTailsBounded: past maxVisitorTails views a request still gets
// its right tail, made for it and not kept.
func TestVisitorTailsBounded(t *testing.T) {
	p, ids := tailsGarden(t)
	var last *gardenReply
	for i := range maxVisitorTails + 10 {
		viewed := make([]uuid.UUID, 0, 8)
		for bit := range 8 { // each i a different sequence of the three ids
			viewed = append(viewed, ids[(i>>bit)%3])
		}
		r, err := p.reply(gardenView{weather: p.garden.Weather, season: "winter", timeOfDay: fmt.Sprint(i), viewed: viewed}, nil)
		if err != nil {
			t.Fatal(err)
		}
		last = r
	}
	if n := len(p.tails.tails); n != maxVisitorTails {
		t.Fatalf("%d tails kept, want at most %d", n, maxVisitorTails)
	}
	if last.kept != nil {
		t.Fatal("a tail past the bound was kept")
	}
	if g := decodeReply(t, last); g.TimeOfDay != fmt.Sprint(maxVisitorTails+9) || len(g.Personalization.ViewedProjectIDs) != 8 {
		t.Fatalf("the tail past the bound is wrong: %q, %d viewed", g.TimeOfDay, len(g.Personalization.ViewedProjectIDs))
	}
}
