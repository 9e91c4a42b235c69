package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/problem"
)

// Options bound what one server accepts.
type Options struct {
	MaxConnections int           // beyond this, new sockets are refused with 503
	AllowedOrigins []string      // frontend origins (scheme://host[:port]); the server's own host is always allowed
	ReadLimit      int64         // largest inbound message; clients are not expected to send any
	WriteTimeout   time.Duration // a write that takes longer marks the client dead
	Heartbeat      time.Duration // how often a socket is pinged (default 25 s)
	PongWait       time.Duration // how long a ping may wait for its pong (default 20 s)
	Now            func() time.Time
}

// Handler serves /ws/garden.
type Handler struct {
	hub     *Hub
	src     EventSource
	opts    Options
	metrics *Metrics
	logger  *slog.Logger
	conns   atomic.Int64
	// originHosts are the hosts of opts.AllowedOrigins, as Accept wants them.
	originHosts []string
}

// NewHandler builds the WebSocket endpoint.
func NewHandler(hub *Hub, src EventSource, opts Options, m *Metrics, logger *slog.Logger) *Handler {
	if opts.MaxConnections <= 0 {
		opts.MaxConnections = 10000
	}
	if opts.ReadLimit <= 0 {
		opts.ReadLimit = 4096
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 10 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = heartbeat
	}
	if opts.PongWait <= 0 {
		opts.PongWait = pongWait
	}
	return &Handler{hub: hub, src: src, opts: opts, metrics: m, logger: logger,
		originHosts: originPatterns(opts.AllowedOrigins)}
}

// Connections is the number of open sockets.
func (h *Handler) Connections() int64 { return h.conns.Load() }

// request is what a client asked for in the query string.
type request struct {
	since    int64
	hasSince bool
	filter   Filter
}

func parseRequest(q url.Values) (request, error) {
	var r request
	if s := q.Get("since"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return r, domain.Invalid("since", "must be the non-negative id of the last event received")
		}
		r.since, r.hasSince = n, true
	}
	if s := q.Get("types"); s != "" {
		r.filter.Types = map[string]bool{}
		for _, t := range strings.Split(s, ",") {
			t = strings.TrimSpace(t)
			if !slices.Contains(domain.EventTypes, t) {
				return r, domain.Invalid("types", fmt.Sprintf("%q is not an event type", t), domain.EventTypes...)
			}
			r.filter.Types[t] = true
		}
	}
	if s := q.Get("project_id"); s != "" {
		id, err := uuid.Parse(s)
		if err != nil {
			return r, domain.Invalid("project_id", "must be a UUID")
		}
		r.filter.ProjectID = id.String()
	}
	return r, nil
}

// Wait returns once every socket handler has returned, or when ctx ends.
// serve calls it after closing the hub, so that the going-away close
// frames are written before the process exits (the HTTP server's shutdown
// does not wait for hijacked connections).
func (h *Handler) Wait(ctx context.Context) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for h.conns.Load() > 0 {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if origin := r.Header.Get("Origin"); !originAllowed(r.Host, origin, h.originHosts) {
		problem.Write(w, problem.OriginRefused(origin, "open /ws/garden"))
		return
	}
	req, err := parseRequest(r.URL.Query())
	var invalid *domain.ValidationError
	if errors.As(err, &invalid) {
		problem.Write(w, problem.Invalid(invalid, func(field string) string { return "query." + field }))
		return
	}
	if n := h.conns.Add(1); n > int64(h.opts.MaxConnections) {
		h.conns.Add(-1)
		w.Header().Set("Retry-After", "5")
		problem.Write(w, problem.New(http.StatusServiceUnavailable,
			fmt.Sprintf("this server accepts at most %d sockets; retry shortly", h.opts.MaxConnections)))
		return
	}
	defer h.conns.Add(-1)
	// The HTTP server's read and write timeouts are for requests; a socket
	// lives for hours, and its heartbeat finds dead peers instead.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: h.originHosts})
	if err != nil {
		return // Accept has answered (400 for a bad handshake)
	}
	conn.SetReadLimit(h.opts.ReadLimit)
	h.metrics.connected()
	defer h.metrics.disconnected()
	h.serve(r.Context(), conn, req)
}

