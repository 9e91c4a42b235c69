package httpx

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// StatusError is a response whose status is outside 2xx.
type StatusError struct {
	Status int
	// RetryAfter is the provider's Retry-After, zero when absent.
	RetryAfter time.Duration
	// Body is the start of the response body (at most 512 bytes), for
	// diagnosis. Providers do not echo credentials in error bodies.
	Body string
	// URL is the request URL with secrets redacted.
	URL string
}

func (e *StatusError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "unexpected status %d %s", e.Status, http.StatusText(e.Status))
	if e.URL != "" {
		fmt.Fprintf(&b, " from %s", e.URL)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.Body != "" {
		fmt.Fprintf(&b, ": %s", e.Body)
	}
	return b.String()
}

// Temporary reports whether the same request may succeed later: a 5xx, a
// 429, or any status that came with a Retry-After.
func (e *StatusError) Temporary() bool {
	return e.Status >= 500 || e.Status == http.StatusTooManyRequests || e.RetryAfter > 0
}

// CheckStatus returns nil for a 2xx response and a *StatusError otherwise,
// reading (and leaving unread the rest of) a snippet of the body. now is the
// clock used for an HTTP-date Retry-After.
func CheckStatus(resp *http.Response, now time.Time) error {
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	e := &StatusError{
		Status:     resp.StatusCode,
		RetryAfter: ParseRetryAfter(resp.Header, now),
	}
	if resp.Request != nil {
		e.URL = RedactURL(resp.Request.URL)
	}
	if resp.Body != nil {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, snippetLimit))
		e.Body = snippet(b)
	}
	return e
}

// ParseRetryAfter reads a Retry-After header, in seconds or as an HTTP date.
// It returns 0 when the header is absent, malformed or in the past.
func ParseRetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// snippet trims b to valid UTF-8 on one line.
func snippet(b []byte) string {
	for len(b) > 0 && !utf8.Valid(b) {
		b = b[:len(b)-1]
	}
	s := strings.Join(strings.Fields(string(b)), " ")
	return s
}
