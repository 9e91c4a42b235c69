package worker

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
)

// captured is one log record, flattened.
type captured struct {
	level slog.Level
	msg   string
	attrs map[string]string
}

// captureHandler keeps every record at every level.
type captureHandler struct {
	mu      sync.Mutex
	records []captured
}

func (h *captureHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *captureHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *captureHandler) WithGroup(string) slog.Handler            { return h }
func (h *captureHandler) Handle(_ context.Context, r slog.Record) error {
	c := captured{level: r.Level, msg: r.Message, attrs: map[string]string{}}
	r.Attrs(func(a slog.Attr) bool { c.attrs[a.Key] = a.Value.String(); return true })
	h.mu.Lock()
	h.records = append(h.records, c)
	h.mu.Unlock()
	return nil
}

func TestQuietLogOnceThenDebugUntilRecovered(t *testing.T) {
	h := &captureHandler{}
	q := newQuietLog(slog.New(h))
	offline := errors.New("dial tcp: no route to host")
	for range 3 {
		q.failed("wakatime", "wakatime.api_key", "wakatime: keeping the last reading", offline)
	}
	q.failed("spotify", "spotify.refresh_token", "spotify: keeping the last mood", offline)
	q.ok("wakatime")
	q.ok("wakatime") // a second success says nothing
	q.failed("wakatime", "wakatime.api_key", "wakatime: keeping the last reading", offline)

	want := []struct {
		level slog.Level
		msg   string
		fix   string
	}{
		{slog.LevelWarn, "wakatime: keeping the last reading", "wakatime.api_key"},
		{slog.LevelDebug, "wakatime: keeping the last reading", ""},
		{slog.LevelDebug, "wakatime: keeping the last reading", ""},
		{slog.LevelWarn, "spotify: keeping the last mood", "spotify.refresh_token"},
		{slog.LevelInfo, "wakatime: recovered", ""},
		{slog.LevelWarn, "wakatime: keeping the last reading", "wakatime.api_key"},
	}
	if len(h.records) != len(want) {
		t.Fatalf("%d records, want %d: %+v", len(h.records), len(want), h.records)
	}
	for i, w := range want {
		r := h.records[i]
		if r.level != w.level || r.msg != w.msg || r.attrs["fix"] != w.fix {
			t.Errorf("record %d = %v %q fix %q, want %v %q fix %q", i, r.level, r.msg, r.attrs["fix"], w.level, w.msg, w.fix)
		}
		if w.level != slog.LevelInfo && r.attrs["err"] != offline.Error() {
			t.Errorf("record %d lacks the error: %+v", i, r.attrs)
		}
	}
}
