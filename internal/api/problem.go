package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gin-gonic/gin"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
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
		return huma.ErrorWithHeaders(newProblem(http.StatusUnauthorized, auth.detail),
			http.Header{"WWW-Authenticate": {`Bearer realm="greenhouse"`}})
	case errors.As(err, &limited):
		// limit has set Retry-After and the X-RateLimit-* headers already.
		return newProblem(http.StatusTooManyRequests, fmt.Sprintf("too many requests (%s): retry in %s s",
			limited.rule, rateHeaders(limited.decision).Get("Retry-After")))
	case errors.As(err, &invalid):
		prefix := func(string) string { return "body." }
		var loc *located
		if errors.As(err, &loc) {
			prefix = loc.prefix
		}
		p := newProblem(http.StatusUnprocessableEntity, "validation failed")
		for _, f := range invalid.Fields {
			d := &huma.ErrorDetail{Message: f.Message, Location: prefix(f.Field) + f.Field}
			if len(f.Allowed) > 0 {
				d.Message += " (allowed: " + strings.Join(f.Allowed, ", ") + ")"
			}
			p.Errors = append(p.Errors, d)
		}
		return p
	case errors.As(err, &nf) && nf.Kind == "session":
		return s.problem(ctx, unauthorized("a valid visitor session is required: GET /api/v1/garden first"))
	case errors.As(err, &nf):
		return newProblem(http.StatusNotFound, nf.Error())
	case errors.Is(err, domain.ErrNotFound):
		return newProblem(http.StatusNotFound, "not found")
	case errors.As(err, &conf):
		return newProblem(http.StatusConflict, conf.Error())
	case errors.Is(err, domain.ErrConflict):
		return newProblem(http.StatusConflict, "conflicts with existing data")
	case errors.As(err, &forb):
		return newProblem(http.StatusForbidden, forb.Reason)
	case errors.Is(err, domain.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		s.logger(ctx).Warn("backing service unavailable", "err", err)
		return newProblem(http.StatusServiceUnavailable, "the garden is briefly unavailable; retry shortly")
	case errors.Is(err, context.Canceled):
		return newProblem(http.StatusServiceUnavailable, "request cancelled")
	}
	s.logger(ctx).Error("request failed", "err", err)
	return newProblem(http.StatusInternalServerError, "internal error (request "+requestID(ctx)+")")
}

func newProblem(status int, detail string) *huma.ErrorModel {
	return &huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: detail}
}

// writeProblem answers outside huma (unknown route, panic, CORS refusal).
func writeProblem(c *gin.Context, status int, detail string) {
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatusJSON(status, newProblem(status, detail))
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

// handleAdmin registers an operation that needs an admin bearer token.
func handleAdmin[I, O any](s *Server, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	op.Security = []map[string][]string{{"bearer": {}}}
	op.Tags = append(op.Tags, "admin")
	op.Errors = append(op.Errors, http.StatusUnauthorized)
	handle(s, op, func(ctx context.Context, in *I) (*O, error) {
		if err := s.requireAdmin(ctx); err != nil {
			return nil, err
		}
		return h(ctx, in)
	})
}

// prepare sets what every operation shares: the body limit. (openapi.go
// documents the responses every operation shares.)
func (s *Server) prepare(op *huma.Operation) {
	limit := s.cfg.Server.MaxBodyBytes
	if limit <= 0 {
		limit = 64 << 10
	}
	// huma answers 413 when it reads MaxBodyBytes bytes, so allow one more.
	op.MaxBodyBytes = limit + 1
}
