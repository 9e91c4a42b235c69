// Package cache keeps encoded API responses for a short time, grouped in
// namespaces that a write invalidates as a whole.
package cache

import (
	"context"
	"time"
)

// Cache stores encoded responses with a TTL, in namespaces that can be
// invalidated as a whole.
type Cache interface {
	// Get returns the value of key in namespace and whether it was found.
	Get(ctx context.Context, namespace, key string) ([]byte, bool, error)
	// Set stores value under key in namespace for ttl (which must be positive).
	Set(ctx context.Context, namespace, key string, value []byte, ttl time.Duration) error
	// Invalidate drops every entry of a namespace (e.g. "garden" after a
	// write). Across replicas when Redis backs it.
	Invalidate(ctx context.Context, namespace string) error
}

var (
	_ Cache = (*Memory)(nil)
	_ Cache = (*Redis)(nil)
)
