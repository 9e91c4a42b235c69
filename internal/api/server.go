// Package api is greenhouse's HTTP API: gin routes the requests, huma
// decodes and validates them against the Go types of pkg/api and generates
// the OpenAPI 3.1 document, and every handler returns an error that one
// function (problem.go) turns into an RFC 9457 response.
package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/cache"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/problem"
	"github.com/greenhouse-garden/greenhouse/internal/ratelimit"
	"github.com/greenhouse-garden/greenhouse/internal/reqstats"
	"github.com/greenhouse-garden/greenhouse/web"
	"github.com/prometheus/client_golang/prometheus"
)

// Version is the API's version in the OpenAPI document.
const Version = "1.0.0"

// Registry is where the API registers and reads its Prometheus metrics.
type Registry interface {
	prometheus.Registerer
	prometheus.Gatherer
}

// Deps is everything the API needs; New takes them, it creates none of the
// shared ones itself.
type Deps struct {
	Service   *domain.Service
	Analytics *analytics.Service // the dashboard and the realtime view
	Config    *config.Config
	Cache     cache.Cache       // nil: an in-process cache
	Limiter   ratelimit.Limiter // nil: no rate limits (also when ratelimit.enabled is false)
	Hasher    Hasher            // turns an IP and user agent into the daily visitor hash
	Secret    []byte            // HS256 key of admin tokens (LoadSecret)
	Logger    *slog.Logger
	Registry  Registry           // nil: a fresh registry
	Recorder  *reqstats.Recorder // nil: request figures are not recorded
	Now       func() time.Time
	// Interactions records visitor interactions; nil records each in its own
	// transaction (serve passes the domain's group-commit batcher).
	Interactions InteractionRecorder
	// Sockets serves /ws/garden; nil leaves the route out.
	Sockets SocketHandler
	// Integrations processes webhooks, syncs and Spotify (the worker); nil
	// answers those routes that this server cannot do them.
	Integrations Integrations
	// ReadyChecks are what /readyz checks beside the database (Redis, when
	// configured), by name.
	ReadyChecks map[string]func(context.Context) error
}

// InteractionRecorder is what records an interaction (domain.Service or
// domain.InteractionBatcher).
type InteractionRecorder interface {
	Record(ctx context.Context, token string, projectID uuid.UUID, in domain.InteractionInput) (*domain.InteractionResult, error)
}

// SocketHandler is the realtime endpoint and its live socket count.
type SocketHandler interface {
	http.Handler
	Connections() int64
}

// directRecorder records each interaction in its own transaction.
type directRecorder struct{ svc *domain.Service }

func (d directRecorder) Record(ctx context.Context, token string, id uuid.UUID, in domain.InteractionInput) (*domain.InteractionResult, error) {
	return d.svc.RecordInteraction(ctx, token, id, in)
}

// Server is the HTTP API.
type Server struct {
	svc          *domain.Service
	analytics    *analytics.Service
	cfg          *config.Config
	limiter      ratelimit.Limiter
	rules        map[string]ratelimit.Rule
	hasher       Hasher
	secret       []byte
	log          *slog.Logger
	registry     Registry
	recorder     *reqstats.Recorder
	now          func() time.Time
	recordIn     InteractionRecorder
	sockets      SocketHandler
	integrations Integrations
	readyChecks  map[string]func(context.Context) error
	caches       *readCaches
	templates    sync.Map // Gin route → OpenAPI path, see routeTemplate
	agents       agentCache
	sessions     *sessionCache
	metrics      *metrics
	trusted      []netip.Prefix
	engine       *gin.Engine
	handler      http.Handler // engine behind gzip (compress.go) and the capacity bound (capacity.go)
	deflaters    flateWriters // for the garden's gzip tails
	api          huma.API
}

