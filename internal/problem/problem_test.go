package problem_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/problem"
)

// Write answers an error byte for byte as huma answers the same error
// returned by an operation, so a client cannot tell the routes apart.
func TestWriteAnswersAsHuma(t *testing.T) {
	cases := map[string]error{
		"plain": problem.New(http.StatusNotFound, `project "<Petal>" not found`),
		"invalid": problem.Invalid(&domain.ValidationError{Fields: []domain.FieldError{
			{Field: "since", Message: "must be non-negative"},
			{Field: "types", Message: `"rain" is not an event type`, Allowed: []string{"weather_change", "seed_planted"}},
		}}, func(f string) string { return "query." + f }),
		"with headers": huma.ErrorWithHeaders(problem.New(http.StatusUnauthorized, "a token is required"),
			http.Header{"Www-Authenticate": {`Bearer realm="greenhouse"`}}),
		"origin":       problem.OriginRefused("https://evil.example", "open /ws/garden"),
		"not modified": huma.ErrorWithHeaders(huma.Status304NotModified(), http.Header{"Etag": {`"abc"`}}),
	}
	mux := http.NewServeMux()
	cfg := huma.DefaultConfig("test", "1")
	cfg.CreateHooks = nil // as the API's: no $schema links in bodies
	a := humago.New(mux, cfg)
	for name, err := range cases {
		huma.Register(a, huma.Operation{OperationID: strings.ReplaceAll(name, " ", "-"), Method: http.MethodGet,
			Path: "/" + strings.ReplaceAll(name, " ", "-")}, func(context.Context, *struct{}) (*struct{}, error) { return nil, err })
	}
	for name, err := range cases {
		t.Run(name, func(t *testing.T) {
			viaHuma := httptest.NewRecorder()
			mux.ServeHTTP(viaHuma, httptest.NewRequest(http.MethodGet, "/"+strings.ReplaceAll(name, " ", "-"), nil))
			direct := httptest.NewRecorder()
			problem.Write(direct, err)
			if direct.Code != viaHuma.Code || direct.Body.String() != viaHuma.Body.String() {
				t.Errorf("direct %d %s\nhuma   %d %s", direct.Code, direct.Body, viaHuma.Code, viaHuma.Body)
			}
			for _, h := range []string{"Content-Type", "Www-Authenticate", "Etag"} {
				if h == "Content-Type" && direct.Code == http.StatusNotModified {
					continue // a 304 has no body, whatever huma says its type is
				}
				if direct.Header().Get(h) != viaHuma.Header().Get(h) {
					t.Errorf("%s: direct %q, huma %q", h, direct.Header().Get(h), viaHuma.Header().Get(h))
				}
			}
		})
	}
}

func TestProblems(t *testing.T) {
	p := problem.Invalid(&domain.ValidationError{Fields: []domain.FieldError{
		{Field: "types", Message: "unknown", Allowed: []string{"a", "b"}}}}, func(f string) string { return "query." + f })
	if p.Status != 422 || p.Title != "Unprocessable Entity" || len(p.Errors) != 1 ||
		p.Errors[0].Location != "query.types" || p.Errors[0].Message != "unknown (allowed: a, b)" {
		t.Errorf("invalid = %+v %+v", p, p.Errors)
	}
	// The refusal names a setting that exists, and how to set it.
	if !slices.Contains(config.Keys(), problem.CORSKey) {
		t.Fatalf("%s is not a configuration key", problem.CORSKey)
	}
	o := problem.OriginRefused("http://localhost:5173", "call this API")
	for _, want := range []string{"http://localhost:5173", problem.CORSKey, config.EnvVar(problem.CORSKey)} {
		if o.Status != http.StatusForbidden || !strings.Contains(o.Detail, want) {
			t.Errorf("origin refusal %q does not name %s", o.Detail, want)
		}
	}
	// An error that is not a problem says nothing of itself.
	rec := httptest.NewRecorder()
	problem.Write(rec, context.DeadlineExceeded)
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "deadline") {
		t.Errorf("unknown error: %d %s", rec.Code, rec.Body)
	}
}
