package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/greenhouse-garden/greenhouse/internal/api"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/privacy"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// BenchmarkGardenHandler measures GET /api/v1/garden for a returning
// visitor, in process (no network), interleaved with a bare Gin handler
// serving a static body of the same size, and reports the ratio of their
// costs: what the garden spends beyond writing its bytes.
func BenchmarkGardenHandler(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) { benchGardenHandler(b, engine, "") })
	}
}

// BenchmarkGardenHandlerGzip is BenchmarkGardenHandler with Accept-Encoding:
// gzip, against a bare handler serving the same gzip bytes.
func BenchmarkGardenHandlerGzip(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) { benchGardenHandler(b, engine, "gzip") })
	}
}

func benchGardenHandler(b *testing.B, engine, encoding string) {
	db := storetest.Open(b, engine)
	svc := domain.NewService(db)
	if _, err := svc.LoadDemo(context.Background()); err != nil {
		b.Fatal(err)
	}
	cfg := config.Default()
	cfg.DataDir = b.TempDir()
	cfg.RateLimit.Enabled = false
	cfg.Security.SecretKey = "bench-secret-key-bench-secret-key-0123456789"
	h := api.New(api.Deps{Service: svc, Config: cfg, Hasher: privacy.NewHasher(svc, time.Now)}).Handler()

	garden := func(token string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/garden", nil)
		r.Header.Set("User-Agent", browserUA)
		if token != "" {
			r.Header.Set("X-Visitor-Session", token)
		}
		if encoding != "" {
			r.Header.Set("Accept-Encoding", encoding)
		}
		return r
	}
	first := httptest.NewRecorder()
	h.ServeHTTP(first, garden(""))
	token := first.Header().Get("X-Visitor-Session")
	if first.Code != http.StatusOK || token == "" || first.Header().Get("Content-Encoding") != encoding {
		b.Fatalf("first garden: %d, encoding %q", first.Code, first.Header().Get("Content-Encoding"))
	}
	body := first.Body.Bytes()
	bare := gin.New()
	bare.GET("/", func(c *gin.Context) {
		if encoding != "" {
			c.Header("Content-Encoding", encoding)
		}
		c.Data(http.StatusOK, "application/json", body)
	})

	var ref, path time.Duration
	for b.Loop() {
		t0 := time.Now()
		bare.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
		t1 := time.Now()
		r := garden(token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		path += time.Since(t1)
		ref += t1.Sub(t0)
		if rec.Code != http.StatusOK {
			b.Fatalf("garden: %d", rec.Code)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(path.Microseconds())/n, "garden-us/op")
	b.ReportMetric(float64(ref.Microseconds())/n, "bare-us/op")
	b.ReportMetric(float64(ref)/float64(path), "bare-cost/garden-cost")
	b.ReportMetric(float64(len(body)), "body-bytes")
}

// The garden's bytes are spliced from a pre-encoded shared part; they must
// be exactly what encoding the documented type gives, for every visitor.
func TestGardenBodyIsCanonicalJSON(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		v := e.visitor()
		for i := range 3 { // a new visitor, then the cached path, then after an interaction
			res, err := v.Do(ctx(), http.MethodGet, "/api/v1/garden", nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var g wireapi.Garden
			if err := json.Unmarshal(res.Body, &g); err != nil {
				t.Fatalf("round %d: %v", i, err)
			}
			want, _ := json.Marshal(g)
			if !bytes.Equal(bytes.TrimSpace(res.Body), want) {
				t.Fatalf("round %d: spliced body differs from its canonical encoding:\n%s\n%s", i, res.Body, want)
			}
			if i == 1 {
				if _, err := v.Interact(ctx(), ids["Greenhouse"], wireapi.InteractionRequest{InteractionType: "view"}); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
