package github

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	gogithub "github.com/google/go-github/v93/github"

	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
)

// defaultSecondaryWait is assumed when GitHub signals a secondary rate limit
// without saying how long to wait (its documentation suggests a minute).
const defaultSecondaryWait = time.Minute

// RateLimitError says GitHub refused a request because a rate limit was hit:
// a 403 or 429 with X-RateLimit-Remaining: 0 (primary limit), or a 403/429
// with Retry-After or a secondary-rate-limit message.
type RateLimitError struct {
	// Reset is when requests are allowed again.
	Reset time.Time
	// Limit and Remaining are the X-RateLimit-* headers (0 when absent).
	Limit, Remaining int
	// Secondary is true for a secondary ("abuse") limit or a Retry-After.
	Secondary bool
	Status    int
	Message   string
}

func (e *RateLimitError) Error() string {
	kind := "rate limit"
	if e.Secondary {
		kind = "secondary rate limit"
	}
	msg := fmt.Sprintf("github: %s exceeded (status %d); requests allowed again at %s",
		kind, e.Status, e.Reset.UTC().Format(time.RFC3339))
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// WaitOrStop decides what to do after err.
//
//   - err is nil: (0, nil), carry on.
//   - err is a *RateLimitError whose Reset is at most maxWait after now:
//     (time until Reset, nil): wait that long, then retry.
//   - err is a *RateLimitError further away: (0, an error that says when the
//     limit resets and that waiting was refused): stop.
//   - any other error: (0, err): stop, the error is not a rate limit.
func WaitOrStop(err error, now time.Time, maxWait time.Duration) (time.Duration, error) {
	if err == nil {
		return 0, nil
	}
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		return 0, err
	}
	wait := max(rl.Reset.Sub(now), 0)
	if wait <= maxWait {
		return wait, nil
	}
	return 0, fmt.Errorf("github: stopping: the rate limit resets at %s, in %s, beyond the %s we may wait: %w",
		rl.Reset.UTC().Format(time.RFC3339), wait.Round(time.Second), maxWait, err)
}

// wrap turns go-github's errors into this package's: rate limits into
// *RateLimitError, 404 into ErrNotFound, anything else with the operation
// named.
func (c *Client) wrap(op string, resp *gogithub.Response, err error) error {
	now := c.now()
	var (
		primary *gogithub.RateLimitError
		abuse   *gogithub.AbuseRateLimitError
	)
	switch {
	case errors.As(err, &primary):
		e := &RateLimitError{
			Reset:     primary.Rate.Reset.Time,
			Limit:     primary.Rate.Limit,
			Remaining: primary.Rate.Remaining,
			Status:    statusOf(primary.Response),
			Message:   primary.Message,
		}
		if ra := retryAfter(primary.Response, now); ra > 0 && now.Add(ra).After(e.Reset) {
			e.Reset = now.Add(ra)
		}
		if e.Reset.IsZero() {
			e.Reset = now.Add(defaultSecondaryWait)
		}
		return e
	case errors.As(err, &abuse):
		wait := abuse.GetRetryAfter()
		if wait <= 0 {
			wait = defaultSecondaryWait
		}
		return &RateLimitError{Reset: now.Add(wait), Secondary: true, Status: statusOf(abuse.Response), Message: abuse.Message}
	}
	if resp != nil && resp.Response != nil {
		switch code := resp.StatusCode; {
		case code == http.StatusTooManyRequests || (code == http.StatusForbidden && resp.Header.Get("Retry-After") != ""):
			e := &RateLimitError{Secondary: true, Status: code, Message: message(err)}
			e.Limit, _ = strconv.Atoi(resp.Header.Get("X-RateLimit-Limit"))
			e.Remaining, _ = strconv.Atoi(resp.Header.Get("X-RateLimit-Remaining"))
			switch ra := retryAfter(resp.Response, now); {
			case ra > 0:
				e.Reset = now.Add(ra)
			case resp.Rate.Reset.After(now):
				e.Reset = resp.Rate.Reset.Time
			default:
				e.Reset = now.Add(defaultSecondaryWait)
			}
			return e
		case code == http.StatusNotFound:
			return fmt.Errorf("%w: %s", ErrNotFound, op)
		}
	}
	return fmt.Errorf("github: %s: %w", op, err)
}

func retryAfter(resp *http.Response, now time.Time) time.Duration {
	if resp == nil {
		return 0
	}
	return httpx.ParseRetryAfter(resp.Header, now)
}

func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

func message(err error) string {
	var er *gogithub.ErrorResponse
	if errors.As(err, &er) {
		return er.Message
	}
	return ""
}
