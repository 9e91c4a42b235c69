package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// EventResync is the event_type of the message /ws/garden sends instead of
// the events a resuming client missed when those were pruned: the client
// must reload what it shows. Its ID is the latest event id.
const EventResync = "resync"

// StreamState says where an event stream stands.
type StreamState int

// Stream states, in StreamMessage.State.
const (
	StreamEvent        StreamState = iota // the message carries an event
	StreamConnected                       // the socket is open (again)
	StreamReconnecting                    // the socket failed or closed; retrying after RetryIn
	StreamClosed                          // the stream ended: ctx done or a fatal error in Err
)

func (s StreamState) String() string {
	switch s {
	case StreamEvent:
		return "event"
	case StreamConnected:
		return "connected"
	case StreamReconnecting:
		return "reconnecting"
	case StreamClosed:
		return "closed"
	}
	return "StreamState(" + strconv.Itoa(int(s)) + ")"
}

// StreamMessage is one thing an event stream reports: an event, or a change
// of its connection.
type StreamMessage struct {
	State   StreamState
	Event   Event         // State == StreamEvent; EventType EventResync included
	Err     error         // why the socket went (Reconnecting), or the fatal error (Closed)
	RetryIn time.Duration // Reconnecting: delay before the next attempt
	Attempt int           // Reconnecting: consecutive failures so far
	Since   int64         // Connected: the id the socket resumed after (0: live only)
}

// StreamOptions configure Events.
type StreamOptions struct {
	Since      int64         // resume after this event id; 0 starts with live events only
	Types      []string      // only these event types (server-side filter); empty for all
	ProjectID  string        // only this project's events; empty for all
	MinBackoff time.Duration // first retry delay (default 500ms)
	MaxBackoff time.Duration // largest retry delay (default 30s)
	// Jitter returns a factor applied to each delay (default: uniform in
	// [0.8, 1.2)); tests return 1.
	Jitter func() float64
}

// StreamError is a socket failure: a refused handshake (Status) or a close
// frame from the server (Code).
type StreamError struct {
	Status int                  // HTTP status of a refused handshake, 0 otherwise
	Code   websocket.StatusCode // close code, -1 when the socket did not close cleanly
	Reason string
	Err    error
}

func (e *StreamError) Error() string {
	switch {
	case e.Status != 0:
		return fmt.Sprintf("event stream refused: %d %s", e.Status, http.StatusText(e.Status))
	case e.Code >= 0 && e.Reason != "":
		return fmt.Sprintf("event stream closed (%d): %s", int(e.Code), e.Reason)
	case e.Code >= 0:
		return fmt.Sprintf("event stream closed (%d)", int(e.Code))
	}
	return "event stream: " + e.Err.Error()
}

func (e *StreamError) Unwrap() error { return e.Err }

// Fatal says retrying cannot help: the token was rejected, or the request
// itself is invalid.
func (e *StreamError) Fatal() bool {
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity, http.StatusBadRequest:
		return true
	}
	return e.Code == websocket.StatusPolicyViolation
}

// maxEventSize bounds one message read from the socket.
const maxEventSize = 1 << 20

// Events follows /ws/garden until ctx ends. It reconnects with exponential
// backoff after a failure, a server shutdown (1001) or a "too slow" close
// (1013), resuming with ?since=<last id> so no event is missed; when the
// server no longer holds them it sends an EventResync event, passed on as
// is. The stream ends on a fatal error (a *StreamError whose Fatal is true,
// e.g. 401), reported in a last StreamClosed message, or when ctx ends (a
// StreamClosed with a nil Err, if the reader is still there); then the
// channel is closed. The reader must keep reading until ctx ends.
func (c *Client) Events(ctx context.Context, opts StreamOptions) <-chan StreamMessage {
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 500 * time.Millisecond
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(30*time.Second, opts.MinBackoff)
	}
	if opts.Jitter == nil {
		opts.Jitter = func() float64 { return 0.8 + 0.4*rand.Float64() }
	}
	opts.Types = append([]string(nil), opts.Types...)
	out := make(chan StreamMessage)
	go c.follow(ctx, opts, out)
	return out
}

