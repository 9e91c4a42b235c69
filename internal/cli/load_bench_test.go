package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// BenchmarkLoad drives a running `greenhouse serve` (the demo garden, rate
// limits off) from 64 concurrent loopback clients, and in the same run two
// references: a bare Gin handler serving a static body the size of the
// garden, and a Gin handler inserting one row on the same engine. It
// reports requests/s, p50 and p99 for GET /api/v1/garden and POST
// .../interact and their ratios to the references (targets: garden ≥ 0.50 of
// the bare handler, interact ≥ 0.40 of the insert, p99 < 25 ms). With
// GREENHOUSE_TEST_REDIS_URL set, the PostgreSQL run uses Redis too.
func BenchmarkLoad(b *testing.B) {
	const clients = 64
	window := 3 * time.Second
	if s := os.Getenv("GREENHOUSE_BENCH_WINDOW"); s != "" {
		if d, err := time.ParseDuration(s); err == nil {
			window = d
		}
	}
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			for b.Loop() {
				loadRun(b, engine, clients, window)
			}
		})
	}
}

func loadRun(b *testing.B, engine string, clients int, window time.Duration) {
	e := &env{engine: engine, url: storetest.URL(b, engine), dataDir: b.TempDir()}
	b.Setenv("XDG_CONFIG_HOME", b.TempDir())
	b.Setenv("GREENHOUSE_RATELIMIT_ENABLED", "false")
	b.Setenv("GREENHOUSE_LOG_LEVEL", "error")
	if url := os.Getenv("GREENHOUSE_TEST_REDIS_URL"); url != "" && engine == store.Postgres {
		b.Setenv("GREENHOUSE_REDIS_URL", url)
	}
	e.mustRun(b, "migrate", "up")
	e.mustRun(b, "demo")
	addr := freeAddr(b)
	stop := startServe(b, e, addr)
	defer stop()
	base := "http://" + addr

	sessions, gardenBody, projectIDs := visitors(b, base, clients)
	bare := bareServer(gardenBody)
	defer bare.Close()
	ins := insertServer(b, e.url)
	defer ins.Close()

	interactBody := []byte(`{"interaction_type":"view"}`)
	refGarden := load(b, clients, window, func(int) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, bare.URL+"/", nil)
		return r
	})
	garden := load(b, clients, window, func(c int) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, base+"/api/v1/garden", nil)
		r.Header.Set("X-Visitor-Session", sessions[c])
		r.Header.Set("User-Agent", benchUA)
		return r
	})
	refInsert := load(b, clients, window, func(int) *http.Request {
		r, _ := http.NewRequest(http.MethodPost, ins.URL+"/", bytes.NewReader(interactBody))
		return r
	})
	// Each visitor looks at the projects in turn, as visitors browse a garden.
	var turn sync.Map
	interact := load(b, clients, window, func(c int) *http.Request {
		n, _ := turn.LoadOrStore(c, new(int))
		i := n.(*int)
		*i++
		projectID := projectIDs[(c+*i)%len(projectIDs)]
		r, _ := http.NewRequest(http.MethodPost, base+"/api/v1/projects/"+projectID+"/interact", bytes.NewReader(interactBody))
		r.Header.Set("X-Visitor-Session", sessions[c])
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("User-Agent", benchUA)
		return r
	})
	b.ReportMetric(garden.rps, "garden-req/s")
	b.ReportMetric(refGarden.rps, "bare-req/s")
	b.ReportMetric(garden.rps/refGarden.rps, "garden/bare")
	b.ReportMetric(ms(garden.p50), "garden-p50-ms")
	b.ReportMetric(ms(garden.p99), "garden-p99-ms")
	b.ReportMetric(interact.rps, "interact-req/s")
	b.ReportMetric(refInsert.rps, "insert-req/s")
	b.ReportMetric(interact.rps/refInsert.rps, "interact/insert")
	b.ReportMetric(ms(interact.p50), "interact-p50-ms")
	b.ReportMetric(ms(interact.p99), "interact-p99-ms")
	b.ReportMetric(float64(garden.errors+interact.errors), "errors")
}

