package realtime_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/realtime"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/prometheus/client_golang/prometheus"
)

type server struct {
	url     string
	svc     *domain.Service
	hub     *realtime.Hub
	handler *realtime.Handler
	close   func()
}

// startServer runs a feed and the socket endpoint over db, as `serve` does.
func startServer(t *testing.T, db *store.DB, dsn string, opts realtime.Options) *server {
	return startServerQueue(t, db, dsn, opts, 8, 50*time.Millisecond)
}

func startServerQueue(t *testing.T, db *store.DB, dsn string, opts realtime.Options, queue int, poll time.Duration) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := domain.NewService(db)
	m := realtime.NewMetrics(prometheus.NewRegistry())
	hub := realtime.NewHub(queue, m)
	feed := realtime.NewFeed(svc, hub, poll, logger)
	if err := feed.Start(ctx); err != nil {
		t.Fatal(err)
	}
	db.OnEventsCommitted(feed.Committed)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); feed.Run(ctx) }()
	if db.Engine() == store.Postgres && dsn != "" {
		wg.Add(1)
		go func() { defer wg.Done(); realtime.ListenPostgres(ctx, dsn, store.EventsChannel, feed, logger) }()
	}
	h := realtime.NewHandler(hub, svc, opts, m, logger)
	ts := httptest.NewServer(h)
	s := &server{url: "ws" + strings.TrimPrefix(ts.URL, "http"), svc: svc, hub: hub, handler: h}
	var once sync.Once
	s.close = func() {
		once.Do(func() {
			hub.Close()
			cancel()
			ts.Close()
			wg.Wait()
		})
	}
	t.Cleanup(s.close)
	return s
}

type received struct {
	ID        int64           `json:"id"`
	EventType string          `json:"event_type"`
	Data      json.RawMessage `json:"data"`
}

func dial(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

func readN(t *testing.T, c *websocket.Conn, n int) []received {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out := make([]received, 0, n)
	for len(out) < n {
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatalf("read after %d of %d messages: %v", len(out), n, err)
		}
		var r received
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func plant(t *testing.T, svc *domain.Service, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := svc.PlantProject(context.Background(), domain.PlantInput{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
}

func ids(rs []received) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func TestClientsReceiveTheSameEventsInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startServer(t, db, "", realtime.Options{})
		clients := []*websocket.Conn{dial(t, s.url), dial(t, s.url), dial(t, s.url)}
		waitConnections(t, s, 3)
		plant(t, s.svc, "A", "B", "C", "D")
		first := readN(t, clients[0], 4)
		for i, c := range clients[1:] {
			got := readN(t, c, 4)
			if fmt.Sprint(ids(got)) != fmt.Sprint(ids(first)) {
				t.Fatalf("client %d got %v, client 0 got %v", i+1, ids(got), ids(first))
			}
		}
		for i := 1; i < len(first); i++ {
			if first[i].ID <= first[i-1].ID || first[i].EventType != domain.EventSeedPlanted {
				t.Fatalf("out of order or wrong type: %+v", first)
			}
		}
	})
}

func waitConnections(t *testing.T, s *server, n int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for s.handler.Connections() < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d sockets connected", s.handler.Connections(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // let the handlers subscribe
}

// An event written through another store handle on the same database (as a
// CLI command in another process would) reaches the sockets.
func TestEventFromAnotherStoreHandle(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			url := storetest.URL(t, engine)
			serverDB := openMigrated(t, url)
			cliDB := openMigrated(t, url)
			s := startServer(t, serverDB, url, realtime.Options{})
			c := dial(t, s.url)
			waitConnections(t, s, 1)
			cli := domain.NewService(cliDB)
			if _, err := cli.Announce(context.Background(), "hello from the terminal"); err != nil {
				t.Fatal(err)
			}
			got := readN(t, c, 1)
			if got[0].EventType != domain.EventSystemUpdate || !strings.Contains(string(got[0].Data), "hello from the terminal") {
				t.Fatalf("got %+v", got[0])
			}
		})
	}
}

