-- The session fold queue's index by session (00014, 00015) cost every
-- batch a leaf for each session it touched: 10-30 of the ~45 write-ahead-log
-- frames of a 64-session batch (a WAL dump under the one-core load). serve
-- now folds the touches its batches queued on every tick, from what it holds
-- (domain.InteractionBatcher.foldQueued), so the queue holds about a tick's
-- touches, and what looked one session's touches up by the index (a read
-- of the session, another process's touches folded first) scans those
-- instead. Measured: docs/architecture.md, Session folds.
--
-- PostgreSQL keeps its index: there the queue's deleted rows stay in the
-- table as dead tuples until vacuum, and a scan would walk them all.

-- +goose Up
DROP INDEX idx_session_touches_session;

-- +goose Down
CREATE INDEX idx_session_touches_session ON session_touches(session_id);
