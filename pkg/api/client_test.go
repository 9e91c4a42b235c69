package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

func TestClientKeepsSessionAndToken(t *testing.T) {
	var seen []http.Header
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Clone())
		switch r.URL.Path {
		case "/api/v1/garden":
			if r.URL.Query().Get("season") != "winter" {
				t.Errorf("query = %s", r.URL.RawQuery)
			}
			w.Header().Set("X-Visitor-Session", "tok-1")
			_ = json.NewEncoder(w).Encode(api.Garden{Season: "winter"})
		case "/api/v1/auth/token":
			body, _ := io.ReadAll(r.Body)
			if !strings.Contains(string(body), `"password":"pw"`) {
				t.Errorf("token body = %s", body)
			}
			_ = json.NewEncoder(w).Encode(api.Token{AccessToken: "jwt", TokenType: "bearer", ExpiresIn: 60})
		default:
			_ = json.NewEncoder(w).Encode(api.RealtimeMetrics{ActiveVisitors: 1})
		}
	}))
	defer ts.Close()
	c := api.NewClient(ts.URL+"/", api.WithUserAgent("test-agent"))
	g, err := c.Garden(context.Background(), api.GardenParams{Season: "winter"})
	if err != nil || g.Season != "winter" || c.Session() != "tok-1" {
		t.Fatalf("garden: %+v %v session %q", g, err, c.Session())
	}
	if _, err := c.IssueToken(context.Background(), "pw"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RealtimeMetrics(context.Background()); err != nil {
		t.Fatal(err)
	}
	last := seen[len(seen)-1]
	if last.Get("Authorization") != "Bearer jwt" || last.Get("X-Visitor-Session") != "tok-1" || last.Get("User-Agent") != "test-agent" {
		t.Errorf("headers = %v", last)
	}
}

func TestClientReturnsProblems(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/plain" {
			http.Error(w, "gateway down", http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		_, _ = w.Write([]byte(`{"title":"Unprocessable Entity","status":422,"detail":"validation failed",
			"errors":[{"message":"is required","location":"body.seed_data.name"}]}`))
	}))
	defer ts.Close()
	c := api.NewClient(ts.URL)
	_, err := c.PlantSeed(context.Background(), api.PlantSeedRequest{})
	var p *api.Problem
	if !errors.As(err, &p) || p.Status != 422 || len(p.Errors) != 1 || p.Errors[0].Location != "body.seed_data.name" {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(p.Error(), "body.seed_data.name: is required") {
		t.Errorf("message %q", p.Error())
	}
	_, err = c.Do(context.Background(), "GET", "/plain", nil, nil)
	if !errors.As(err, &p) || p.Status != http.StatusBadGateway || p.Detail != "gateway down" {
		t.Errorf("plain error = %#v", err)
	}
}
