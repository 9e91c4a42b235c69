-- The visitors of a partial hour the rollups do not cover yet are counted
-- against the hashes seen earlier that UTC day
-- (Store.Analytics.EarlierVisitorHashes): with this index each hash is one
-- index probe instead of a read of every session of the day
-- (docs/analytics.md).

-- +goose Up
CREATE INDEX IF NOT EXISTS idx_visitor_sessions_ip_started ON visitor_sessions (ip_hash, started_at);

-- +goose Down
DROP INDEX IF EXISTS idx_visitor_sessions_ip_started;
