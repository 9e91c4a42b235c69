-- Every index of interactions that is not ordered by time cost each batch
-- a page for each project or session it touched: idx_interactions_project
-- and idx_interactions_session. What read them now reads by time instead,
-- from the session's start (Store.SessionInteractions,
-- Store.Analytics.SessionFacts), which idx_interactions_occurred serves;
-- docs/architecture.md, "Interactions are appended", has the measurements.
--
-- The session foreign key goes with its index: without one, every deleted
-- session would scan the table for children. Pruning deletes a session's
-- interactions itself, first (Store.Analytics.PruneVisits). The project
-- foreign key stays: deleting a project, an owner's rare act, scans the
-- table once. CONCURRENTLY keeps a large garden writable meanwhile.

-- +goose NO TRANSACTION
-- +goose Up
ALTER TABLE interactions DROP CONSTRAINT IF EXISTS interactions_session_id_fkey;
DROP INDEX CONCURRENTLY IF EXISTS idx_interactions_session;
DROP INDEX CONCURRENTLY IF EXISTS idx_interactions_project;

-- +goose Down
-- The foreign key comes back, so interactions whose session is gone (none
-- unless a session was deleted outside the domain) are dropped.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_interactions_project ON interactions(project_id, occurred_at);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_interactions_session ON interactions(session_id);
DELETE FROM interactions i WHERE NOT EXISTS (SELECT 1 FROM visitor_sessions s WHERE s.id = i.session_id);
ALTER TABLE interactions ADD CONSTRAINT interactions_session_id_fkey
    FOREIGN KEY (session_id) REFERENCES visitor_sessions(id) ON DELETE CASCADE;
