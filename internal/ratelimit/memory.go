package ratelimit

import (
	"context"
	"fmt"
	"time"

	"github.com/ulule/limiter/v3"
	"github.com/ulule/limiter/v3/drivers/store/memory"
)

// memoryPrefix starts the keys of the in-process stores.
const memoryPrefix = "greenhouse:ratelimit"

type memoryLimiter struct {
	rules *ruleLimiters
}

// NewMemory returns a Limiter counting in this process only. Its windows
// follow the wall clock: ulule's memory store reads time.Now itself, so no
// clock can be injected. Each rule's store runs a cleanup goroutine (every
// 30s) for expired counters.
func NewMemory() Limiter {
	return &memoryLimiter{rules: newRuleLimiters(memoryPrefix, func(prefix string) (limiter.Store, error) {
		return memory.NewStoreWithOptions(limiter.StoreOptions{
			Prefix:          prefix,
			CleanUpInterval: limiter.DefaultCleanUpInterval,
		}), nil
	})}
}

// Allow implements Limiter.
func (m *memoryLimiter) Allow(ctx context.Context, rule Rule, key string) (Result, error) {
	if err := rule.validate(); err != nil {
		return Result{}, err
	}
	lim, err := m.rules.get(rule)
	if err != nil {
		return Result{}, err
	}
	c, err := lim.Get(ctx, key)
	if err != nil {
		return Result{}, fmt.Errorf("ratelimit: %s: %w", rule.Name, err)
	}
	return result(c, time.Now()), nil
}
