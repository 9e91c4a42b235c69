package api

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"net/http"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzhttp"
)

// Responses are gzip-encoded for clients that accept it. Every route but two
// goes through gzhttp (buffered up to MinSize, then compressed on the fly).
// The garden compresses itself, see gzipSplice; the WebSocket upgrade is
// not a response body.
const gzipMinSize = 1024

// compressed wraps the API's handler with gzip for JSON, problem, HTML,
// script and style answers. An ETag of a compressed answer gets "-gzip"
// inside its quotes (notModified accepts both forms), so caches keep the
// two encodings apart.
func compressed(next http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(gzipMinSize), gzhttp.SuffixETag(gzipETagSuffix),
		gzhttp.ContentTypes([]string{"application/json", "application/problem+json", "text/html",
			"text/css", "text/javascript", "application/javascript", "image/svg+xml"}))
	if err != nil {
		panic("api: gzip options: " + err.Error()) // constant options: a programming error
	}
	gz := wrap(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == gardenPath || r.URL.Path == socketPath {
			next.ServeHTTP(w, r)
			return
		}
		gz.ServeHTTP(w, r)
	})
}

const (
	gardenPath     = "/api/v1/garden"
	socketPath     = "/ws/garden"
	gzipETagSuffix = "-gzip"
)

// gzipETag is the ETag of the gzip encoding of the representation tagged
// etag (gzhttp's SuffixETag form): the same bytes compress the same way.
func gzipETag(etag string) string {
	if i := strings.LastIndexByte(etag, '"'); i > 0 {
		return etag[:i] + gzipETagSuffix + etag[i:]
	}
	return etag + gzipETagSuffix
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip
// (listed without q=0; "*" counts too).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// gzipSplice serves a body whose large prefix is shared by every visitor and
// whose small tail is each visitor's own, gzip-encoded, without compressing
// the prefix per request: the prefix is deflated once into non-final,
// byte-aligned blocks (a sync flush), and a request deflates only its tail
// into the final blocks that follow them. A deflate stream may be cut into
// blocks anywhere, and CRC-32 extends over the tail from the prefix's, so
// the result is one ordinary gzip member. Measured on the demo garden
// (20.5 KB prefix, ~300 B tail): compressing the whole body per request cost
// more than serving it; the splice costs about what the tail does.
type gzipSplice struct {
	head []byte // gzip header + the prefix's deflate blocks
	crc  uint32 // CRC-32 of the prefix
	size int    // length of the prefix
}

// gzipHeader is a gzip member header: deflate, no name, no mtime, unknown OS.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

func newGzipSplice(prefix []byte) *gzipSplice {
	var buf bytes.Buffer
	buf.Write(gzipHeader)
	// The prefix is compressed once per garden: the best ratio is worth it.
	fw, _ := flate.NewWriter(&buf, flate.BestCompression) // a valid level never errs
	_, _ = fw.Write(prefix)
	_ = fw.Flush() // sync flush: non-final blocks ending on a byte boundary
	return &gzipSplice{head: buf.Bytes(), crc: crc32.ChecksumIEEE(prefix), size: len(prefix)}
}

// tail returns what follows head for a body of prefix + own: own's final
// deflate blocks and the gzip trailer.
func (g *gzipSplice) tail(own []byte, writers *flateWriters) []byte {
	var buf bytes.Buffer
	buf.Grow(len(own) + 64)
	fw, pool := writers.get(&buf, len(own))
	_, _ = fw.Write(own)
	_ = fw.Close() // the final block
	pool.Put(fw)
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc32.Update(g.crc, crc32.IEEETable, own))
	binary.LittleEndian.PutUint32(trailer[4:], uint32(g.size+len(own))) // ISIZE is mod 2^32
	buf.Write(trailer[:])
	return buf.Bytes()
}

// flateWriters are reused deflaters: a flate.Writer holds ~600 KB of state,
// too much to allocate per request. Tails are small, so the fastest level
// loses little, and the smallest are not compressed at all (storedMax).
type flateWriters struct{ fast, stored sync.Pool }

// storedMax is the largest body written in stored (uncompressed) deflate
// blocks. Deflating a garden's ~300-byte tail built Huffman tables for a
// few hundred bytes on every request: 15% of serve's CPU on one core under
// gzip garden load (BenchmarkLoadOneCore), to save about 150 bytes of a
// 3.6 KB response. Larger bodies are deflated at BestSpeed.
const storedMax = 1024

// get returns a deflater writing to w, chosen for a body of n bytes, and
// the pool to put it back in.
func (f *flateWriters) get(w *bytes.Buffer, n int) (*flate.Writer, *sync.Pool) {
	pool, level := &f.fast, flate.BestSpeed
	if n <= storedMax {
		pool, level = &f.stored, flate.NoCompression
	}
	if fw, ok := pool.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return fw, pool
	}
	fw, _ := flate.NewWriter(w, level) // a valid level never errs
	return fw, pool
}

// gzipWhole gzip-encodes body as one member (the rare garden that is not
// spliced: a visitor with own seeds).
func gzipWhole(body []byte, writers *flateWriters) []byte {
	g := &gzipSplice{head: gzipHeader}
	return append(append([]byte(nil), g.head...), g.tail(body, writers)...)
}