// New builds the server and its routes.
func New(deps Deps) *Server {
	s := &Server{
		svc: deps.Service, analytics: deps.Analytics, cfg: deps.Config, limiter: deps.Limiter,
		hasher: deps.Hasher, secret: deps.Secret, log: deps.Logger, registry: deps.Registry, now: deps.Now,
		recorder: deps.Recorder, recordIn: deps.Interactions, sockets: deps.Sockets,
		integrations: deps.Integrations, readyChecks: deps.ReadyChecks,
	}
	if s.recordIn == nil {
		s.recordIn = directRecorder{svc: deps.Service}
	}
	if s.cfg == nil {
		s.cfg = config.Default()
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.sessions = newSessionCache(s.now)
	shared := deps.Cache
	if shared == nil {
		shared = cache.NewMemory(s.now, 1024)
	}
	s.caches = newReadCaches(shared, s.now, s.logger)
	if s.registry == nil {
		s.registry = prometheus.NewRegistry()
	}
	if !s.cfg.RateLimit.Enabled {
		s.limiter = nil
	}
	s.rules = ratelimit.Rules()
	s.trusted = parsePrefixes(s.cfg.Server.TrustedProxies)
	s.metrics = newMetrics(s.registry)

	s.engine = gin.New()
	s.engine.HandleMethodNotAllowed = true
	s.engine.Use(s.requestState, s.recoverPanics, s.accessLog, s.securityHeaders, s.cors)
	s.engine.NoRoute(func(c *gin.Context) {
		abort(c, problem.New(http.StatusNotFound, "no route matches "+c.Request.URL.Path))
	})
	s.engine.NoMethod(func(c *gin.Context) {
		abort(c, problem.New(http.StatusMethodNotAllowed, c.Request.Method+" is not allowed on "+c.Request.URL.Path))
	})

	hc := huma.DefaultConfig("greenhouse", Version)
	hc.Info.Description = "The digital greenhouse: projects as plants, skills as stars, weather as mood."
	hc.CreateHooks = nil // no $schema links in bodies: the wire types are the contract
	hc.SchemasPath = ""
	hc.DocsPath = "" // huma's page loads its viewer from a CDN; docsRoutes serves one from the binary
	hc.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", BearerFormat: "JWT",
			Description: "An admin token from POST /api/v1/auth/token or `greenhouse token issue`."},
	}
	s.api = huma.NewAPI(hc, &ginRoutes{engine: s.engine, direct: map[string]gin.HandlerFunc{
		"get-garden": s.gardenDirect,
	}})
	s.routes()
	s.finishDocument() // documents /ws/garden too, served only with Sockets
	s.docsRoutes()
	if s.cfg.Server.UI {
		s.routeUI(web.Dist())
	}
	if s.sockets != nil {
		// A WebSocket upgrade is not an OpenAPI operation; docs/realtime.md
		// documents the protocol.
		s.engine.GET(socketPath, gin.WrapH(s.sockets))
	}
	s.handler = compressed(s.engine)
	if n := s.cfg.Performance.MaxConnections; n > 0 {
		s.handler = newCapacity(n, s.handler)
	}
	return s
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Routes lists the routes the handler serves.
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

// OpenAPI returns the generated OpenAPI document.
func (s *Server) OpenAPI() *huma.OpenAPI { return s.api.OpenAPI() }

// Run serves on cfg.Server.Addr until ctx is cancelled, then lets in-flight
// requests finish within server.shutdown_timeout.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Server.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Server.Addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on an existing listener.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if t := s.cfg.Server.RequestTimeout; t > 0 {
		srv.WriteTimeout = t + 5*time.Second
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	flushCtx, stopFlush := context.WithCancel(ctx)
	defer stopFlush()
	go s.caches.counts.flushEvery(flushCtx)
	s.log.Info("api listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	timeout := s.cfg.Server.ShutdownTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	s.log.Info("api shutting down", "timeout", timeout.String())
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	s.log.Info("api stopped")
	return nil
}

func parsePrefixes(items []string) []netip.Prefix {
	var out []netip.Prefix
	for _, it := range items {
		if p, err := netip.ParsePrefix(it); err == nil {
			out = append(out, p.Masked())
			continue
		}
		if a, err := netip.ParseAddr(it); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		}
	}
	return out
}
