-- The visitors of a partial hour the rollups do not cover yet are counted
-- against the hashes seen earlier that UTC day
-- (Store.Analytics.EarlierVisitorHashes). Without this index that read
-- fetched every session of the day from the heap: about 11 000 rows in as
-- many pages at a million sessions over 90 days, 100-350 ms per call and
-- several calls per dashboard. With it, each hash of the partial hour is one
-- index-only probe (212 ms -> 9 ms for one call, docs/analytics.md).
-- CONCURRENTLY keeps a large garden writable while it builds.

-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_visitor_sessions_ip_started ON visitor_sessions (ip_hash, started_at);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS idx_visitor_sessions_ip_started;