func openMigrated(t *testing.T, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url, store.Options{MaxOpenConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.MigrateUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// Two servers on one PostgreSQL: an event made through A reaches B's client.
func TestTwoReplicasOnPostgres(t *testing.T) {
	if !containsEngine(store.Postgres) {
		t.Skip("needs " + storetest.PostgresURLEnv)
	}
	url := storetest.URL(t, store.Postgres)
	a := startServer(t, openMigrated(t, url), url, realtime.Options{})
	// B polls only hourly: the event must reach it through LISTEN/NOTIFY.
	b := startServerQueue(t, openMigrated(t, url), url, realtime.Options{}, 8, time.Hour)
	cb := dial(t, b.url)
	waitConnections(t, b, 1)
	start := time.Now()
	plant(t, a.svc, "Made on A")
	got := readN(t, cb, 1)
	if got[0].EventType != domain.EventSeedPlanted || !strings.Contains(string(got[0].Data), "Made on A") {
		t.Fatalf("B's client got %+v", got[0])
	}
	t.Logf("A→B delivery took %v", time.Since(start))
}

func containsEngine(e string) bool {
	for _, x := range storetest.Engines() {
		if x == e {
			return true
		}
	}
	return false
}

func TestResumeWithSince(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startServer(t, db, "", realtime.Options{})
		c := dial(t, s.url)
		waitConnections(t, s, 1)
		plant(t, s.svc, "one", "two")
		seen := readN(t, c, 2)
		c.Close(websocket.StatusNormalClosure, "")
		plant(t, s.svc, "three", "four", "five") // missed while away
		c2 := dial(t, fmt.Sprintf("%s?since=%d", s.url, seen[1].ID))
		waitConnections(t, s, 1)
		plant(t, s.svc, "six") // live after reconnecting
		got := readN(t, c2, 4)
		names := []string{}
		for _, r := range got {
			var d struct{ Name string }
			_ = json.Unmarshal(r.Data, &d)
			names = append(names, d.Name)
		}
		if strings.Join(names, ",") != "three,four,five,six" {
			t.Fatalf("resumed with %v", names)
		}
		if got[0].ID != seen[1].ID+1 {
			t.Fatalf("gap after resume: last seen %d, first resumed %d", seen[1].ID, got[0].ID)
		}
	})
}

func TestResyncWhenMissedEventsWerePruned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startServer(t, db, "", realtime.Options{})
		plant(t, s.svc, "old1", "old2", "old3")
		if _, err := s.svc.PruneEvents(context.Background(), time.Nanosecond); err != nil {
			t.Fatal(err)
		}
		plant(t, s.svc, "new")
		c := dial(t, s.url+"?since=1")
		got := readN(t, c, 1)
		if got[0].EventType != "resync" || !strings.Contains(string(got[0].Data), "/api/v1/garden") {
			t.Fatalf("want resync, got %+v", got[0])
		}
	})
}

func TestFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startServer(t, db, "", realtime.Options{})
		c := dial(t, s.url+"?types=system_update")
		waitConnections(t, s, 1)
		plant(t, s.svc, "ignored")
		if _, err := s.svc.Announce(context.Background(), "only this"); err != nil {
			t.Fatal(err)
		}
		got := readN(t, c, 1)
		if got[0].EventType != domain.EventSystemUpdate {
			t.Fatalf("filter let through %+v", got[0])
		}
	})
}

func TestSlowClientIsDroppedFastOnesContinue(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	s := startServerQueue(t, db, "", realtime.Options{}, 64, 50*time.Millisecond)
	slow := dial(t, s.url) // never reads
	fast := dial(t, s.url)
	fast.SetReadLimit(1 << 20)
	waitConnections(t, s, 2)
	// Large messages straight into the hub fill the slow peer's socket
	// buffers; its queue then overflows and the hub drops it, while the fast
	// reader receives every message in order.
	const n = 2000
	body := strings.Repeat("x", 16<<10)
	type result struct {
		ids []int64
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		for len(r.ids) < n {
			_, b, err := fast.Read(ctx)
			if err != nil {
				r.err = err
				break
			}
			// The id leads the payload; reading just it keeps this reader fast.
			var id int64
			if _, r.err = fmt.Sscanf(string(b[:32]), `{"id":%d,`, &id); r.err != nil {
				break
			}
			r.ids = append(r.ids, id)
		}
		done <- r
	}()
	for i := range n {
		payload := fmt.Appendf(nil, `{"id":%d,"event_type":"system_update","data":{"pad":%q}}`, 1000+i, body)
		s.hub.Broadcast(realtime.Message{ID: int64(1000 + i), Type: "system_update", Payload: payload})
		if i%2 == 1 {
			time.Sleep(time.Millisecond) // a burst, not a flood: the fast reader keeps up
		}
	}
	got := <-done
	if got.err != nil || len(got.ids) != n {
		t.Fatalf("fast client got %d of %d: %v", len(got.ids), n, got.err)
	}
	for i, id := range got.ids {
		if id != int64(1000+i) {
			t.Fatalf("fast client lost or reordered messages at %d: %d", i, id)
		}
	}
	// The slow client is closed with 1013 (try again later).
	slow.SetReadLimit(1 << 20)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		_, _, err := slow.Read(ctx)
		if err == nil {
			continue
		}
		if status := websocket.CloseStatus(err); status != websocket.StatusTryAgainLater {
			t.Fatalf("slow client: want close 1013, got %v", err)
		}
		return
	}
}

