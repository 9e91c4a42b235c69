// Package redistest gives tests a Redis to run against, as storetest gives
// them databases: the server named by GREENHOUSE_TEST_REDIS_URL, with a key
// prefix of their own whose keys are deleted when the test ends. A test that
// needs Redis skips when the variable is unset (a laptop without Redis) and
// fails when it is set but Redis does not answer (CI asked for it).
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// URLEnv names the Redis the tests use.
const URLEnv = "GREENHOUSE_TEST_REDIS_URL"

// Configured reports whether this run was given a Redis.
func Configured() bool { return os.Getenv(URLEnv) != "" }

// Client returns a client of the configured Redis with short timeouts, and
// a random key prefix ("greenhouse-test-<hex>") whose keys ("<prefix>:...")
// are deleted after the test. It skips when no Redis is configured.
func Client(t testing.TB) (*redis.Client, string) {
	t.Helper()
	url := os.Getenv(URLEnv)
	if url == "" {
		t.Skip(URLEnv + " not set")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("%s: %v", URLEnv, err)
	}
	opts.DialTimeout, opts.ReadTimeout, opts.WriteTimeout = 200*time.Millisecond, 200*time.Millisecond, 200*time.Millisecond
	client := redis.NewClient(opts)
	if err := client.Ping(context.Background()).Err(); err != nil {
		_ = client.Close()
		t.Fatalf("%s=%s is set but Redis does not answer: %v", URLEnv, url, err)
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	prefix := "greenhouse-test-" + hex.EncodeToString(b)
	t.Cleanup(func() {
		defer client.Close()
		ctx := context.Background()
		iter := client.Scan(ctx, 0, prefix+":*", 100).Iterator()
		var keys []string
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if len(keys) > 0 {
			if err := client.Del(ctx, keys...).Err(); err != nil {
				t.Errorf("redistest cleanup: %v", err)
			}
		}
	})
	return client, prefix
}

// Another returns a second client of the same Redis, closed after the test
// (a second replica, or one a test breaks on purpose).
func Another(t testing.TB, base *redis.Client) *redis.Client {
	t.Helper()
	c := redis.NewClient(base.Options())
	t.Cleanup(func() { _ = c.Close() })
	return c
}
