package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/cache"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/ratelimit"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// cacheEntries bounds the in-process cache (and Redis' fallback).
const cacheEntries = 10000

// StoreURL is the database of cfg: database.url, or for SQLite its file
// resolved against data_dir.
func StoreURL(cfg *config.Config) string {
	if cfg.Database.Engine() == config.EngineSQLite {
		return "sqlite:" + cfg.SQLitePath()
	}
	return cfg.Database.URL
}

// redisPrefix names this deployment's keys in Redis after its database, so
// two gardens sharing one Redis (staging and production, or test runs)
// never read each other's cache. Replicas of one garden share the prefix.
func redisPrefix(cfg *config.Config) string {
	sum := sha256.Sum256([]byte(StoreURL(cfg)))
	return "greenhouse:" + hex.EncodeToString(sum[:6])
}

// backingServices are the cache and rate limiter, in Redis or in memory.
type backingServices struct {
	cache   cache.Cache
	limiter ratelimit.Limiter // nil when rate limits are off
	ready   map[string]func(context.Context) error
	close   func()
}

// backing builds the cache and the rate limiter: in Redis when redis.url is
// set (each falls back to memory while Redis is down), else in memory.
func backing(cfg *config.Config, reg prometheus.Registerer, logger *slog.Logger) (*backingServices, error) {
	b := &backingServices{cache: cache.NewMemory(time.Now, cacheEntries), close: func() {}}
	if cfg.Redis.URL == "" {
		if cfg.RateLimit.Enabled {
			b.limiter = ratelimit.NewMemory()
		}
		return b, nil
	}
	ropts, err := redis.ParseURL(cfg.Redis.URL)
	if err != nil {
		return nil, &config.Error{Err: fmt.Errorf("redis.url: %w", err)}
	}
	// Short timeouts and one retry: while Redis is down each request falls
	// back to memory quickly instead of waiting on reconnects.
	ropts.DialTimeout, ropts.ReadTimeout, ropts.WriteTimeout = 200*time.Millisecond, 200*time.Millisecond, 200*time.Millisecond
	ropts.PoolTimeout, ropts.MaxRetries, ropts.DialerRetries = 300*time.Millisecond, 1, 1
	client := redis.NewClient(ropts)
	prefix := redisPrefix(cfg)
	cm, err := cache.NewMetrics(reg)
	if err != nil {
		_ = client.Close()
		return nil, err
	}
	if cfg.RateLimit.Enabled {
		rm, err := ratelimit.NewMetrics(reg)
		if err != nil {
			_ = client.Close()
			return nil, err
		}
		b.limiter = ratelimit.NewRedis(client, ratelimit.NewMemory(), logger, rm, ratelimit.WithKeyPrefix(prefix+":ratelimit"))
	}
	b.cache = cache.NewRedis(client, b.cache.(*cache.Memory), logger, cm, cache.WithKeyPrefix(prefix))
	b.ready = map[string]func(context.Context) error{
		"redis": func(ctx context.Context) error { return client.Ping(ctx).Err() },
	}
	b.close = func() { _ = client.Close() }
	return b, nil
}
