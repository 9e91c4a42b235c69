package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/greenhouse-garden/greenhouse/internal/ratelimit"
)

// Rate limit rules, named as in ratelimit.Rules().
const (
	RuleGarden    = "garden"
	RuleInteract  = "interact"
	RulePlantSeed = "plant_seed"
	RuleDashboard = "dashboard"
	RuleAuthToken = "auth_token"
)

// limit applies rule to key; the X-RateLimit-* headers go on the response
// whatever the answer. A limiter failure lets the request through (logged):
// the limits protect the garden, they must not take it down.
func (s *Server) limit(ctx context.Context, rule, key string) error {
	if s.limiter == nil {
		return nil
	}
	r, ok := s.rules[rule]
	if !ok {
		return fmt.Errorf("rate limit rule %q is not defined", rule)
	}
	d, err := s.limiter.Allow(ctx, r, key)
	if err != nil {
		s.logger(ctx).Warn("rate limiter unavailable; allowing", "rule", rule, "err", err)
		return nil
	}
	for k, v := range rateHeaders(d) {
		state(ctx).header[k] = v
	}
	if !d.Allowed {
		return &rateLimited{rule: rule, decision: d}
	}
	return nil
}

func rateHeaders(d ratelimit.Result) http.Header {
	h := http.Header{}
	for k, v := range ratelimit.Headers(d) {
		h.Set(k, v)
	}
	return h
}
