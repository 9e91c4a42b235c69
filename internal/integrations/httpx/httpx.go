// Package httpx is the small HTTP layer every third-party client of
// greenhouse goes through (GitHub, Spotify, WakaTime, the weather providers).
//
// It bounds each attempt with a timeout, retries with exponential backoff and
// jitter only what is worth retrying (timeouts, connection errors and 5xx
// responses, never a 4xx), stops after a maximum number of attempts, honours
// the caller's context, and never logs a secret: URLs and headers are
// redacted before they reach a log line or an error message.
package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"
)

// Defaults used when an Options field is zero.
const (
	DefaultTimeout     = 10 * time.Second
	DefaultMaxAttempts = 3
	DefaultBaseDelay   = 250 * time.Millisecond
	DefaultMaxDelay    = 5 * time.Second

	// snippetLimit bounds how much of an error body a StatusError keeps.
	snippetLimit = 512
)

// SleepFunc waits for d or until ctx is done, whichever comes first. It
// returns ctx.Err() when the context ended the wait.
type SleepFunc func(ctx context.Context, d time.Duration) error

// Options configure a Client. The zero value is usable.
type Options struct {
	// Name identifies the provider in log lines and errors ("github").
	Name string
	// Base is the underlying client whose Transport does the I/O (tests pass
	// httptest.Server.Client()). Its Timeout is ignored: Timeout applies per
	// attempt instead. Nil means a client over http.DefaultTransport.
	Base *http.Client
	// Timeout bounds one attempt, from sending the request to reading the
	// end of the response body. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxAttempts is the total number of attempts, the first included.
	// Zero means DefaultMaxAttempts; 1 disables retries.
	MaxAttempts int
	// BaseDelay is the backoff before the second attempt; it doubles for
	// each further attempt, up to MaxDelay.
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// Sleep waits between attempts; tests inject one that returns at once.
	Sleep SleepFunc
	// Jitter returns a random duration in [0, n). Nil means math/rand/v2.
	Jitter func(n time.Duration) time.Duration
	// Logger receives one debug line per attempt and a warning per retry.
	Logger *slog.Logger
}

// Client sends requests with the retry policy of its Options. It is safe for
// concurrent use.
type Client struct {
	name string
	std  *http.Client
	log  *slog.Logger
}

// New returns a Client. Zero fields of opts take their defaults.
func New(opts Options) *Client {
	if opts.Name == "" {
		opts.Name = "http"
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.BaseDelay <= 0 {
		opts.BaseDelay = DefaultBaseDelay
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = DefaultMaxDelay
	}
	if opts.MaxDelay < opts.BaseDelay {
		opts.MaxDelay = opts.BaseDelay
	}
	if opts.Sleep == nil {
		opts.Sleep = SleepContext
	}
	if opts.Jitter == nil {
		opts.Jitter = randomJitter
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	base := http.DefaultTransport
	std := &http.Client{}
	if opts.Base != nil {
		*std = *opts.Base
		if opts.Base.Transport != nil {
			base = opts.Base.Transport
		}
	}
	logger := opts.Logger.With("provider", opts.Name)
	std.Timeout = 0 // the transport bounds each attempt instead
	std.Transport = &retryTransport{
		base:        base,
		timeout:     opts.Timeout,
		maxAttempts: opts.MaxAttempts,
		baseDelay:   opts.BaseDelay,
		maxDelay:    opts.MaxDelay,
		sleep:       opts.Sleep,
		jitter:      opts.Jitter,
		log:         logger,
	}
	return &Client{name: opts.Name, std: std, log: logger}
}

// Name returns the provider name given in Options.
func (c *Client) Name() string { return c.name }

// StandardClient returns an *http.Client that applies the same policy, for
// libraries that want one (go-github). Its errors are not redacted by
// httpx; the caller must not put secrets in URLs it sends through it.
func (c *Client) StandardClient() *http.Client { return c.std }

// Do sends req with retries and returns the last response, whatever its
// status. req must carry its context (http.NewRequestWithContext). A
// transport error is returned with the URL redacted; callers prefix errors
// with their provider's name.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.std.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = RedactURLString(ue.URL)
		}
		return nil, err
	}
	return resp, nil
}

// Fetch sends req, turns any status outside 2xx into a *StatusError, and
// returns the body of a 2xx response (empty for 204). The response is
// returned too, for its status and headers; its body is already closed.
func (c *Client) Fetch(req *http.Request) (*http.Response, []byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if err := CheckStatus(resp, time.Now()); err != nil {
		return resp, nil, err
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp, nil, fmt.Errorf("read response of %s: %w", RedactURL(req.URL), err)
	}
	return resp, body, nil
}

// SleepContext waits for d or until ctx is done.
func SleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func randomJitter(n time.Duration) time.Duration {
	if n <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(n)))
}
