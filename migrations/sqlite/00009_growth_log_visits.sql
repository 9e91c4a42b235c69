-- The daily visits log (Service.LogDailyVisits): one project_growth_log row
-- per project and visited day carries that day's page views, interactions
-- and time spent. visits_day is the day (in analytics.timezone) the row
-- describes; the unique index makes the job idempotent. garden_summary's
-- growth_events counts growth, so it leaves those rows out (the refresh is
-- in internal/store/dialect.go).

-- +goose Up
ALTER TABLE project_growth_log ADD COLUMN visits_day DATE;
CREATE UNIQUE INDEX idx_growth_log_visits_day ON project_growth_log(project_id, visits_day) WHERE visits_day IS NOT NULL;

-- +goose Down
DELETE FROM project_growth_log WHERE visits_day IS NOT NULL;
DROP INDEX IF EXISTS idx_growth_log_visits_day;
ALTER TABLE project_growth_log DROP COLUMN visits_day;