func TestRefusals(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	s := startServer(t, db, "", realtime.Options{MaxConnections: 1, AllowedOrigins: []string{"https://garden.example"}})
	httpURL := "http" + strings.TrimPrefix(s.url, "ws")
	for _, tc := range []struct {
		name, query, origin string
		want                int
		says                string // in the detail or at the error's location
	}{
		{"bad since", "?since=-1", "", http.StatusUnprocessableEntity, "query.since"},
		{"unknown type", "?types=rain", "", http.StatusUnprocessableEntity, "query.types"},
		{"bad project", "?project_id=nope", "", http.StatusUnprocessableEntity, "query.project_id"},
		{"foreign origin", "", "https://evil.example", http.StatusForbidden, "server.cors_origins"},
		{"foreign origin before a bad query", "?since=-1", "https://evil.example", http.StatusForbidden, "server.cors_origins"},
		{"origin that is no URL", "", "null", http.StatusForbidden, "server.cors_origins"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, httpURL+tc.query, nil)
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			p := readProblem(t, resp, body, tc.want)
			where := p.Detail
			for _, e := range p.Errors {
				where += " " + e.Location
			}
			if !strings.Contains(where, tc.says) {
				t.Errorf("problem does not name %s: %s", tc.says, body)
			}
		})
	}
	ctx := context.Background()
	_, resp, err := websocket.Dial(ctx, s.url, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"https://evil.example"}}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign origin accepted: %v", err)
	}
	// Allowed beside a configured origin: the same in another case, and the
	// server's own host.
	roomy := startServer(t, db, "", realtime.Options{AllowedOrigins: []string{"https://garden.example"}})
	for _, origin := range []string{"HTTPS://GARDEN.EXAMPLE", "http" + strings.TrimPrefix(roomy.url, "ws")} {
		c, _, err := websocket.Dial(ctx, roomy.url, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {origin}}})
		if err != nil {
			t.Fatalf("origin %s refused: %v", origin, err)
		}
		c.CloseNow()
	}
	ok, _, err := websocket.Dial(ctx, s.url, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"https://garden.example"}}})
	if err != nil {
		t.Fatalf("configured origin refused: %v", err)
	}
	defer ok.CloseNow()
	waitConnections(t, s, 1)
	_, resp, err = websocket.Dial(ctx, s.url, nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("connection over the maximum accepted: %v", err)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Errorf("503 without Retry-After")
	}
}

// readProblem checks that resp is the problem document every greenhouse
// error is: its status, the standard title, a detail.
func readProblem(t *testing.T, resp *http.Response, body []byte, status int) problemDoc {
	t.Helper()
	if resp.StatusCode != status || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("status %d %s, want %d problem+json: %s", resp.StatusCode, resp.Header.Get("Content-Type"), status, body)
	}
	var p problemDoc
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("not a problem: %s", body)
	}
	if p.Status != status || p.Title != http.StatusText(status) || p.Detail == "" {
		t.Errorf("problem = %s", body)
	}
	return p
}

type problemDoc struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Errors []struct {
		Location string `json:"location"`
	} `json:"errors"`
}

func TestShutdownClosesWithGoingAway(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	s := startServer(t, db, "", realtime.Options{})
	c := dial(t, s.url)
	waitConnections(t, s, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	read := make(chan error, 1)
	go func() { _, _, err := c.Read(ctx); read <- err }()
	s.hub.Close()
	// serve waits for the handlers before it exits, so the frame is sent.
	s.handler.Wait(ctx)
	if n := s.handler.Connections(); n != 0 || ctx.Err() != nil {
		t.Fatalf("after Wait: %d connections (%v)", n, ctx.Err())
	}
	err := <-read
	if websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Fatalf("want 1001, got %v", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("socket not closed on shutdown")
	}
}

// A peer that stops answering pings is closed (heartbeat + pong wait, well
// inside 60 s by default; shortened here), and a client that sends data
// (clients have nothing to say) is closed too.
func TestDeadPeerAndInboundMessages(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	s := startServer(t, db, "", realtime.Options{Heartbeat: 50 * time.Millisecond, PongWait: 50 * time.Millisecond})
	silent := dial(t, s.url) // never reads, so never answers a ping
	_ = silent
	waitConnections(t, s, 1)
	deadline := time.Now().Add(5 * time.Second)
	for s.handler.Connections() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("a peer that never answers pings is still connected")
		}
		time.Sleep(10 * time.Millisecond)
	}

	talker := dial(t, s.url)
	waitConnections(t, s, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := talker.Write(ctx, websocket.MessageText, []byte(strings.Repeat("x", 10000))); err != nil {
		t.Fatal(err)
	}
	_, _, err := talker.Read(ctx)
	if status := websocket.CloseStatus(err); status != websocket.StatusPolicyViolation && status != websocket.StatusMessageTooBig {
		t.Fatalf("a client sending data: want close 1008/1009, got %v", err)
	}
}
