-- The daily visits log (Service.LogDailyVisits): one project_growth_log row
-- per project and visited day carries that day's page views, interactions
-- and time spent. visits_day is the day (in analytics.timezone) the row
-- describes; the unique index makes the job idempotent. garden_summary's
-- growth_events counts growth, so it leaves those rows out.

-- +goose Up
ALTER TABLE project_growth_log ADD COLUMN visits_day DATE;
CREATE UNIQUE INDEX idx_growth_log_visits_day ON project_growth_log(project_id, visits_day) WHERE visits_day IS NOT NULL;
DROP MATERIALIZED VIEW garden_summary;
CREATE MATERIALIZED VIEW garden_summary AS
SELECT
    p.id,
    p.name,
    p.growth_stage,
    p.position_x,
    p.position_y,
    p.position_z,
    (SELECT COUNT(*) FROM project_growth_log pgl WHERE pgl.project_id = p.id AND pgl.visits_day IS NULL) AS growth_events,
    (SELECT SUM(d.total_seconds)::DOUBLE PRECISION / NULLIF(SUM(d.sessions), 0)
       FROM analytics_sessions_daily d
      WHERE d.dim = 'project' AND d.value = p.id::text) AS avg_visit_time
FROM projects p
WHERE p.status IN ('active', 'featured');
CREATE UNIQUE INDEX idx_garden_summary_id ON garden_summary(id);

-- +goose Down
DROP MATERIALIZED VIEW garden_summary;
DELETE FROM project_growth_log WHERE visits_day IS NOT NULL;
DROP INDEX IF EXISTS idx_growth_log_visits_day;
ALTER TABLE project_growth_log DROP COLUMN visits_day;
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
