-- The hourly session totals (dim = '') of a range are one row per hour, but
-- PostgreSQL's heap keeps each beside the dimensions rolled up with it: a
-- 90-day range touched 2 136 heap pages for 2 136 rows (32 ms warm, 45-70
-- ms in a new connection). This partial covering index holds them densely,
-- so the range is an index-only scan of about 30 pages (1.3 ms). SQLite's
-- rollup table is WITHOUT ROWID, clustered by (dim, hour, value) already.

--
-- The same holds for the interaction types of a range (1 344 rows on 858
-- pages for 24 hours) and for the visitors of a partial day counted from
-- the sessions: the covering indexes below make both index-only. Pages
-- matter twice on PostgreSQL: each new connection also faults in every
-- shared buffer it touches for the first time, 17-19 ms for those two reads
-- in the first dashboard after a start.

-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_sessions_hourly_totals ON analytics_sessions_hourly (hour)
  INCLUDE (dim, value, sessions, bounces, total_seconds, projects, interactions, visitors) WHERE dim = '';
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_interactions_hourly_types ON analytics_interactions_hourly (hour)
  INCLUDE (interaction_type, interactions, dwell_seconds);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_visitor_sessions_started_hash ON visitor_sessions (started_at) INCLUDE (ip_hash);
DROP INDEX CONCURRENTLY IF EXISTS idx_visitor_sessions_started;

-- +goose Down
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_visitor_sessions_started ON visitor_sessions (started_at);
DROP INDEX CONCURRENTLY IF EXISTS idx_visitor_sessions_started_hash;
DROP INDEX CONCURRENTLY IF EXISTS idx_interactions_hourly_types;
DROP INDEX CONCURRENTLY IF EXISTS idx_sessions_hourly_totals;
