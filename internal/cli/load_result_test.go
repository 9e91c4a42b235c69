package cli

import (
	"testing"
	"time"
)

// The one-core benchmark merges the halves of each side (alternate): the
// merged figures must be those of one load over both halves.
func TestLoadResultMerged(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	first := newLoadResult(ms(5, 1, 3), 1, time.Second)
	second := newLoadResult(ms(2, 100, 4, 6, 7, 8, 9, 10), 2, 3*time.Second)
	got := first.merged(second)
	if got.rps != 11.0/4 {
		t.Errorf("rps %v, want 11 requests over 4 s", got.rps)
	}
	if got.p50 != 6*time.Millisecond || got.p99 != 100*time.Millisecond {
		t.Errorf("p50 %v p99 %v, want 6ms and 100ms (the latencies of both halves)", got.p50, got.p99)
	}
	if got.errors != 3 || got.elapsed != 4*time.Second {
		t.Errorf("errors %d elapsed %v, want 3 and 4s", got.errors, got.elapsed)
	}
	if first.p50 != 3*time.Millisecond || len(first.lat) != 3 {
		t.Errorf("merging changed a half: %+v", first)
	}
}
