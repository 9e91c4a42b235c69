// Package realtime delivers the garden's stored events to WebSocket clients.
// Stored events are the truth (see domain.Service.emit); a Feed reads them
// in id order and hands them to the Hub, which fans them out to clients
// without ever waiting on a slow one.
package realtime

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// Message is an event ready to send: encoded once, shared by every client.
type Message struct {
	ID        int64
	Type      string
	ProjectID string // empty when the event is about no project
	Payload   []byte // the JSON text frame
}

// NewMessage encodes an event for the wire.
func NewMessage(e api.Event, projectID string) (Message, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return Message{}, err
	}
	return Message{ID: e.ID, Type: e.EventType, ProjectID: projectID, Payload: b}, nil
}

// Filter selects the events a client asked for; empty fields match all.
type Filter struct {
	Types     map[string]bool
	ProjectID string
}

// Match reports whether m passes the filter. Events that concern no project
// (weather, announcements) pass a project filter: they affect every plant.
func (f Filter) Match(m Message) bool {
	if len(f.Types) > 0 && !f.Types[m.Type] {
		return false
	}
	if f.ProjectID != "" && m.ProjectID != "" && m.ProjectID != f.ProjectID {
		return false
	}
	return true
}

// Client is one subscriber: a bounded queue the hub never blocks on.
type Client struct {
	send   chan Message
	filter Filter
	// dropped is closed when the hub gives up on the client (too slow).
	dropped  chan struct{}
	dropOnce sync.Once
}

// Messages is the client's queue.
func (c *Client) Messages() <-chan Message { return c.send }

// Dropped is closed when the client was too slow and the hub dropped it.
func (c *Client) Dropped() <-chan struct{} { return c.dropped }

func (c *Client) drop() { c.dropOnce.Do(func() { close(c.dropped) }) }

// Hub fans messages out to subscribed clients.
type Hub struct {
	mu        sync.RWMutex
	clients   map[*Client]struct{}
	queueSize int
	metrics   *Metrics
	lastID    int64 // the id of the last message broadcast
	closed    bool
	done      chan struct{}
}

// NewHub makes a hub whose clients each queue at most queueSize messages.
func NewHub(queueSize int, m *Metrics) *Hub {
	if queueSize <= 0 {
		queueSize = 256
	}
	return &Hub{clients: map[*Client]struct{}{}, queueSize: queueSize, metrics: m, done: make(chan struct{})}
}

// Subscribe adds a client. It returns the id of the last message already
// broadcast: everything after it will reach the client's queue.
func (h *Hub) Subscribe(f Filter) (*Client, int64, bool) {
	c := &Client{send: make(chan Message, h.queueSize), filter: f, dropped: make(chan struct{})}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, 0, false
	}
	h.clients[c] = struct{}{}
	return c, h.lastID, true
}

// Unsubscribe removes a client.
func (h *Hub) Unsubscribe(c *Client) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

// Broadcast queues m for every matching client. A client whose queue is
// full is dropped rather than waited for: one slow reader must not delay
// the others or grow memory.
func (h *Hub) Broadcast(m Message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if m.ID > h.lastID {
		h.lastID = m.ID
	}
	for c := range h.clients {
		if !c.filter.Match(m) {
			continue
		}
		select {
		case c.send <- m:
		default:
			delete(h.clients, c)
			c.drop()
			h.metrics.droppedSlow()
		}
	}
}

// LastID is the id of the last message broadcast.
func (h *Hub) LastID() int64 {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.lastID
}

// SetLastID starts the hub at a position (the feed's starting point).
func (h *Hub) SetLastID(id int64) {
	h.mu.Lock()
	if id > h.lastID {
		h.lastID = id
	}
	h.mu.Unlock()
}

// Close ends every subscription; Done is closed so handlers close their
// sockets with 1001 (going away).
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	h.clients = map[*Client]struct{}{}
	close(h.done)
}

// Done is closed when the hub shuts down.
func (h *Hub) Done() <-chan struct{} { return h.done }

// heartbeat is how often a connection is pinged; a peer that does not
// answer within pongWait is closed (well inside 60 s in total).
const (
	heartbeat = 25 * time.Second
	pongWait  = 20 * time.Second
)
