package faults

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/redis/go-redis/v9"
)

// startRedis runs a private, memory-only redis-server on port (its own
// process, killed at the end of the test) and waits until it answers.
func startRedis(t *testing.T, port int) *proc {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not installed")
	}
	p := start(t, fmt.Sprintf("redis:%d", port), t.TempDir(), nil, path,
		"--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
	c := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", port), MaxRetries: -1})
	defer c.Close()
	waitFor(t, 10*time.Second, "redis to answer", func() bool {
		if p.Exited() {
			t.Fatalf("redis-server exited:\n%s", p.Output())
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		return c.Ping(ctx).Err() == nil
	})
	return p
}

// Redis dies under load and comes back: the API keeps answering 2xx from its
// in-process fallback, says so once in the log and in /metrics, and returns
// to Redis on its own once Redis answers again.
func TestRedisOutageUnderLoad(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	port := freePort(t)
	rds := startRedis(t, port)
	rc := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", port), MaxRetries: -1})
	defer rc.Close()

	g := newGarden(t, storetest.URL(t, "sqlite"),
		fmt.Sprintf("GREENHOUSE_REDIS_URL=redis://127.0.0.1:%d/0", port),
		"GREENHOUSE_RATELIMIT_ENABLED=true")
	g.cli(t, "migrate", "up") // only migrate, demo and serve create a garden
	g.cli(t, "plant", "seed", "--name", "Fault Fern")
	srv, base := g.serve(t, "serve")
	projectID := firstProjectID(t, base)

	// Eight visitors, one request each per 150ms, until the test says stop.
	res := newTally()
	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			v := newVisitor()
			for i := 0; loadCtx.Err() == nil; i++ {
				st, err := v.step(loadCtx, base, projectID, i)
				if loadCtx.Err() != nil {
					return
				}
				res.add("serve", st, err)
				time.Sleep(150 * time.Millisecond)
			}
		})
	}
	stopped := false
	finish := func() {
		if !stopped {
			stopped = true
			stopLoad()
			wg.Wait()
		}
	}
	defer finish()

	time.Sleep(1500 * time.Millisecond) // load on a healthy Redis
	if n := rc.DBSize(ctx).Val(); n == 0 {
		t.Fatal("before the outage nothing reached Redis")
	}
	rds.Kill()
	killedAt := time.Now()

	waitFor(t, 10*time.Second, "cache_fallback_total > 0 and cache_fallback_active 1", func() bool {
		m := getText(base + "/metrics")
		return metric(m, "cache_fallback_total") > 0 && metric(m, "cache_fallback_active") == 1
	})
	t.Logf("fallback active %s after the kill", time.Since(killedAt).Round(time.Millisecond))
	time.Sleep(2 * time.Second) // load during the outage
	during := getText(base + "/metrics")

	start(t, "redis (restarted)", t.TempDir(), nil, rds.Cmd.Path, rds.Cmd.Args[1:]...)
	restartedAt := time.Now()
	waitFor(t, 10*time.Second, "cache and rate limiter back on Redis", func() bool {
		m := getText(base + "/metrics")
		return metric(m, "cache_fallback_active") == 0 && metric(m, "ratelimit_fallback_active") < 1 &&
			rc.DBSize(ctx).Val() > 0
	})
	t.Logf("back on Redis %s after the restart (DBSIZE %d)", time.Since(restartedAt).Round(time.Millisecond), rc.DBSize(ctx).Val())
	time.Sleep(time.Second) // load on the new Redis
	finish()

	if srv.Exited() {
		t.Fatal("serve died during the outage")
	}
	if bad := res.bad(); len(bad) > 0 {
		t.Errorf("non-2xx answers: %v", bad)
	}
	ok, errs := res.count("serve")
	if errs > 0 {
		t.Errorf("%d requests failed outright: %v", errs, res.errs["serve"][:min(errs, 5)])
	}
	if ok < 100 {
		t.Errorf("only %d answers: the load did not run", ok)
	}
	t.Logf("load: %s", res)
	t.Logf("during the outage: cache_fallback_total %v, ratelimit_fallback_total %v",
		metric(during, "cache_fallback_total"), metric(during, "ratelimit_fallback_total"))
	if metric(during, "ratelimit_fallback_total") <= 0 {
		t.Errorf("ratelimit_fallback_total is %v during the outage: the limiter was not exercised", metric(during, "ratelimit_fallback_total"))
	}

	log := srv.Output()
	for _, warning := range []string{"redis cache unreachable", "redis rate limiter unreachable"} {
		// Once per outage, not per request. A second line can appear when the
		// restarted server refuses one more dial just as it comes back (seen
		// here: "reachable again", then one refusal, then reachable for good);
		// more than that would be log spam.
		if n := strings.Count(log, warning); n < 1 || n > 2 {
			t.Errorf("the log has %q %d times, want once for the one outage (twice at most with a flap at recovery)", warning, n)
		}
	}
	if !strings.Contains(log, "redis cache reachable again") {
		t.Error("the log does not say the cache is back on Redis")
	}
}