// serve runs one connection: replay what the client missed, then live events,
// with a heartbeat, until the peer leaves, lags or the server shuts down.
func (h *Handler) serve(ctx context.Context, conn *websocket.Conn, req request) {
	defer conn.CloseNow()
	client, hubLast, ok := h.hub.Subscribe(req.filter)
	if !ok {
		conn.Close(websocket.StatusGoingAway, "server shutting down")
		return
	}
	defer h.hub.Unsubscribe(client)
	ctx = conn.CloseRead(ctx) // answers pings and close frames; cancelled when the peer goes
	lastSent := hubLast
	if req.hasSince {
		var err error
		if lastSent, err = h.replay(ctx, conn, req, hubLast); err != nil {
			h.closeFor(conn, err)
			return
		}
	}
	ping := time.NewTicker(h.opts.Heartbeat)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.hub.Done():
			conn.Close(websocket.StatusGoingAway, "server shutting down")
			return
		case <-client.Dropped():
			conn.Close(websocket.StatusTryAgainLater, "too slow: reconnect with ?since=<last id>")
			return
		case <-ping.C:
			pctx, cancel := context.WithTimeout(ctx, h.opts.PongWait)
			err := conn.Ping(pctx)
			cancel()
			if err != nil {
				h.metrics.droppedDead()
				return
			}
		case m := <-client.Messages():
			if m.ID <= lastSent {
				continue // already sent during the replay
			}
			if err := h.write(ctx, conn, m.Payload); err != nil {
				return
			}
			lastSent = m.ID
		}
	}
}

// replay sends the stored events after req.since up to upTo, or a resync
// message when the ones the client missed have been pruned. It returns the
// id of the last event sent.
func (h *Handler) replay(ctx context.Context, conn *websocket.Conn, req request, upTo int64) (int64, error) {
	oldest, latest, err := h.src.EventBounds(ctx)
	if err != nil {
		return 0, err
	}
	pruned := latest > 0 && req.since < oldest-1
	future := req.since > max(latest, upTo)
	if pruned || (latest == 0 && req.since > 0 && req.since < upTo) || future {
		if err := h.write(ctx, conn, h.resyncMessage(latest)); err != nil {
			return 0, err
		}
		return upTo, nil
	}
	last := req.since
	for last < upTo {
		events, err := h.src.EventsSince(ctx, last, feedBatch)
		if err != nil {
			return 0, err
		}
		if len(events) == 0 {
			break
		}
		for _, e := range events {
			if e.ID > upTo {
				return last, nil // the live queue has the rest
			}
			m, err := messageOf(e)
			if err != nil {
				return 0, err
			}
			last = e.ID
			if !req.filter.Match(m) {
				continue
			}
			if err := h.write(ctx, conn, m.Payload); err != nil {
				return 0, err
			}
		}
	}
	return max(last, upTo), nil
}

func (h *Handler) resyncMessage(latest int64) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": latest, "event_type": "resync", "timestamp": h.opts.Now().UTC(),
		"data": map[string]string{
			"reason": "the events since your last id are no longer kept",
			"reload": "/api/v1/garden",
		},
	})
	return b
}

func (h *Handler) write(ctx context.Context, conn *websocket.Conn, payload []byte) error {
	wctx, cancel := context.WithTimeout(ctx, h.opts.WriteTimeout)
	defer cancel()
	if err := conn.Write(wctx, websocket.MessageText, payload); err != nil {
		return err
	}
	h.metrics.deliveredOne()
	return nil
}

func (h *Handler) closeFor(conn *websocket.Conn, err error) {
	if errors.Is(err, context.Canceled) {
		return // the peer left during the replay
	}
	h.logger.Warn("realtime: replay failed", "err", err)
	conn.Close(websocket.StatusInternalError, "could not replay events; reload /api/v1/garden")
}

// originPatterns turns configured origins into the host patterns Accept wants.
func originPatterns(origins []string) []string {
	out := make([]string, 0, len(origins))
	for _, o := range origins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			out = append(out, u.Host)
		}
	}
	return out
}

// originAllowed is Accept's own origin check, made first so that a refusal
// is a problem document naming the setting that fixes it (Accept answers
// plain text): no Origin (not a browser), the server's own host, or one of
// the allowed hosts (originPatterns).
func originAllowed(host, origin string, allowed []string) bool {
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, host) {
		return true
	}
	return slices.ContainsFunc(allowed, func(h string) bool { return strings.EqualFold(h, u.Host) })
}
