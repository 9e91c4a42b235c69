package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/greenhouse-garden/greenhouse/internal/store"
)

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs `greenhouse serve` in process and waits until it is ready.
func startServe(t testing.TB, e *env, addr string) (stop func() int) {
	t.Helper()
	return startServeUntil(t, e, addr, "/readyz")
}

// startServeUntil runs serve until path answers 200.
func startServeUntil(t testing.TB, e *env, addr, path string) (stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	streams, _ := Test()
	f := NewFactory(streams)
	root := NewRootCmd(f, "test")
	root.SetArgs([]string{"--database-url", e.url, "--data-dir", e.dataDir, "serve", "--addr", addr})
	done := make(chan int, 1)
	go func() { done <- Execute(ctx, root, f) }()
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + path)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited early with %d", code)
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("serve did not become ready")
		}
		time.Sleep(20 * time.Millisecond)
	}
	var code int
	stopped := false
	stop = func() int {
		if !stopped {
			cancel()
			code, stopped = <-done, true
		}
		return code
	}
	t.Cleanup(func() { stop() })
	return stop
}

func readEvent(t *testing.T, c *websocket.Conn) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, b, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read event: %v", err)
	}
	var m struct {
		EventType string          `json:"event_type"`
		Data      json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m.EventType, string(m.Data)
}

func getBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// The whole serve process: a seed planted by a CLI command (another store
// handle, as another process) reaches an open socket, invalidates the cached
// garden, the socket outlives the server's request timeouts, and shutdown
// closes it with 1001.
func TestServeLive(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		t.Setenv("GREENHOUSE_SERVER_REQUEST_TIMEOUT", "300ms") // write deadline 5.3 s
		t.Setenv("GREENHOUSE_REALTIME_POLL_INTERVAL", "100ms")
		addr := freeAddr(t)
		stop := startServe(t, e, addr)

		ctx := context.Background()
		ws, _, err := websocket.Dial(ctx, "ws://"+addr+"/ws/garden?types=seed_planted,system_update", nil)
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		defer ws.CloseNow()
		if before := getBody(t, "http://"+addr+"/api/v1/garden"); strings.Contains(before, "From The Terminal") {
			t.Fatal("the garden has the project before it is planted")
		}

		e.mustRun(t, "plant", "seed", "--name", "From The Terminal")
		if typ, data := readEvent(t, ws); typ != "seed_planted" || !strings.Contains(data, "From The Terminal") {
			t.Fatalf("socket got %s %s", typ, data)
		}
		if after := getBody(t, "http://"+addr+"/api/v1/garden"); !strings.Contains(after, "From The Terminal") {
			t.Fatal("the cached garden was not invalidated by the CLI's change")
		}
		if m := getBody(t, "http://"+addr+"/metrics"); !strings.Contains(m, "active_websockets_total 1") {
			t.Fatalf("metrics do not count the socket:\n%s", grepLines(m, "websocket"))
		}

		time.Sleep(6 * time.Second) // past the server's write deadline for requests
		e.mustRun(t, "announce", "still here")
		if typ, data := readEvent(t, ws); typ != "system_update" || !strings.Contains(data, "still here") {
			t.Fatalf("after the request timeouts the socket got %s %s", typ, data)
		}

		if code := stop(); code != 0 {
			t.Fatalf("serve exited with %d", code)
		}
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_, _, err = ws.Read(rctx)
		if websocket.CloseStatus(err) != websocket.StatusGoingAway {
			t.Fatalf("on shutdown the socket got %v, want 1001", err)
		}
	})
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return fmt.Sprint(out)
}

// With Redis configured, /readyz says so when Redis does not answer, while
// /healthz and the API keep answering (the cache falls back to memory).
func TestReadyzChecksConfiguredRedis(t *testing.T) {
	e := newEnv(t, store.SQLite)
	t.Setenv("GREENHOUSE_REDIS_URL", "redis://127.0.0.1:1/0") // nothing listens there
	addr := freeAddr(t)
	startServeUntil(t, e, addr, "/healthz")
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "redis") {
		t.Fatalf("readyz with Redis down: %d %s", resp.StatusCode, body)
	}
	resp, err = http.Get("http://" + addr + "/api/v1/garden")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the garden with Redis down: %d", resp.StatusCode)
	}
}
