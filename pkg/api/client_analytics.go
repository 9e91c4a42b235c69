package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// AnalyticsDashboard reads every analytics figure of a range ("24h", "7d",
// "30d", "90d", "all" or "YYYY-MM-DD..YYYY-MM-DD"; "" is the server's
// default) with the previous period's (admin). The server may answer from
// its cache, up to cache.dashboard_ttl old (see GeneratedAt);
// RefreshAnalyticsDashboard asks for fresh figures.
func (c *Client) AnalyticsDashboard(ctx context.Context, dateRange string) (*AnalyticsDashboard, error) {
	return c.dashboard(ctx, dateRange, nil)
}

// RefreshAnalyticsDashboard is AnalyticsDashboard computed afresh by the
// server (Cache-Control: no-cache), which then caches that answer.
func (c *Client) RefreshAnalyticsDashboard(ctx context.Context, dateRange string) (*AnalyticsDashboard, error) {
	return c.dashboard(ctx, dateRange, http.Header{"Cache-Control": {"no-cache"}})
}

func (c *Client) dashboard(ctx context.Context, dateRange string, header http.Header) (*AnalyticsDashboard, error) {
	path := "/api/v1/analytics/dashboard"
	if dateRange != "" {
		path += "?" + url.Values{"date_range": {dateRange}}.Encode()
	}
	res, err := c.Do(ctx, http.MethodGet, path, nil, header)
	if err != nil {
		return nil, err
	}
	var out AnalyticsDashboard
	if err := json.Unmarshal(res.Body, &out); err != nil {
		return nil, fmt.Errorf("decode GET %s: %w", path, err)
	}
	return &out, nil
}

// RealtimeMetrics reads the live view: active visitors, the latest
// interactions and stage changes, and the server's request figures (admin).
func (c *Client) RealtimeMetrics(ctx context.Context) (*RealtimeMetrics, error) {
	return call[RealtimeMetrics](ctx, c, http.MethodGet, "/api/v1/analytics/realtime", nil)
}
