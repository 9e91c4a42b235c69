package api

import (
	"bufio"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/CAFxX/httpcompression"
	"github.com/klauspost/compress/gzhttp"
)

// Responses are compressed for clients that accept it: brotli when the
// client prefers it at least as much as gzip (every browser over HTTPS
// lists both), gzip otherwise. Every route but two goes through a library
// middleware that buffers up to minCompressSize and then compresses on the
// fly: klauspost's gzhttp for gzip, CAFxX/httpcompression (andybalholm's
// pure-Go brotli) for brotli. The garden compresses itself (see gzipSplice
// and brotliSplice); the WebSocket upgrade is not a response body.
const minCompressSize = 1024

// compressedTypes are the answers worth compressing.
var compressedTypes = []string{"application/json", "application/problem+json", "text/html",
	"text/css", "text/javascript", "application/javascript", "image/svg+xml"}

// brotliLevel is the quality of per-request brotli. On the demo garden's
// 20.5 KB of JSON: quality 5 makes 3,131 bytes in 1.2 ms, 6 the same bytes
// in 2.7 ms, 11 makes 2,796 bytes in 59 ms (gzip's best: 3,681). 5 is the
// knee; it serves the garden's shared part too, which is compressed again
// whenever the garden changes (up to once a second under interaction load).
const brotliLevel = 5

// compressed wraps the API's handler with gzip or brotli for JSON, problem,
// HTML, script and style answers. An ETag of a compressed answer gets
// "-gzip" or "-br" inside its quotes (notModified accepts every form), so
// caches keep the encodings apart.
func compressed(next http.Handler) http.Handler {
	gzWrap, err := gzhttp.NewWrapper(gzhttp.MinSize(minCompressSize), gzhttp.SuffixETag(etagSuffix[codingGzip]),
		gzhttp.ContentTypes(compressedTypes))
	if err != nil {
		panic("api: gzip options: " + err.Error()) // constant options: a programming error
	}
	brWrap, err := httpcompression.Adapter(httpcompression.BrotliCompressionLevel(brotliLevel),
		httpcompression.MinSize(minCompressSize), httpcompression.ContentTypes(compressedTypes, false))
	if err != nil {
		panic("api: brotli options: " + err.Error()) // constant options: a programming error
	}
	gz, br := gzWrap(next), brWrap(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == gardenPath || r.URL.Path == socketPath {
			next.ServeHTTP(w, r)
			return
		}
		if encodingFor(r) == codingBrotli {
			br.ServeHTTP(&brotliETagWriter{ResponseWriter: w}, r)
			return
		}
		gz.ServeHTTP(w, r) // gzhttp negotiates gzip itself, and leaves the rest plain
	})
}

const (
	gardenPath = "/api/v1/garden"
	socketPath = "/ws/garden"
)

// contentCoding is a response encoding this API produces.
type contentCoding uint8

const (
	codingIdentity contentCoding = iota
	codingGzip
	codingBrotli
)

// contentEncoding is each coding's Content-Encoding header value.
var contentEncoding = [...][]string{codingGzip: {"gzip"}, codingBrotli: {"br"}}

// etagSuffix marks each coding's ETag (gzhttp's SuffixETag form): the same
// representation encodes to the same bytes.
var etagSuffix = [...]string{codingGzip: "-gzip", codingBrotli: "-br"}

// encodedETag is the ETag of the coding's encoding of the representation
// tagged etag.
func encodedETag(etag string, coding contentCoding) string {
	suffix := etagSuffix[coding]
	if i := strings.LastIndexByte(etag, '"'); i > 0 {
		return etag[:i] + suffix + etag[i:]
	}
	return etag + suffix
}

// encodingFor picks the coding of the answer to r from its Accept-Encoding:
// brotli if accepted at least as much as gzip, then gzip, then none. "*"
// stands for a coding not listed; q=0 refuses one.
func encodingFor(r *http.Request) contentCoding {
	header := r.Header.Get("Accept-Encoding")
	if header == "" {
		return codingIdentity
	}
	br, gz, any := -1.0, -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := qualityOf(params)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			br = q
		case "gzip", "x-gzip":
			gz = q
		case "*":
			any = q
		}
	}
	if br < 0 {
		br = any
	}
	if gz < 0 {
		gz = any
	}
	switch {
	case br > 0 && br >= gz:
		return codingBrotli
	case gz > 0:
		return codingGzip
	}
	return codingIdentity
}

// qualityOf reads q from a coding's parameters (1 without one; 0 for a
// malformed one, so a typo refuses rather than forces a coding).
func qualityOf(params string) float64 {
	for param := range strings.SplitSeq(params, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(param), "=")
		if strings.ToLower(strings.TrimSpace(name)) != "q" {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}

// brotliETagWriter gives a brotli-encoded answer's ETag its "-br" suffix
// when the headers go out (httpcompression leaves ETags as they are, which
// would tell a cache the identity and brotli bytes are one).
type brotliETagWriter struct {
	http.ResponseWriter
	wroteHeader bool
}

func (w *brotliETagWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.wroteHeader = true
		h := w.Header()
		if etag := h.Get("ETag"); etag != "" && h.Get("Content-Encoding") == "br" {
			h.Set("ETag", encodedETag(etag, codingBrotli))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *brotliETagWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *brotliETagWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *brotliETagWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *brotliETagWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
