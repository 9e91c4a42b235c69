package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humagin"
	"github.com/gin-gonic/gin"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/problem"
	"github.com/greenhouse-garden/greenhouse/internal/ratelimit"
)

// errUnauthorized means the caller is not who the route needs.
type authError struct{ detail string }

func (e *authError) Error() string { return e.detail }

func unauthorized(detail string) error { return &authError{detail: detail} }

// rateLimited is a request over its rule's limit.
type rateLimited struct {
	rule     string
	decision ratelimit.Result
}

func (e *rateLimited) Error() string { return "rate limit " + e.rule + " exceeded" }

// located puts the domain's field names under a request location ("body.",
// "body.seed_data.", "query.") so they match huma's own validation errors.
type located struct {
	prefix func(field string) string
	err    error
}

func (e *located) Error() string { return e.err.Error() }
func (e *located) Unwrap() error { return e.err }

func at(prefix string, err error) error {
	if err == nil {
		return nil
	}
	return &located{prefix: func(string) string { return prefix }, err: err}
}

// problem is the one place an error becomes a response: domain errors map to
// their status, anything unknown is logged and answered with a safe 500.
func (s *Server) problem(ctx context.Context, err error) error {
	var (
		status  huma.StatusError
		auth    *authError
		limited *rateLimited
		invalid *domain.ValidationError
		nf      *domain.NotFoundError
		conf    *domain.ConflictError
		forb    *domain.ForbiddenError
	)
	switch {
	case errors.As(err, &status):
		return err // already a response (huma's own, 304, ...)
	case errors.As(err, &auth):
		return huma.ErrorWithHeaders(problem.New(http.StatusUnauthorized, auth.detail),
			http.Header{"WWW-Authenticate": {`Bearer realm="greenhouse"`}})
	case errors.As(err, &limited):
		// limit has set Retry-After and the X-RateLimit-* headers already.
		return problem.New(http.StatusTooManyRequests, fmt.Sprintf("too many requests (%s): retry in %s s",
			limited.rule, rateHeaders(limited.decision).Get("Retry-After")))
	case errors.As(err, &invalid):
		prefix := func(string) string { return "body." }
		var loc *located
		if errors.As(err, &loc) {
			prefix = loc.prefix
		}
		return problem.Invalid(invalid, func(field string) string { return prefix(field) + field })
	case errors.As(err, &nf) && nf.Kind == "session":
		return s.problem(ctx, unauthorized("a valid visitor session is required: GET /api/v1/garden first"))
	case errors.As(err, &nf):
		return problem.New(http.StatusNotFound, nf.Error())
	case errors.Is(err, domain.ErrNotFound):
		return problem.New(http.StatusNotFound, "not found")
	case errors.As(err, &conf):
		return problem.New(http.StatusConflict, conf.Error())
	case errors.Is(err, domain.ErrConflict):
		return problem.New(http.StatusConflict, "conflicts with existing data")
	case errors.As(err, &forb):
		return problem.New(http.StatusForbidden, forb.Reason)
	case errors.Is(err, domain.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		s.logger(ctx).Warn("backing service unavailable", "err", err)
		return problem.New(http.StatusServiceUnavailable, "the garden is briefly unavailable; retry shortly")
	case errors.Is(err, context.Canceled):
		return problem.New(http.StatusServiceUnavailable, "request cancelled")
	}
	s.logger(ctx).Error("request failed", "err", err)
	return problem.New(http.StatusInternalServerError, "internal error (request "+requestID(ctx)+")")
}

// abort answers a Gin route outside huma (unknown route, panic, CORS
// refusal, the direct garden route) with err, as huma would, and stops the
// handler chain.
func abort(c *gin.Context, err error) {
	problem.Write(c.Writer, err)
	c.Abort()
}

// handle registers a public operation whose errors go through problem.
func handle[I, O any](s *Server, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	s.prepare(&op)
	huma.Register(s.api, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, s.problem(ctx, err)
		}
		return out, nil
	})
}

// handleAdmin registers an operation that needs an admin bearer token. The
// token is checked before huma reads or validates anything of the request,
// so a caller without one learns nothing about the route but its 401.
func handleAdmin[I, O any](s *Server, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	op.Security = []map[string][]string{{"bearer": {}}}
	op.Tags = append(op.Tags, "admin")
	op.Errors = append(op.Errors, http.StatusUnauthorized)
	op.Middlewares = append(op.Middlewares, s.adminOnly)
	handle(s, op, h)
}

// adminOnly lets a request with a valid admin token through to huma's
// input handling, and answers any other with its 401.
func (s *Server) adminOnly(hctx huma.Context, next func(huma.Context)) {
	ctx := hctx.Context()
	if err := s.requireAdmin(ctx); err != nil {
		abort(humagin.Unwrap(hctx), s.problem(ctx, err))
		return
	}
	next(hctx)
}

// prepare sets what every operation shares: the body limit and the
// documented error responses.
func (s *Server) prepare(op *huma.Operation) {
	limit := s.cfg.Server.MaxBodyBytes
	if limit <= 0 {
		limit = 64 << 10
	}
	// huma answers 413 when it reads MaxBodyBytes bytes, so allow one more.
	op.MaxBodyBytes = limit + 1
	op.Errors = append(op.Errors, http.StatusBadRequest, http.StatusRequestEntityTooLarge,
		http.StatusUnprocessableEntity, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusServiceUnavailable)
}
