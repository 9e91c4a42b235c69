package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/greenhouse-garden/greenhouse/internal/problem"
)

// reqState is what the middleware learns about a request and handlers need:
// the request itself (headers, TLS, peer) and the response's headers.
type reqState struct {
	id      string
	r       *http.Request
	header  http.Header
	visitor *visitor // resolved once, on demand
	subject string   // the admin token's subject, once verified
}

type stateKey struct{}

func state(ctx context.Context) *reqState {
	st, _ := ctx.Value(stateKey{}).(*reqState)
	if st == nil {
		return &reqState{r: &http.Request{Header: http.Header{}}, header: http.Header{}}
	}
	return st
}

func requestID(ctx context.Context) string { return state(ctx).id }

// logger returns the server's logger carrying the request id.
func (s *Server) logger(ctx context.Context) *slog.Logger {
	if id := requestID(ctx); id != "" {
		return s.log.With("request_id", id)
	}
	return s.log
}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

func newRequestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// requestState gives the request its id (a sane incoming X-Request-ID is
// kept) and makes the state reachable from the handlers' context.
func (s *Server) requestState(c *gin.Context) {
	id := c.GetHeader("X-Request-ID")
	if !requestIDPattern.MatchString(id) {
		id = newRequestID()
	}
	c.Header("X-Request-ID", id)
	st := &reqState{id: id, header: c.Writer.Header()}
	rctx := context.WithValue(c.Request.Context(), stateKey{}, st)
	// A WebSocket upgrade becomes a long-lived socket: no request timeout.
	if t := s.cfg.Server.RequestTimeout; t > 0 && !isUpgrade(c.Request) {
		var release func()
		rctx, release = withRequestDeadline(rctx, t) // deadline.go: no timer until waited on
		defer release()
	}
	c.Request = c.Request.WithContext(rctx)
	st.r = c.Request
	c.Next()
}

func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.logger(c.Request.Context()).Error("panic", "panic", v, "stack", string(debug.Stack()))
			if !c.Writer.Written() {
				abort(c, problem.New(http.StatusInternalServerError, "internal error (request "+requestID(c.Request.Context())+")"))
			}
		}
	}()
	c.Next()
}

// routeTemplate is the route a request matched, in OpenAPI form
// (/api/v1/projects/{project_id}), or "unmatched". Routes are few and fixed,
// so each is converted once.
func (s *Server) routeTemplate(c *gin.Context) string {
	p := c.FullPath()
	if p == "" {
		return "unmatched"
	}
	if t, ok := s.templates.Load(p); ok {
		return t.(string)
	}
	t := openAPIPath(p)
	s.templates.Store(p, t)
	return t
}

func openAPIPath(p string) string {
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if strings.HasPrefix(part, ":") || strings.HasPrefix(part, "*") {
			parts[i] = "{" + part[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

// accessLog logs one structured line per request, without any address, and
// records the request metrics.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	elapsed := time.Since(start)
	route := s.routeTemplate(c)
	if upgraded(c) {
		// A socket's lifetime is not a request's latency: it goes to its
		// own histogram, never to request_duration_seconds, request_stats
		// or the realtime p95.
		s.metrics.socketClosed(elapsed)
		s.logger(c.Request.Context()).Info("websocket closed", slog.String("route", route),
			slog.Float64("duration_s", elapsed.Seconds()))
		return
	}
	s.metrics.observe(c.Request.Method, route, elapsed)
	if s.recorder != nil {
		s.recorder.Observe(route, c.Request.Method, c.Writer.Status(), elapsed)
	}
	level := slog.LevelInfo
	if c.Writer.Status() >= 500 {
		level = slog.LevelError
	}
	if !s.log.Enabled(c.Request.Context(), level) {
		return
	}
	s.logger(c.Request.Context()).LogAttrs(c.Request.Context(), level, "request",
		slog.String("method", c.Request.Method), slog.String("route", route),
		slog.Int("status", c.Writer.Status()), slog.Int("bytes", c.Writer.Size()),
		slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000))
}

// apiCSP is the Content-Security-Policy of JSON responses; /docs sets its
// own (docsui.CSP), which lets the page run the viewer it serves.
const apiCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// securityHeaderValues are set on every response. The slices are shared
// between responses and never modified (Header.Add on a full slice copies).
var securityHeaderValues = map[string][]string{
	"X-Content-Type-Options":     {"nosniff"},
	"Referrer-Policy":            {"strict-origin-when-cross-origin"},
	"X-Frame-Options":            {"DENY"},
	"Content-Security-Policy":    {apiCSP},
	"Cross-Origin-Opener-Policy": {"same-origin"},
}

var hsts = []string{"max-age=31536000"}

func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	for k, v := range securityHeaderValues {
		h[k] = v[:1:1]
	}
	if c.Request.TLS != nil {
		h["Strict-Transport-Security"] = hsts[:1:1]
	}
	c.Next()
}

var (
	corsAllowHeaders  = "Content-Type, Authorization, X-Visitor-Session, X-Request-ID, If-None-Match"
	corsExposeHeaders = "X-Visitor-Session, X-Request-ID, ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
	corsMethods       = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
)

// cors lets the configured origins call the API with credentials (the
// visitor cookie). Other origins get no CORS headers, so browsers refuse.
func (s *Server) cors(c *gin.Context) {
	origin := c.GetHeader("Origin")
	if origin == "" {
		c.Next()
		return
	}
	c.Writer.Header().Add("Vary", "Origin")
	allowed := slices.Contains(s.cfg.Server.CORSOrigins, origin)
	preflight := c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != ""
	if !allowed {
		if preflight {
			abort(c, problem.OriginRefused(origin, "call this API"))
			return
		}
		c.Next()
		return
	}
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
	if preflight {
		h.Set("Access-Control-Allow-Methods", corsMethods)
		h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
		h.Set("Access-Control-Max-Age", "600")
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}

// isUpgrade reports whether r asks to become a WebSocket.
func isUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// upgraded reports whether the request became a WebSocket (101 Switching
// Protocols); a refused upgrade is an ordinary request.
func upgraded(c *gin.Context) bool {
	return c.Writer.Status() == http.StatusSwitchingProtocols && isUpgrade(c.Request)
}
