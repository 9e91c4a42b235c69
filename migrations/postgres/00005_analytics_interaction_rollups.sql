-- Narrower interaction rollups (docs/analytics.md), so a long dashboard
-- reads a few thousand rollup rows, not one per hour, project and type:
-- analytics_projects_hourly drops the type (the series, the heatmap and the
-- projects' totals only need hour and project), analytics_interactions_daily
-- drops the hour (the types of whole UTC days). Both are rebuilt from
-- analytics_interactions_hourly by every rollup run that touches their hours.

-- +goose Up
CREATE TABLE analytics_projects_hourly (
    hour BIGINT NOT NULL,
    project_id UUID NOT NULL,
    interactions BIGINT NOT NULL DEFAULT 0,
    dwell_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, project_id)
);

-- day is Unix seconds at UTC midnight.
CREATE TABLE analytics_interactions_daily (
    day BIGINT NOT NULL,
    project_id UUID NOT NULL,
    interaction_type VARCHAR(20) NOT NULL,
    interactions BIGINT NOT NULL DEFAULT 0,
    dwell_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (day, project_id, interaction_type)
);

-- Existing rollups carry over, so the dashboard of a pruned range keeps its numbers.
INSERT INTO analytics_projects_hourly (hour, project_id, interactions, dwell_seconds)
SELECT hour, project_id, SUM(interactions), SUM(dwell_seconds)
FROM analytics_interactions_hourly GROUP BY hour, project_id;

INSERT INTO analytics_interactions_daily (day, project_id, interaction_type, interactions, dwell_seconds)
SELECT (hour / 86400) * 86400, project_id, interaction_type, SUM(interactions), SUM(dwell_seconds)
FROM analytics_interactions_hourly GROUP BY (hour / 86400) * 86400, project_id, interaction_type;

-- +goose Down
DROP TABLE IF EXISTS analytics_interactions_daily;
DROP TABLE IF EXISTS analytics_projects_hourly;
