package api

import "sync"

// visitorTails keeps, per shared garden (gardenParts), the visitors' tails
// already made: the bytes after the shared prefix, their ETag and their
// gzip and brotli encodings, each made once. A tail depends only on the
// view (season, time of day, tracked or not, the projects viewed, in order,
// and the suggestions those give), and most garden loads are a visitor's
// first, with nothing viewed yet, so they share one. Without it, every
// request built its tail, hashed it for the ETag and deflated it: under
// gzip garden load on one core (wrk, 64 connections, fresh sessions) that
// and the 1.3 KB it allocated per request were about a tenth of serve's
// CPU, measured in docs/architecture.md ("The garden's bytes").
//
// It is bounded (maxVisitorTails views per shared garden; past it a
// request builds its own tail as before) and goes with its gardenParts
// when the garden changes. A view with the weather overridden by the query
// (season, weather_type) is not kept: its tail carries its own weather.
type visitorTails struct {
	mu    sync.Mutex
	tails map[string]*visitorTail
}

// maxVisitorTails bounds the tails kept per shared garden: a tail is a few
// hundred bytes, up to ~3 KB with suggestions, plus its encodings.
const maxVisitorTails = 256

// visitorTail is one view's tail, with its encodings made on first use.
type visitorTail struct {
	own        []byte // never modified once made
	etag       string
	gzipOnce   sync.Once
	gzip       []byte // the gzip splice's tail (gzipSplice.tail)
	brotliOnce sync.Once
	brotli     []byte // the brotli splice's tail (brotliSplice.tail)
}

// get returns the tail kept for key, or makes it with build and keeps it
// while there is room; kept says whether the tail returned is kept. A
// failed build is not kept.
func (m *visitorTails) get(key []byte, build func() (*visitorTail, error)) (t *visitorTail, kept bool, err error) {
	m.mu.Lock()
	t, ok := m.tails[string(key)]
	m.mu.Unlock()
	if ok {
		return t, true, nil
	}
	if t, err = build(); err != nil {
		return nil, false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if made, ok := m.tails[string(key)]; ok {
		return made, true, nil // another request made it meanwhile
	}
	if len(m.tails) >= maxVisitorTails {
		return t, false, nil
	}
	if m.tails == nil {
		m.tails = make(map[string]*visitorTail)
	}
	m.tails[string(key)] = t
	return t, true, nil
}

// tailKey is what a tail depends on besides the shared garden: the
// vocabulary words are joined by a byte no word holds, the viewed ids
// appended raw, in order (the body lists them in order).
func tailKey(buf []byte, v gardenView) []byte {
	key := append(buf[:0], v.season...)
	key = append(key, 0)
	key = append(key, v.timeOfDay...)
	key = append(key, 0)
	if v.tracked {
		key = append(key, 't')
	} else {
		key = append(key, 'u')
	}
	for _, id := range v.viewed {
		key = append(key, id[:]...)
	}
	return key
}

// gzipTail returns r's tail gzip-spliced after splice's prefix: the kept
// one when r's tail is kept.
func (r *gardenReply) gzipTail(splice *gzipSplice, writers *flateWriters) []byte {
	if r.kept == nil {
		return splice.tail(r.own, writers)
	}
	t := r.kept
	t.gzipOnce.Do(func() { t.gzip = splice.tail(t.own, writers) })
	return t.gzip
}

// brotliTail is gzipTail for brotli.
func (r *gardenReply) brotliTail(splice *brotliSplice) []byte {
	if r.kept == nil {
		return splice.tail(r.own)
	}
	t := r.kept
	t.brotliOnce.Do(func() { t.brotli = splice.tail(t.own) })
	return t.brotli
}
