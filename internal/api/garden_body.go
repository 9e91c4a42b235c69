package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// gardenParts is the shared garden prepared once per cached value, so that a
// request only splices bytes: the encoded arrays (a body prefix) and their
// digest, each project and the weather encoded, and what suggestions need.
type gardenParts struct {
	garden     sharedGarden
	prefix     []byte // `{"projects":[...],"skills":[...],"connections":[...]`
	sum        [32]byte
	weather    []byte
	projects   [][]byte // garden.Projects[i] encoded
	index      map[uuid.UUID]int
	candidates []*domain.Project
	gzipOnce   sync.Once
	gzip       *gzipSplice // prefix deflated once, on the first gzip request
	brotliOnce sync.Once
	brotli     *brotliSplice // prefix compressed once, on the first brotli request
	tails      visitorTails  // the visitors' tails made so far (garden_tails.go)
}

// gzipPrefix returns the prefix's gzip splice, compressed once per garden.
func (p *gardenParts) gzipPrefix() *gzipSplice {
	p.gzipOnce.Do(func() { p.gzip = newGzipSplice(p.prefix) })
	return p.gzip
}

// brotliPrefix returns the prefix's brotli splice, compressed once per
// garden.
func (p *gardenParts) brotliPrefix() *brotliSplice {
	p.brotliOnce.Do(func() { p.brotli = newBrotliSplice(p.prefix) })
	return p.brotli
}

// gardenView is what one visitor sees beyond the shared arrays.
type gardenView struct {
	weather           api.WeatherState
	season, timeOfDay string
	viewed            []uuid.UUID // suggestions are drawn from these (gardenParts.candidates)
	tracked           bool
}

// sharedParts returns the prepared shared garden, made once per cached value.
func (s *Server) sharedParts(ctx context.Context) (*gardenParts, error) {
	shared, err := s.sharedGarden(ctx)
	if err != nil {
		return nil, err
	}
	return s.caches.parts.of(shared)
}

// partsMemo keeps the gardenParts of the shared garden last read, made once
// for it: while the garden cache returns the same decoded value (the same
// slices), requests share its parts.
type partsMemo struct {
	last atomic.Pointer[partsEntry]
}

type partsEntry struct {
	garden sharedGarden
	once   sync.Once
	parts  *gardenParts
	err    error
}

func (m *partsMemo) of(g sharedGarden) (*gardenParts, error) {
	e := m.last.Load()
	if e == nil || !sameGarden(e.garden, g) {
		fresh := &partsEntry{garden: g}
		if !m.last.CompareAndSwap(e, fresh) {
			// Another request made a newer garden the last meanwhile; this
			// one is made for this request only.
			return newGardenParts(g)
		}
		e = fresh
	}
	e.once.Do(func() { e.parts, e.err = newGardenParts(g) })
	return e.parts, e.err
}

func newGardenParts(g sharedGarden) (*gardenParts, error) {
	raw, err := json.Marshal(struct {
		Projects    []api.Project         `json:"projects"`
		Skills      []api.Skill           `json:"skills"`
		Connections []api.SkillConnection `json:"connections"`
	}{g.Projects, g.Skills, g.Connections})
	if err != nil {
		return nil, fmt.Errorf("encode garden: %w", err)
	}
	p := &gardenParts{garden: g, prefix: raw[:len(raw)-1], projects: make([][]byte, len(g.Projects)),
		index: make(map[uuid.UUID]int, len(g.Projects)), candidates: make([]*domain.Project, 0, len(g.Projects))}
	p.sum = sha256.Sum256(p.prefix)
	if p.weather, err = json.Marshal(g.Weather); err != nil {
		return nil, fmt.Errorf("encode garden: %w", err)
	}
	for i, pr := range g.Projects {
		if p.projects[i], err = json.Marshal(pr); err != nil {
			return nil, fmt.Errorf("encode garden: %w", err)
		}
		id, err := uuid.Parse(pr.ID)
		if err != nil {
			continue // not a suggestion candidate
		}
		p.index[id] = i
		p.candidates = append(p.candidates, &domain.Project{ID: id, Name: pr.Name, Technologies: pr.Technologies})
	}
	return p, nil
}

