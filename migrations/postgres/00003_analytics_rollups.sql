-- Analytics rollups (docs/analytics.md). Hours are Unix seconds at the start
-- of a UTC hour, so the tables do not depend on any time zone: the dashboard
-- groups hours into local days itself.

-- +goose Up
-- Interactions per UTC hour, project and type.
CREATE TABLE analytics_interactions_hourly (
    hour BIGINT NOT NULL,
    project_id UUID NOT NULL,
    interaction_type VARCHAR(20) NOT NULL,
    interactions BIGINT NOT NULL DEFAULT 0,
    dwell_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, project_id, interaction_type)
);

-- Sessions per UTC hour of their start, per dimension value. dim '' (value '')
-- holds the totals; the others are device, browser, resolution, country,
-- entry, exit, journey and duration (a histogram of total_time_seconds).
CREATE TABLE analytics_sessions_hourly (
    hour BIGINT NOT NULL,
    dim VARCHAR(20) NOT NULL,
    value TEXT NOT NULL,
    sessions BIGINT NOT NULL DEFAULT 0,
    bounces BIGINT NOT NULL DEFAULT 0,
    total_seconds BIGINT NOT NULL DEFAULT 0,
    projects BIGINT NOT NULL DEFAULT 0,
    interactions BIGINT NOT NULL DEFAULT 0,
    visitors BIGINT NOT NULL DEFAULT 0,
    -- dim first: the totals of a range of hours are one seek.
    PRIMARY KEY (dim, hour, value)
);

-- The same dimensions (not the totals) summed per UTC day, rebuilt from the
-- hourly rows of every day a rollup run touches: a long range reads days,
-- and hours only at its edges. day is Unix seconds at UTC midnight.
CREATE TABLE analytics_sessions_daily (
    day BIGINT NOT NULL,
    dim VARCHAR(20) NOT NULL,
    value TEXT NOT NULL,
    sessions BIGINT NOT NULL DEFAULT 0,
    bounces BIGINT NOT NULL DEFAULT 0,
    total_seconds BIGINT NOT NULL DEFAULT 0,
    projects BIGINT NOT NULL DEFAULT 0,
    interactions BIGINT NOT NULL DEFAULT 0,
    visitors BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, dim, value)
);

-- Open sessions (not ended yet) may still change: the rollup re-reads them.
CREATE INDEX idx_visitor_sessions_open ON visitor_sessions(started_at) WHERE ended_at IS NULL;

-- How far the rollups have been brought up to date: 'rollup' is when the
-- last run started, 'open' the start of the oldest session still open then.
CREATE TABLE analytics_rollup_state (
    name VARCHAR(50) PRIMARY KEY,
    watermark TIMESTAMPTZ NOT NULL
);

-- Request statistics per minute, route and method, added up by every replica.
-- b0..b13 count requests per latency bucket (upper bounds in
-- domain.LatencyBucketsMillis; b13 is everything slower).
CREATE TABLE request_stats (
    minute BIGINT NOT NULL,
    route VARCHAR(200) NOT NULL,
    method VARCHAR(10) NOT NULL,
    requests BIGINT NOT NULL DEFAULT 0,
    errors BIGINT NOT NULL DEFAULT 0,
    total_ms DOUBLE PRECISION NOT NULL DEFAULT 0,
    b0 BIGINT NOT NULL DEFAULT 0,
    b1 BIGINT NOT NULL DEFAULT 0,
    b2 BIGINT NOT NULL DEFAULT 0,
    b3 BIGINT NOT NULL DEFAULT 0,
    b4 BIGINT NOT NULL DEFAULT 0,
    b5 BIGINT NOT NULL DEFAULT 0,
    b6 BIGINT NOT NULL DEFAULT 0,
    b7 BIGINT NOT NULL DEFAULT 0,
    b8 BIGINT NOT NULL DEFAULT 0,
    b9 BIGINT NOT NULL DEFAULT 0,
    b10 BIGINT NOT NULL DEFAULT 0,
    b11 BIGINT NOT NULL DEFAULT 0,
    b12 BIGINT NOT NULL DEFAULT 0,
    b13 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (minute, route, method)
);

-- +goose Down
DROP TABLE IF EXISTS request_stats;
DROP TABLE IF EXISTS analytics_rollup_state;
DROP INDEX IF EXISTS idx_visitor_sessions_open;
DROP TABLE IF EXISTS analytics_sessions_daily;
DROP TABLE IF EXISTS analytics_sessions_hourly;
DROP TABLE IF EXISTS analytics_interactions_hourly;
