// Package wakatime reads today's coding activity from the WakaTime API, for
// the garden's weather (coding_hours_today).
package wakatime

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
)

// DefaultBaseURL is WakaTime's API root.
const DefaultBaseURL = "https://wakatime.com/api/v1/"

// TodayPath is the endpoint Today calls, relative to the base URL, as named
// in WakaTime's documentation (wakatime-cli calls the equivalent
// "users/current/statusbar/today").
const TodayPath = "users/current/status_bar/today"

// ErrPending is returned when WakaTime answers 202 Accepted: today's stats
// are still being computed. Ask again in a minute.
var ErrPending = errors.New("wakatime: today's stats are still being computed")

// ErrNotConfigured is returned when no API key is set.
var ErrNotConfigured = errors.New("wakatime: not configured (api key is required)")

// RateLimitError is a 429 from WakaTime.
type RateLimitError struct {
	RetryAfter time.Duration // zero when WakaTime did not say
}

func (e *RateLimitError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("wakatime: rate limited; retry after %s", e.RetryAfter)
	}
	return "wakatime: rate limited"
}

// Options configure a Client.
type Options struct {
	APIKey  string // never logged
	BaseURL string // DefaultBaseURL when empty
	// HTTPClient carries the timeout and retry policy; nil means
	// httpx.New(httpx.Options{Name: "wakatime", Logger: Logger}).
	HTTPClient *httpx.Client
	Logger     *slog.Logger
}

// Client calls the WakaTime API for the key's owner.
type Client struct {
	opts Options
	http *httpx.Client
}

// New returns a Client.
func New(opts Options) *Client {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = httpx.New(httpx.Options{Name: "wakatime", Logger: opts.Logger})
	}
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultBaseURL
	}
	if !strings.HasSuffix(opts.BaseURL, "/") {
		opts.BaseURL += "/"
	}
	return &Client{opts: opts, http: opts.HTTPClient}
}

// Configured reports whether an API key is set.
func (c *Client) Configured() bool { return c.opts.APIKey != "" }

// Stat is time spent on one language, project, editor or category.
type Stat struct {
	Name         string
	TotalSeconds float64
	Percent      float64
}

// Today is the day's coding activity in the user's WakaTime time zone.
type Today struct {
	TotalSeconds float64
	Hours        float64 // TotalSeconds / 3600
	Text         string  // WakaTime's own rendering, e.g. "2 hrs 17 mins"
	Date         string  // YYYY-MM-DD in Timezone
	Timezone     string
	Start, End   time.Time // the day's bounds, UTC
	Languages    []Stat    // most time first, as WakaTime sorts them
	Projects     []Stat
	Editors      []Stat
	Categories   []Stat
}

type statJSON struct {
	Name         string  `json:"name"`
	TotalSeconds float64 `json:"total_seconds"`
	Percent      float64 `json:"percent"`
}

type todayJSON struct {
	Data struct {
		GrandTotal struct {
			TotalSeconds float64 `json:"total_seconds"`
			Text         string  `json:"text"`
		} `json:"grand_total"`
		Range struct {
			Date     string `json:"date"`
			Start    string `json:"start"`
			End      string `json:"end"`
			Timezone string `json:"timezone"`
		} `json:"range"`
		Languages  []statJSON `json:"languages"`
		Projects   []statJSON `json:"projects"`
		Editors    []statJSON `json:"editors"`
		Categories []statJSON `json:"categories"`
	} `json:"data"`
}

// Today returns today's totals from users/current/status_bar/today. It
// returns ErrPending on 202 and a *RateLimitError on 429; other failures
// carry an *httpx.StatusError.
func (c *Client) Today(ctx context.Context) (*Today, error) {
	if !c.Configured() {
		return nil, ErrNotConfigured
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.opts.BaseURL+TodayPath, nil)
	if err != nil {
		return nil, fmt.Errorf("wakatime: today: %w", err)
	}
	// WakaTime's HTTP Basic scheme is the base64 of the API key alone (no
	// "user:" part), as its API docs and wakatime-cli do.
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.opts.APIKey)))
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("wakatime: today: %w", err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusAccepted:
		return nil, ErrPending
	case http.StatusTooManyRequests:
		return nil, &RateLimitError{RetryAfter: httpx.ParseRetryAfter(resp.Header, time.Now())}
	}
	if err := httpx.CheckStatus(resp, time.Now()); err != nil {
		return nil, fmt.Errorf("wakatime: today: %w", err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("wakatime: today: read: %w", err)
	}
	var raw todayJSON
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("wakatime: today: decode: %w", err)
	}
	d := raw.Data
	t := &Today{
		TotalSeconds: d.GrandTotal.TotalSeconds,
		Hours:        d.GrandTotal.TotalSeconds / 3600,
		Text:         d.GrandTotal.Text,
		Date:         d.Range.Date,
		Timezone:     d.Range.Timezone,
		Start:        parseTime(d.Range.Start),
		End:          parseTime(d.Range.End),
		Languages:    stats(d.Languages),
		Projects:     stats(d.Projects),
		Editors:      stats(d.Editors),
		Categories:   stats(d.Categories),
	}
	return t, nil
}

func stats(in []statJSON) []Stat {
	out := make([]Stat, 0, len(in))
	for _, s := range in {
		out = append(out, Stat(s))
	}
	return out
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}
