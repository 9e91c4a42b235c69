package worker

import (
	"log/slog"
	"sync"
)

// quietLog reports an integration that keeps failing (no network, no
// token) once at warn, naming the configuration key that fixes it, then at
// debug until it succeeds again, which is said once at info: a schedule
// that runs every few minutes must not repeat the same warning forever.
// A nil quietLog logs nothing.
type quietLog struct {
	log     *slog.Logger
	mu      sync.Mutex
	failing map[string]bool
}

func newQuietLog(log *slog.Logger) *quietLog {
	return &quietLog{log: log, failing: map[string]bool{}}
}

// failed logs msg for source's failure err; fix is the configuration key
// (or action) that makes it succeed.
func (q *quietLog) failed(source, fix, msg string, err error, attrs ...any) {
	if q == nil {
		return
	}
	q.mu.Lock()
	repeat := q.failing[source]
	q.failing[source] = true
	q.mu.Unlock()
	attrs = append(attrs, "err", err)
	if repeat {
		q.log.Debug(msg, attrs...)
		return
	}
	q.log.Warn(msg, append(attrs, "fix", fix, "next", "logged at debug until it recovers")...)
}

// ok marks source as working; after failures, it says so once.
func (q *quietLog) ok(source string) {
	if q == nil {
		return
	}
	q.mu.Lock()
	was := q.failing[source]
	delete(q.failing, source)
	q.mu.Unlock()
	if was {
		q.log.Info(source + ": recovered")
	}
}
