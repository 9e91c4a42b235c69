package api

import (
	"fmt"
	"net/http"
	"sync/atomic"

	"github.com/greenhouse-garden/greenhouse/internal/problem"
)

// capacity bounds what the server holds at once (performance.max_connections):
// requests in flight and open live sockets together, since a socket's
// handler runs for the socket's lifetime. Past the bound a request is
// answered 503 with Retry-After at once, before it costs a database
// connection or a goroutine parked on one, so that a burst degrades into
// quick refusals a client can retry instead of a queue in which every
// request times out. The operator's endpoints (/healthz, /readyz, /metrics)
// are never refused: probes and scrapes must see a full server as it is.
type capacity struct {
	max  int64
	held atomic.Int64
	next http.Handler
}

func newCapacity(max int, next http.Handler) *capacity {
	return &capacity{max: int64(max), next: next}
}

func (c *capacity) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz", "/readyz", "/metrics":
		c.next.ServeHTTP(w, r)
		return
	}
	if c.held.Add(1) > c.max {
		c.held.Add(-1)
		w.Header().Set("Retry-After", "1")
		problem.Write(w, problem.New(http.StatusServiceUnavailable, fmt.Sprintf(
			"the server is holding its most requests and sockets at once (performance.max_connections = %d); retry shortly", c.max)))
		return
	}
	defer c.held.Add(-1)
	c.next.ServeHTTP(w, r)
}
