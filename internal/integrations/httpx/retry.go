package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"syscall"
	"time"
)

// retryTransport is the http.RoundTripper that carries the retry policy. It
// is only reachable through a Client.
type retryTransport struct {
	base        http.RoundTripper
	timeout     time.Duration
	maxAttempts int
	baseDelay   time.Duration
	maxDelay    time.Duration
	sleep       SleepFunc
	jitter      func(time.Duration) time.Duration
	log         *slog.Logger
}

// RoundTrip sends req up to maxAttempts times. Each attempt has its own
// timeout; the response body stays readable until it is closed or that
// timeout expires.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	rewindable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, t.timeout)
		r := req.Clone(actx)
		if attempt > 1 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				cancel()
				return nil, fmt.Errorf("rewind request body: %w", err)
			}
			r.Body = body
		}
		start := time.Now()
		resp, err := t.base.RoundTrip(r)
		if t.log.Enabled(ctx, slog.LevelDebug) {
			t.log.LogAttrs(ctx, slog.LevelDebug, "http attempt",
				slog.String("method", req.Method),
				slog.String("url", RedactURL(req.URL)),
				slog.Any("headers", RedactHeader(req.Header)),
				slog.Int("attempt", attempt),
				slog.Int("status", statusOf(resp)),
				slog.Duration("took", time.Since(start)),
				slog.Any("error", errString(err)))
		}

		retry := rewindable && attempt < t.maxAttempts && ctx.Err() == nil &&
			((err != nil && retryableError(err)) || (err == nil && retryableStatus(resp.StatusCode)))
		if !retry {
			if err != nil {
				cancel()
				if ctx.Err() != nil {
					// The caller's context ended: say so rather than
					// reporting the transport's view of it.
					return nil, fmt.Errorf("%w (after %d attempt(s))", ctx.Err(), attempt)
				}
				if errors.Is(err, context.DeadlineExceeded) {
					return nil, fmt.Errorf("attempt %d timed out after %s: %w", attempt, t.timeout, err)
				}
				if attempt > 1 {
					return nil, fmt.Errorf("%w (after %d attempts)", err, attempt)
				}
				return nil, err
			}
			resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
			return resp, nil
		}

		delay := t.backoff(attempt)
		if resp != nil {
			if ra := ParseRetryAfter(resp.Header, time.Now()); ra > delay {
				delay = min(ra, t.maxDelay)
			}
			// Drain a little so the connection can be reused.
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
			_ = resp.Body.Close()
		}
		cancel()
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < delay {
			// No point waiting past the caller's deadline.
			if err != nil {
				return nil, fmt.Errorf("giving up before the deadline (after %d attempt(s)): %w", attempt, err)
			}
			return nil, fmt.Errorf("giving up before the deadline (after %d attempt(s)): last status %d", attempt, resp.StatusCode)
		}
		t.log.LogAttrs(ctx, slog.LevelWarn, "http retry",
			slog.String("method", req.Method),
			slog.String("url", RedactURL(req.URL)),
			slog.Int("attempt", attempt),
			slog.Int("status", statusOf(resp)),
			slog.Any("error", errString(err)),
			slog.Duration("backoff", delay))
		if err := t.sleep(ctx, delay); err != nil {
			return nil, fmt.Errorf("waiting to retry: %w", err)
		}
	}
}

// backoff is the wait after the given (1-based) attempt: exponential from
// baseDelay, capped at maxDelay, with "equal jitter" (half fixed, half
// random) so that clients do not retry in lockstep.
func (t *retryTransport) backoff(attempt int) time.Duration {
	d := t.baseDelay
	for i := 1; i < attempt && d < t.maxDelay; i++ {
		d *= 2
	}
	d = min(d, t.maxDelay)
	half := d / 2
	return half + t.jitter(d-half)
}

// retryableStatus: 5xx only. 4xx means the request itself is wrong (or
// rate limited, which the provider's client decides how to handle).
func retryableStatus(code int) bool {
	return code >= 500 && code <= 599
}

// retryableError reports timeouts and connection failures; TLS and
// certificate failures, and malformed requests, are not worth a retry.
func retryableError(err error) bool {
	var (
		certErr    *tls.CertificateVerificationError
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		recordErr  tls.RecordHeaderError
		dnsErr     *net.DNSError
		netErr     net.Error
		opErr      *net.OpError
		invalidErr x509.CertificateInvalidError
	)
	switch {
	case errors.Is(err, context.Canceled):
		return false
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr),
		errors.As(err, &recordErr), errors.As(err, &invalidErr):
		return false
	case errors.As(err, &dnsErr):
		return dnsErr.IsTimeout || dnsErr.IsTemporary
	case errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.As(err, &netErr) && netErr.Timeout():
		return true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &opErr):
		return true
	}
	return false
}

// cancelBody releases the attempt's context when the body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

func errString(err error) any {
	if err == nil {
		return nil
	}
	return err.Error()
}