// reply encodes a visitor's garden exactly as json.Marshal(api.Garden)
// would. With no own projects the body is the shared prefix and the
// view's tail (visitorTails: made once per view and shared garden); the
// ETag hashes the prefix's digest (computed once) and the tail, so the 20 KB
// body is neither copied nor hashed per request.
func (p *gardenParts) reply(v gardenView, own []api.Project) (*gardenReply, error) {
	if len(own) > 0 {
		return p.wholeReply(v, own)
	}
	var (
		t    *visitorTail
		kept bool
		err  error
	)
	if v.weather != p.garden.Weather {
		t, err = p.tail(v) // the query's own weather: made for this request
	} else {
		var buf [64]byte
		t, kept, err = p.tails.get(tailKey(buf[:0], v), func() (*visitorTail, error) { return p.tail(v) })
	}
	if err != nil {
		return nil, err
	}
	r := &gardenReply{shared: p.prefix, own: t.own, etag: t.etag, parts: p}
	if kept {
		r.kept = t
	}
	return r, nil
}

// tail encodes what follows the shared prefix for view v, and its ETag.
func (p *gardenParts) tail(v gardenView) (*visitorTail, error) {
	weather := p.weather
	if v.weather != p.garden.Weather {
		var err error
		if weather, err = json.Marshal(v.weather); err != nil {
			return nil, fmt.Errorf("encode garden: %w", err)
		}
	}
	suggestions := domain.Suggest(v.viewed, p.candidates, maxSuggestions)
	tail := make([]byte, 0, 256+len(weather)+len(suggestions)*1024)
	tail = append(tail, `,"weather":`...)
	tail = append(tail, weather...)
	tail = appendField(tail, "season", v.season)
	tail = appendField(tail, "time_of_day", v.timeOfDay)
	tail = append(tail, `,"personalization":{"viewed_project_ids":[`...)
	for i, id := range v.viewed {
		if i > 0 {
			tail = append(tail, ',')
		}
		tail = append(tail, '"')
		tail = append(tail, id.String()...)
		tail = append(tail, '"')
	}
	tail = append(tail, `],"suggestions":[`...)
	for i, sp := range suggestions {
		if i > 0 {
			tail = append(tail, ',')
		}
		tail = append(tail, p.projects[p.index[sp.ID]]...)
	}
	tail = append(tail, `],"tracked":`...)
	tail = fmt.Append(tail, v.tracked)
	tail = append(tail, "}}"...)
	h := sha256.New()
	h.Write(p.sum[:])
	h.Write(tail)
	return &visitorTail{own: tail, etag: `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`}, nil
}

// appendField appends ,"name":"value" for a value that needs no escaping
// (vocabulary words).
func appendField(b []byte, name, value string) []byte {
	b = append(b, `,"`...)
	b = append(b, name...)
	b = append(b, `":"`...)
	b = append(b, value...)
	return append(b, '"')
}

// wholeReply encodes a garden that has more than the shared projects (the
// visitor's own seeds): rare, so simply encoded whole.
func (p *gardenParts) wholeReply(v gardenView, own []api.Project) (*gardenReply, error) {
	suggestions := domain.Suggest(v.viewed, p.candidates, maxSuggestions)
	g := api.Garden{Projects: append(slices.Clip(p.garden.Projects), own...), Skills: p.garden.Skills,
		Connections: p.garden.Connections, Weather: v.weather, Season: v.season, TimeOfDay: v.timeOfDay,
		Personalization: api.Personalization{ViewedProjectIDs: make([]string, len(v.viewed)),
			Suggestions: make([]api.Project, len(suggestions)), Tracked: v.tracked}}
	for i, id := range v.viewed {
		g.Personalization.ViewedProjectIDs[i] = id.String()
	}
	for i, sp := range suggestions {
		g.Personalization.Suggestions[i] = p.garden.Projects[p.index[sp.ID]]
	}
	raw, err := json.Marshal(g)
	if err != nil {
		return nil, fmt.Errorf("encode garden: %w", err)
	}
	sum := sha256.Sum256(raw)
	return &gardenReply{own: raw, etag: `"` + hex.EncodeToString(sum[:16]) + `"`}, nil
}

// sameGarden reports whether a and b share their slices (one decoded value).
func sameGarden(a, b sharedGarden) bool {
	return sameSlice(a.Projects, b.Projects) && sameSlice(a.Skills, b.Skills) &&
		sameSlice(a.Connections, b.Connections) && a.Weather == b.Weather
}

func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