func (c *Client) follow(ctx context.Context, opts StreamOptions, out chan<- StreamMessage) {
	defer close(out)
	send := func(m StreamMessage) bool {
		select {
		case out <- m:
			return true
		case <-ctx.Done():
			return false
		}
	}
	since, resume := opts.Since, opts.Since > 0
	failures := 0
	for {
		err := c.streamOnce(ctx, opts, since, resume, func(m StreamMessage) bool {
			if m.State == StreamConnected {
				failures = 0
			}
			if m.State == StreamEvent {
				since, resume = m.Event.ID, true
			}
			return send(m)
		})
		if ctx.Err() != nil {
			send(StreamMessage{State: StreamClosed})
			return
		}
		var se *StreamError
		if errors.As(err, &se) && se.Fatal() {
			send(StreamMessage{State: StreamClosed, Err: err})
			return
		}
		failures++
		delay := backoff(opts, failures)
		if errors.As(err, &se) && se.Code == websocket.StatusTryAgainLater && failures == 1 {
			delay = time.Duration(float64(opts.MinBackoff) * opts.Jitter()) // only too slow: come back at once
		}
		if !send(StreamMessage{State: StreamReconnecting, Err: err, RetryIn: delay, Attempt: failures}) {
			send(StreamMessage{State: StreamClosed})
			return
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			send(StreamMessage{State: StreamClosed})
			return
		case <-t.C:
		}
	}
}

// backoff is MinBackoff·2^(n-1), capped at MaxBackoff, with jitter.
func backoff(opts StreamOptions, n int) time.Duration {
	d := opts.MinBackoff
	for i := 1; i < n && d < opts.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, opts.MaxBackoff)
	return time.Duration(float64(d) * opts.Jitter())
}

// streamURL is the socket's address: the API's base with ws(s), /ws/garden
// and the query.
func (c *Client) streamURL(opts StreamOptions, since int64, resume bool) (string, error) {
	u, err := url.Parse(c.baseURL)
	if err != nil {
		return "", fmt.Errorf("event stream: %w", err)
	}
	switch u.Scheme {
	case "https":
		u.Scheme = "wss"
	case "http", "":
		u.Scheme = "ws"
	}
	u.Path = strings.TrimRight(u.Path, "/") + "/ws/garden"
	q := url.Values{}
	if resume {
		q.Set("since", strconv.FormatInt(since, 10))
	}
	if len(opts.Types) > 0 {
		q.Set("types", strings.Join(opts.Types, ","))
	}
	if opts.ProjectID != "" {
		q.Set("project_id", opts.ProjectID)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// streamOnce runs one socket until it fails, reporting through emit; it
// returns why it ended.
func (c *Client) streamOnce(ctx context.Context, opts StreamOptions, since int64, resume bool, emit func(StreamMessage) bool) error {
	addr, err := c.streamURL(opts, since, resume)
	if err != nil {
		return &StreamError{Code: -1, Err: err}
	}
	h := http.Header{}
	h.Set("User-Agent", c.userAgent)
	c.mu.Lock()
	if c.token != "" {
		h.Set("Authorization", "Bearer "+c.token)
	}
	c.mu.Unlock()
	conn, res, err := websocket.Dial(ctx, addr, &websocket.DialOptions{HTTPClient: c.http, HTTPHeader: h})
	if err != nil {
		if res != nil && res.StatusCode != http.StatusSwitchingProtocols {
			return &StreamError{Status: res.StatusCode, Code: -1, Err: err}
		}
		return &StreamError{Code: -1, Err: err}
	}
	defer conn.CloseNow()
	conn.SetReadLimit(maxEventSize)
	if !emit(StreamMessage{State: StreamConnected, Since: since}) {
		conn.Close(websocket.StatusNormalClosure, "")
		return ctx.Err()
	}
	for {
		_, raw, err := conn.Read(ctx)
		if err != nil {
			if ctx.Err() != nil {
				conn.Close(websocket.StatusNormalClosure, "")
				return ctx.Err()
			}
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				return &StreamError{Code: ce.Code, Reason: ce.Reason, Err: err}
			}
			return &StreamError{Code: -1, Err: err}
		}
		var ev Event
		if err := json.Unmarshal(raw, &ev); err != nil {
			continue // not an event: ignore it rather than drop the socket
		}
		if !emit(StreamMessage{State: StreamEvent, Event: ev}) {
			conn.Close(websocket.StatusNormalClosure, "")
			return ctx.Err()
		}
	}
}
