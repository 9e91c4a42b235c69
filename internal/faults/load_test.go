package faults

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// tally counts the answers of a load run, by server and status.
type tally struct {
	mu       sync.Mutex
	statuses map[string]map[int]int // server label -> status -> count
	errs     map[string][]string    // server label -> transport errors
}

func newTally() *tally {
	return &tally{statuses: map[string]map[int]int{}, errs: map[string][]string{}}
}

func (t *tally) add(server string, status int, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		t.errs[server] = append(t.errs[server], err.Error())
		return
	}
	if t.statuses[server] == nil {
		t.statuses[server] = map[int]int{}
	}
	t.statuses[server][status]++
}

// bad lists the non-2xx answers ("server status×count").
func (t *tally) bad() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for srv, m := range t.statuses {
		for st, n := range m {
			if st < 200 || st > 299 {
				out = append(out, fmt.Sprintf("%s %d×%d", srv, st, n))
			}
		}
	}
	sort.Strings(out)
	return out
}

func (t *tally) count(server string) (ok, errs int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for st, n := range t.statuses[server] {
		if st >= 200 && st <= 299 {
			ok += n
		}
	}
	return ok, len(t.errs[server])
}

func (t *tally) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var b strings.Builder
	for srv, m := range t.statuses {
		fmt.Fprintf(&b, "%s: %v, %d transport errors; ", srv, m, len(t.errs[srv]))
	}
	return b.String()
}

// visitor is one simulated browser: a session from its first garden visit,
// then garden reloads and interactions with a project.
type visitor struct {
	client  *http.Client
	session string
	agent   string
}

// visitors numbers the simulated browsers: each has its own user agent, so
// the per-visitor limits (keyed by the daily hash of address and agent) see
// distinct visitors, as they would from distinct homes.
var visitors atomic.Int64

func newVisitor() *visitor {
	// No keep-alive: each request is its own connection, so a server that
	// closes its listener refuses new requests instead of breaking a reused
	// idle connection, and "accepted by that server" is unambiguous.
	return &visitor{client: &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{DisableKeepAlives: true}},
		agent: fmt.Sprintf("%s visitor/%d", browserUA, visitors.Add(1))}
}

// do sends one request and returns its status.
func (v *visitor) do(ctx context.Context, method, url, body string) (int, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", v.agent)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if v.session != "" {
		req.Header.Set("X-Visitor-Session", v.session)
	}
	resp, err := v.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if s := resp.Header.Get("X-Visitor-Session"); s != "" {
		v.session = s
	}
	return resp.StatusCode, nil
}

// step is request number i of a visitor: a garden reload, and every third
// one an interaction. At one step per 150ms a visitor stays under the
// garden (100/min) and interact (30/min) limits for the length of a test.
func (v *visitor) step(ctx context.Context, base, projectID string, i int) (int, error) {
	if i%3 == 2 && v.session != "" {
		return v.do(ctx, http.MethodPost, base+"/api/v1/projects/"+projectID+"/interact", `{"interaction_type":"click"}`)
	}
	return v.do(ctx, http.MethodGet, base+"/api/v1/garden", "")
}
