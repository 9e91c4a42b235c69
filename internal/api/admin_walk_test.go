package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// adminOperation is one operation of the OpenAPI document that needs the
// admin token, as the walk sends it: with every parameter and the body
// invalid, so that a route that validated before it authenticated would
// answer 400 or 422 instead of 401.
type adminOperation struct {
	method, path, query string
	header              map[string]string // invalid header parameters
	body                bool              // it takes a request body
	input               bool              // it takes a body or a parameter (an invalid one was made)
}

func (o adminOperation) String() string { return o.method + " " + o.path }

// adminOperations lists the operations under /api/v1/admin and those that
// the document says need the bearer token.
func adminOperations(t *testing.T, e *env) []adminOperation {
	t.Helper()
	_, raw := e.do("GET", "/openapi.json", "", nil)
	var doc struct {
		Paths map[string]map[string]struct {
			Security    []map[string][]string `json:"security"`
			RequestBody json.RawMessage       `json:"requestBody"`
			Parameters  []struct {
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var ops []adminOperation
	for path, methods := range doc.Paths {
		for method, op := range methods {
			// A route that also accepts no credentials ({} among its
			// requirements: planting) is not an admin route.
			bearer, anonymous := false, false
			for _, req := range op.Security {
				_, has := req["bearer"]
				bearer, anonymous = bearer || has, anonymous || len(req) == 0
			}
			bearer = bearer && !anonymous
			if !bearer && !strings.HasPrefix(path, "/api/v1/admin") {
				continue
			}
			o := adminOperation{method: strings.ToUpper(method), path: path, body: op.RequestBody != nil,
				header: map[string]string{}}
			q := url.Values{}
			for _, p := range op.Parameters {
				switch p.In {
				case "path":
					o.path = strings.ReplaceAll(o.path, "{"+p.Name+"}", "not-a-uuid")
				case "query":
					q.Set(p.Name, "%%not valid%%")
				case "header":
					o.header[p.Name] = strings.Repeat("not valid ", 100) // past any maxLength
				}
			}
			o.query = q.Encode()
			o.input = o.body || len(op.Parameters) > 0
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].String() < ops[j].String() })
	return ops
}

// Every admin operation answers a caller without a valid admin token 401
// before it looks at anything else of the request: no parameter, no body
// is validated (the caller learns nothing about the route). A visitor's
// session is no admin token. With the token, the same requests are refused
// for what they are (so the walk does send invalid requests).
func TestAdminRoutesAuthenticateFirst(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	ops := adminOperations(t, e)
	if len(ops) < 15 { // the handleAdmin routes of routes.go
		t.Fatalf("only %d admin operations in the document: %v", len(ops), ops)
	}
	session := e.visitor()
	if _, err := session.Garden(ctx(), wireapi.GardenParams{}); err != nil || session.Session() == "" {
		t.Fatalf("no visitor session: %v", err)
	}
	expired, err := api.IssueToken(e.secret, e.clock.Now().Add(-2*time.Hour), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	callers := map[string]map[string]string{
		"no token":        {},
		"visitor session": {"X-Visitor-Session": session.Session()},
		"malformed":       {"Authorization": "Bearer"},
		"bad token":       {"Authorization": "Bearer not.a.jwt"},
		"expired token":   {"Authorization": "Bearer " + expired},
	}
	bodies := map[string]string{"no body": "", "not JSON": "{not json", "unknown fields": `{"bogus":1,"name":7}`}
	for _, op := range ops {
		for who, header := range callers {
			for what, body := range bodies {
				if !op.body && body != "" {
					continue
				}
				res, raw := e.do(op.method, op.path+"?"+op.query, body, merge(op.header, header))
				if res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusForbidden {
					t.Errorf("%s, %s, %s: %d, want 401 or 403: %s", op, who, what, res.StatusCode, raw)
					continue
				}
				if res.Header.Get("Content-Type") != "application/problem+json" {
					t.Errorf("%s, %s, %s: content type %q", op, who, what, res.Header.Get("Content-Type"))
				}
				if res.StatusCode == http.StatusUnauthorized && res.Header.Get("WWW-Authenticate") == "" {
					t.Errorf("%s, %s, %s: 401 without WWW-Authenticate", op, who, what)
				}
			}
		}
		if !op.input {
			continue
		}
		body := ""
		if op.body {
			body = "{not json"
		}
		res, raw := e.do(op.method, op.path+"?"+op.query, body, merge(op.header, e.adminHeader()))
		if res.StatusCode < 400 || res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden || res.StatusCode >= 500 {
			t.Errorf("%s with the admin token: %d, want the request refused for what it is: %s", op, res.StatusCode, raw)
		}
	}
}

// merge returns the headers of both maps, b's winning.
func merge(a, b map[string]string) map[string]string {
	out := make(map[string]string, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
