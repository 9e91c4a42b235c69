// Package spotify reads what the owner is listening to from the Spotify Web
// API (currently playing, recently played, artists) and derives a music mood
// for the garden's weather.
//
// Authentication is the OAuth refresh-token flow: the owner authorises the
// app once, and greenhouse keeps the refresh token; access tokens are
// fetched from the accounts service, cached until shortly before they
// expire, and refreshed once when the API answers 401.
package spotify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
)

// Default endpoints.
const (
	DefaultAPIURL      = "https://api.spotify.com/v1/"
	DefaultAccountsURL = "https://accounts.spotify.com/"
)

// tokenSkew is how long before its stated expiry an access token is
// considered expired, so that a request never starts with a dying token.
const tokenSkew = time.Minute

// ErrNotConfigured is returned by every call when the client id, secret or
// refresh token is missing.
var ErrNotConfigured = errors.New("spotify: not configured (client id, client secret and refresh token are required)")

// Options configure a Client.
type Options struct {
	ClientID     string
	ClientSecret string // never logged
	RefreshToken string // never logged
	APIURL       string // DefaultAPIURL when empty
	AccountsURL  string // DefaultAccountsURL when empty; the token is POSTed to AccountsURL + "api/token"
	// HTTPClient carries the timeout and retry policy; nil means
	// httpx.New(httpx.Options{Name: "spotify", Logger: Logger}).
	HTTPClient *httpx.Client
	Logger     *slog.Logger
	Now        func() time.Time // nil means time.Now
}

// Client calls the Spotify Web API on behalf of one user. It is safe for
// concurrent use.
type Client struct {
	opts Options
	http *httpx.Client
	log  *slog.Logger
	now  func() time.Time

	mu           sync.Mutex
	accessToken  string
	expiresAt    time.Time
	refreshToken string
}

// New returns a Client; it makes no request until one is needed.
func New(opts Options) *Client {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = httpx.New(httpx.Options{Name: "spotify", Logger: opts.Logger})
	}
	opts.APIURL = withSlash(opts.APIURL, DefaultAPIURL)
	opts.AccountsURL = withSlash(opts.AccountsURL, DefaultAccountsURL)
	return &Client{
		opts:         opts,
		http:         opts.HTTPClient,
		log:          opts.Logger.With("provider", "spotify"),
		now:          opts.Now,
		refreshToken: opts.RefreshToken,
	}
}

// Configured reports whether the client has what the refresh-token flow
// needs.
func (c *Client) Configured() bool {
	return c.opts.ClientID != "" && c.opts.ClientSecret != "" && c.opts.RefreshToken != ""
}

type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
}

// token returns a cached access token, refreshing it when it is missing,
// about to expire, or equal to stale (the one the API just refused).
func (c *Client) token(ctx context.Context, stale string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.accessToken != "" && c.accessToken != stale && c.now().Before(c.expiresAt) {
		return c.accessToken, nil
	}
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {c.refreshToken}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.opts.AccountsURL+"api/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("spotify: refresh access token: %w", err)
	}
	req.SetBasicAuth(c.opts.ClientID, c.opts.ClientSecret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_, body, err := c.http.Fetch(req)
	if err != nil {
		return "", fmt.Errorf("spotify: refresh access token: %w", err)
	}
	var tr tokenResponse
	if err := json.Unmarshal(body, &tr); err != nil {
		return "", fmt.Errorf("spotify: refresh access token: decode: %w", err)
	}
	if tr.AccessToken == "" {
		return "", errors.New("spotify: refresh access token: the response has no access_token")
	}
	lifetime := time.Duration(tr.ExpiresIn) * time.Second
	if lifetime <= 0 {
		lifetime = time.Hour // Spotify's documented lifetime
	}
	c.accessToken = tr.AccessToken
	c.expiresAt = c.now().Add(lifetime - min(tokenSkew, lifetime/2))
	if tr.RefreshToken != "" && tr.RefreshToken != c.refreshToken {
		// Spotify may rotate the refresh token; keep the new one in memory.
		c.refreshToken = tr.RefreshToken
		c.log.InfoContext(ctx, "spotify rotated the refresh token; the new one is kept in memory only")
	}
	c.log.DebugContext(ctx, "spotify access token refreshed", "expires_in", lifetime)
	return c.accessToken, nil
}

// get calls the API at path (relative to APIURL) and decodes a 200 body
// into out. A 401 refreshes the access token once and retries once. It
// returns the final status, so that callers can tell 204 apart.
func (c *Client) get(ctx context.Context, path string, query url.Values, out any) (int, error) {
	if !c.Configured() {
		return 0, ErrNotConfigured
	}
	u := c.opts.APIURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	stale := ""
	for attempt := 1; ; attempt++ {
		tok, err := c.token(ctx, stale)
		if err != nil {
			return 0, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return 0, fmt.Errorf("spotify: %s: %w", path, err)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Accept", "application/json")
		resp, err := c.http.Do(req)
		if err != nil {
			return 0, fmt.Errorf("spotify: %s: %w", path, err)
		}
		status, err := c.read(resp, out)
		if status == http.StatusUnauthorized && attempt == 1 {
			c.log.DebugContext(ctx, "spotify refused the access token; refreshing once", "path", path)
			stale = tok
			continue
		}
		if err != nil {
			return status, fmt.Errorf("spotify: %s: %w", path, err)
		}
		return status, nil
	}
}

func (c *Client) read(resp *http.Response, out any) (int, error) {
	defer resp.Body.Close()
	if err := httpx.CheckStatus(resp, c.now()); err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode == http.StatusNoContent || out == nil {
		return resp.StatusCode, nil
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, fmt.Errorf("read body: %w", err)
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		// Spotify has been seen to answer 200 with an empty body where it
		// documents 204.
		return http.StatusNoContent, nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return resp.StatusCode, fmt.Errorf("decode: %w", err)
	}
	return resp.StatusCode, nil
}

func withSlash(u, def string) string {
	if u == "" {
		u = def
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}
