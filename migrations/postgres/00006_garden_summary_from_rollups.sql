-- garden_summary reads the analytics rollups instead of every session: a
-- project's average visit time is the session rollup's "project" dimension
-- (each session counted once under each project it viewed). The rollup
-- state is reset so the next rollup run re-rolls the sessions still kept,
-- which gives them that dimension; rollups of pruned days are kept as they
-- are.

-- +goose Up
DROP MATERIALIZED VIEW garden_summary;
CREATE MATERIALIZED VIEW garden_summary AS
SELECT
    p.id,
    p.name,
    p.growth_stage,
    p.position_x,
    p.position_y,
    p.position_z,
    (SELECT COUNT(*) FROM project_growth_log pgl WHERE pgl.project_id = p.id) AS growth_events,
    (SELECT SUM(d.total_seconds)::DOUBLE PRECISION / NULLIF(SUM(d.sessions), 0)
       FROM analytics_sessions_daily d
      WHERE d.dim = 'project' AND d.value = p.id::text) AS avg_visit_time
FROM projects p
WHERE p.status IN ('active', 'featured');
CREATE UNIQUE INDEX idx_garden_summary_id ON garden_summary(id);
CREATE INDEX idx_sessions_daily_dim_value ON analytics_sessions_daily(dim, value);
DELETE FROM analytics_rollup_state;

-- +goose Down
DROP INDEX IF EXISTS idx_sessions_daily_dim_value;
DELETE FROM analytics_sessions_hourly WHERE dim = 'project';
DELETE FROM analytics_sessions_daily WHERE dim = 'project';
DROP MATERIALIZED VIEW garden_summary;
CREATE MATERIALIZED VIEW garden_summary AS
SELECT
    p.id,
    p.name,
    p.growth_stage,
    p.position_x,
    p.position_y,
    p.position_z,
    COUNT(DISTINCT pgl.id) AS growth_events,
    AVG(vs.total_time_seconds)::DOUBLE PRECISION AS avg_visit_time
FROM projects p
LEFT JOIN project_growth_log pgl ON p.id = pgl.project_id
LEFT JOIN visitor_sessions vs ON p.id = ANY(vs.projects_viewed)
WHERE p.status IN ('active', 'featured')
GROUP BY p.id, p.name, p.growth_stage, p.position_x, p.position_y, p.position_z;
CREATE UNIQUE INDEX idx_garden_summary_id ON garden_summary(id);
