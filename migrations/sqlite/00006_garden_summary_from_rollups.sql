-- garden_summary reads the analytics rollups instead of every session (the
-- refresh is in internal/store/dialect.go): a project's average visit time
-- is the session rollup's "project" dimension. The rollup state is reset so
-- the next rollup run re-rolls the sessions still kept, which gives them
-- that dimension; rollups of pruned days are kept as they are.

-- +goose Up
CREATE INDEX idx_sessions_daily_dim_value ON analytics_sessions_daily(dim, value);
DELETE FROM analytics_rollup_state;

-- +goose Down
DROP INDEX IF EXISTS idx_sessions_daily_dim_value;
DELETE FROM analytics_sessions_hourly WHERE dim = 'project';
DELETE FROM analytics_sessions_daily WHERE dim = 'project';
