package api

import (
	"context"
	"net/http"
	"net/url"
)

// AnalyticsDashboard reads every analytics figure of a range ("24h", "7d",
// "30d", "90d", "all" or "YYYY-MM-DD..YYYY-MM-DD"; "" is the server's
// default) with the previous period's (admin).
func (c *Client) AnalyticsDashboard(ctx context.Context, dateRange string) (*AnalyticsDashboard, error) {
	path := "/api/v1/analytics/dashboard"
	if dateRange != "" {
		path += "?" + url.Values{"date_range": {dateRange}}.Encode()
	}
	return call[AnalyticsDashboard](ctx, c, http.MethodGet, path, nil)
}

// RealtimeMetrics reads the live view: active visitors, the latest
// interactions and stage changes, and the server's request figures (admin).
func (c *Client) RealtimeMetrics(ctx context.Context) (*RealtimeMetrics, error) {
	return call[RealtimeMetrics](ctx, c, http.MethodGet, "/api/v1/analytics/realtime", nil)
}
