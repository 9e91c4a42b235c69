package realtime_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/realtime"
)

// BenchmarkFanout connects 1,000 and 5,000 real WebSocket clients over
// loopback and sends a burst of broadcasts, first through a bare reference
// hub (a goroutine and a buffered channel per socket, nothing else), then
// through greenhouse's Hub and Handler, in the same run. It reports p50/p99/
// max delivery latency, messages lost and memory per idle connection for
// both, and the ratios. Run with -benchtime 1x: one burst is the measurement.
func BenchmarkFanout(b *testing.B) {
	for _, clients := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			const burst = 40
			for b.Loop() {
				ref := runFanout(b, newBareHub(), clients, burst)
				ours := runFanout(b, newOurHub(), clients, burst)
				b.ReportMetric(float64(ref.p50.Microseconds()), "ref-p50-us")
				b.ReportMetric(float64(ref.p99.Microseconds()), "ref-p99-us")
				b.ReportMetric(float64(ours.p50.Microseconds()), "p50-us")
				b.ReportMetric(float64(ours.p99.Microseconds()), "p99-us")
				b.ReportMetric(float64(ours.max.Microseconds()), "max-us")
				b.ReportMetric(float64(ours.p99)/float64(max(ref.p99, 1)), "p99/ref")
				b.ReportMetric(float64(ours.lost), "lost")
				b.ReportMetric(float64(ref.lost), "ref-lost")
				b.ReportMetric(ours.bytesPerConn/1024, "KiB/conn")
				b.ReportMetric(ref.bytesPerConn/1024, "ref-KiB/conn")
				b.ReportMetric(ours.msgsPerSec, "msgs/s")
				b.ReportMetric(ref.msgsPerSec, "ref-msgs/s")
			}
		})
	}
}

// broadcaster is what the benchmark drives: ours or the bare reference.
type broadcaster interface {
	http.Handler
	broadcast(id int64, payload []byte)
	close()
}

type fanoutResult struct {
	p50, p99, max time.Duration
	lost          int
	bytesPerConn  float64
	msgsPerSec    float64
}

func runFanout(b *testing.B, hub broadcaster, clients, burst int) fanoutResult {
	b.Helper()
	srv := httptest.NewServer(hub)
	defer srv.Close()
	defer hub.close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http")

	before := heapAndStacks()
	conns := make([]*websocket.Conn, clients)
	for i := range conns {
		c, _, err := websocket.Dial(context.Background(), url, nil)
		if err != nil {
			b.Fatalf("dial %d: %v", i, err)
		}
		conns[i] = c
	}
	time.Sleep(200 * time.Millisecond) // let every handler subscribe
	perConn := float64(heapAndStacks()-before) / float64(clients)

	var (
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, clients*burst)
		received  int
		wg        sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, c := range conns {
		wg.Add(1)
		go func(c *websocket.Conn) {
			defer wg.Done()
			local := make([]time.Duration, 0, burst)
			for len(local) < burst {
				_, msg, err := c.Read(ctx)
				if err != nil {
					break
				}
				local = append(local, time.Since(time.Unix(0, sentAt(msg))))
			}
			mu.Lock()
			latencies = append(latencies, local...)
			received += len(local)
			mu.Unlock()
		}(c)
	}
	start := time.Now()
	for i := range burst {
		payload := fmt.Appendf(nil, `{"id":%d,"event_type":"system_update","data":{"sent":%d}}`, i+1, time.Now().UnixNano())
		hub.broadcast(int64(i+1), payload)
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
	elapsed := time.Since(start)
	for _, c := range conns {
		c.CloseNow()
	}
	slices.Sort(latencies)
	res := fanoutResult{lost: clients*burst - received, bytesPerConn: perConn,
		msgsPerSec: float64(received) / elapsed.Seconds()}
	if n := len(latencies); n > 0 {
		res.p50, res.p99, res.max = latencies[n/2], latencies[n*99/100], latencies[n-1]
	}
	return res
}

func sentAt(msg []byte) int64 {
	i := bytes.Index(msg, []byte(`"sent":`))
	if i < 0 {
		return 0
	}
	rest := msg[i+7:]
	end := bytes.IndexByte(rest, '}')
	n, _ := strconv.ParseInt(string(rest[:end]), 10, 64)
	return n
}

func heapAndStacks() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

// ourHub is greenhouse's Hub and Handler, with no database behind it.
type ourHub struct {
	hub *realtime.Hub
	*realtime.Handler
}

func newOurHub() *ourHub {
	hub := realtime.NewHub(256, nil)
	h := realtime.NewHandler(hub, emptySource{}, realtime.Options{MaxConnections: 20000},
		nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return &ourHub{hub: hub, Handler: h}
}

func (o *ourHub) broadcast(id int64, p []byte) {
	o.hub.Broadcast(realtime.Message{ID: id, Type: "system_update", Payload: p})
}
func (o *ourHub) close() { o.hub.Close() }

type emptySource struct{}

func (emptySource) EventsSince(context.Context, int64, int) ([]*domain.Event, error) { return nil, nil }
func (emptySource) EventBounds(context.Context) (int64, int64, error)                { return 0, 0, nil }

// bareHub is the reference: the least a WebSocket broadcaster can do.
type bareHub struct {
	mu    sync.Mutex
	conns map[chan []byte]struct{}
	done  chan struct{}
}

func newBareHub() *bareHub {
	return &bareHub{conns: map[chan []byte]struct{}{}, done: make(chan struct{})}
}

func (h *bareHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer c.CloseNow()
	ctx := c.CloseRead(r.Context())
	ch := make(chan []byte, 256)
	h.mu.Lock()
	h.conns[ch] = struct{}{}
	h.mu.Unlock()
	defer func() { h.mu.Lock(); delete(h.conns, ch); h.mu.Unlock() }()
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.done:
			return
		case p := <-ch:
			if err := c.Write(ctx, websocket.MessageText, p); err != nil {
				return
			}
		}
	}
}

func (h *bareHub) broadcast(_ int64, p []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.conns {
		select {
		case ch <- p:
		default:
		}
	}
}

func (h *bareHub) close() { close(h.done) }