const benchUA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// visitors opens one session per client and returns a garden body and the
// visible projects' ids.
func visitors(b *testing.B, base string, n int) ([]string, []byte, []string) {
	sessions := make([]string, n)
	var body []byte
	for i := range sessions {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/garden", nil)
		req.Header.Set("User-Agent", benchUA)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		sessions[i] = resp.Header.Get("X-Visitor-Session")
		if sessions[i] == "" {
			b.Fatalf("garden gave no session (status %d)", resp.StatusCode)
		}
	}
	var g struct {
		Projects []struct {
			ID string `json:"id"`
		} `json:"projects"`
	}
	if err := json.Unmarshal(body, &g); err != nil || len(g.Projects) == 0 {
		b.Fatalf("garden: %v (%d projects)", err, len(g.Projects))
	}
	ids := make([]string, len(g.Projects))
	for i, p := range g.Projects {
		ids[i] = p.ID
	}
	return sessions, body, ids
}

func bareServer(body []byte) *httptest.Server {
	r := gin.New()
	r.GET("/", func(c *gin.Context) { c.Data(http.StatusOK, "application/json", body) })
	return httptest.NewServer(r)
}

func insertServer(b *testing.B, url string) *httptest.Server {
	db, err := store.Open(context.Background(), url, store.Options{MaxOpenConns: 20})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.SQL().Exec(`CREATE TABLE bench_insert (id TEXT PRIMARY KEY, body TEXT)`); err != nil {
		b.Fatal(err)
	}
	r := gin.New()
	r.POST("/", func(c *gin.Context) {
		raw, _ := io.ReadAll(c.Request.Body)
		if _, err := db.SQL().ExecContext(c.Request.Context(), `INSERT INTO bench_insert (id, body) VALUES ($1, $2)`,
			uuid.NewString(), string(raw)); err != nil {
			c.Status(http.StatusInternalServerError)
			return
		}
		c.Data(http.StatusOK, "application/json", []byte(`{"ok":true}`))
	})
	return httptest.NewServer(r)
}

type loadResult struct {
	rps      float64
	p50, p99 time.Duration
	errors   int
	lat      []time.Duration // each answered request's latency, sorted
	elapsed  time.Duration
}

// newLoadResult summarises the latencies of a load that ran for elapsed.
func newLoadResult(lat []time.Duration, errs int, elapsed time.Duration) loadResult {
	slices.Sort(lat)
	res := loadResult{errors: errs, rps: float64(len(lat)) / elapsed.Seconds(), lat: lat, elapsed: elapsed}
	if n := len(lat); n > 0 {
		res.p50, res.p99 = lat[n/2], lat[n*99/100]
	}
	return res
}

// merged is a and o as one load: their requests over their summed time,
// percentiles of their latencies together.
func (a loadResult) merged(o loadResult) loadResult {
	return newLoadResult(append(slices.Clone(a.lat), o.lat...), a.errors+o.errors, a.elapsed+o.elapsed)
}

// load sends requests from clients goroutines for window and measures them.
func load(b *testing.B, clients int, window time.Duration, next func(client int) *http.Request) loadResult {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	deadline := time.Now().Add(window)
	var (
		mu      sync.Mutex
		lat     []time.Duration
		errs    int
		wg      sync.WaitGroup
		started = time.Now()
	)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			bad := 0
			for time.Now().Before(deadline) {
				req := next(c)
				t0 := time.Now()
				resp, err := hc.Do(req)
				if err != nil {
					bad++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode >= 300 {
					bad++
					if bad == 1 && os.Getenv("GREENHOUSE_BENCH_DEBUG") != "" {
						b.Logf("status %d from %s", resp.StatusCode, req.URL.Path)
					}
					continue
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, local...)
			errs += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	return newLoadResult(lat, errs, time.Since(started))
}
