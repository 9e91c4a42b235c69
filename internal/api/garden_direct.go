package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// Header values shared by every garden response (never modified).
var (
	jsonContentType = []string{"application/json"}
	privateNoCache  = []string{"private, no-cache"}
	varyEncoding    = []string{"Accept-Encoding"}
)

// gardenDirect serves GET /api/v1/garden, the route every visitor hits
// first and most, as the documented get-garden operation does (same input,
// same gardenReply, same problems) without huma's reflection, and writes
// the shared bytes and the visitor's tail without joining them.
func (s *Server) gardenDirect(c *gin.Context) {
	q := c.Request.URL.Query()
	in := &gardenInput{Season: q.Get("season"), WeatherType: q.Get("weather_type"),
		IfNoneMatch: c.GetHeader("If-None-Match")}
	ctx := c.Request.Context()
	r, err := s.gardenReply(ctx, in)
	if err != nil {
		abort(c, s.problem(ctx, err))
		return
	}
	h := c.Writer.Header()
	h["Content-Type"] = jsonContentType
	h["Cache-Control"] = privateNoCache
	h["Etag"] = []string{r.etag}
	if r.cookie != nil {
		h[http.CanonicalHeaderKey(SessionHeader)] = []string{r.cookie.Value}
		h["Set-Cookie"] = []string{r.cookie.String()}
	}
	h["Vary"] = varyEncoding
	if coding := encodingFor(c.Request); coding != codingIdentity {
		s.writeGardenEncoded(c, r, coding)
		return
	}
	h["Content-Length"] = []string{strconv.Itoa(len(r.shared) + len(r.own))}
	c.Status(http.StatusOK)
	_, _ = c.Writer.Write(r.shared)
	_, _ = c.Writer.Write(r.own)
}

// writeGardenEncoded writes the garden gzip- or brotli-encoded: the shared
// part compressed once per garden, then the visitor's own (see gzipSplice
// and brotliSplice).
func (s *Server) writeGardenEncoded(c *gin.Context, r *gardenReply, coding contentCoding) {
	var head, rest []byte
	switch {
	case r.parts != nil && coding == codingBrotli:
		splice := r.parts.brotliPrefix()
		head, rest = splice.head, r.brotliTail(splice)
	case r.parts != nil:
		splice := r.parts.gzipPrefix()
		head, rest = splice.head, r.gzipTail(splice, &s.deflaters)
	case coding == codingBrotli:
		rest = brotliWhole(append(append([]byte(nil), r.shared...), r.own...))
	default:
		rest = gzipWhole(append(append([]byte(nil), r.shared...), r.own...), &s.deflaters)
	}
	h := c.Writer.Header()
	h["Content-Encoding"] = contentEncoding[coding]
	h["Etag"] = []string{encodedETag(r.etag, coding)}
	h["Content-Length"] = []string{strconv.Itoa(len(head) + len(rest))}
	c.Status(http.StatusOK)
	_, _ = c.Writer.Write(head)
	_, _ = c.Writer.Write(rest)
}
