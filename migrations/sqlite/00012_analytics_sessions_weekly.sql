-- The daily session dimensions summed again per week (7-day blocks from the
-- Unix epoch, so a week is day - day % 604800), rebuilt with the days a
-- rollup run touches. A 90-day range otherwise sums about 55 000 daily rows
-- at a million visits (journeys are most of them); with weeks it reads 12
-- weeks and the days at its edges (docs/analytics.md).

-- +goose Up
CREATE TABLE analytics_sessions_weekly (
    week BIGINT NOT NULL,
    dim VARCHAR(20) NOT NULL,
    value TEXT NOT NULL,
    sessions BIGINT NOT NULL DEFAULT 0,
    bounces BIGINT NOT NULL DEFAULT 0,
    total_seconds BIGINT NOT NULL DEFAULT 0,
    projects BIGINT NOT NULL DEFAULT 0,
    interactions BIGINT NOT NULL DEFAULT 0,
    visitors BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (week, dim, value)
) WITHOUT ROWID;
INSERT INTO analytics_sessions_weekly (week, dim, value, sessions, bounces, total_seconds, projects, interactions, visitors)
SELECT (day / 604800) * 604800, dim, value, SUM(sessions), SUM(bounces), SUM(total_seconds),
  SUM(projects), SUM(interactions), SUM(visitors)
FROM analytics_sessions_daily
GROUP BY (day / 604800) * 604800, dim, value;

-- +goose Down
DROP TABLE IF EXISTS analytics_sessions_weekly;
