-- Every index of interactions that is not ordered by time cost the single
-- writer a page per batch for each project or session a batch touched:
-- idx_interactions_project and idx_interactions_session took 71 of the ~99
-- write-ahead-log pages of a 64-session batch (BenchmarkInteractionWALFrames),
-- and without them the one-core interaction rate rose by about 30%
-- (docs/architecture.md, "Interactions are appended"). What read them now
-- reads by time instead, from the session's start (Store.SessionInteractions,
-- Store.Analytics.SessionFacts), which idx_interactions_occurred serves.
--
-- The session foreign key goes with its index: without one, every deleted
-- session would scan the table for children. Pruning deletes a session's
-- interactions itself, first (Store.Analytics.PruneVisits). The project
-- foreign key stays: deleting a project, an owner's rare act, scans the
-- table once.
--
-- SQLite cannot drop a constraint, so the table is rebuilt.

-- +goose Up
CREATE TABLE interactions_appended (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    interaction_type VARCHAR(20) NOT NULL
        CHECK (interaction_type IN ('view','click','hover','like','share','open_demo','open_repo','dwell')),
    duration_seconds REAL NOT NULL DEFAULT 0 CHECK (duration_seconds >= 0),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    occurred_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO interactions_appended (id, session_id, project_id, interaction_type, duration_seconds, metadata, occurred_at)
SELECT id, session_id, project_id, interaction_type, duration_seconds, metadata, occurred_at FROM interactions ORDER BY occurred_at;
DROP TABLE interactions;
ALTER TABLE interactions_appended RENAME TO interactions;
CREATE INDEX idx_interactions_occurred ON interactions(occurred_at);

-- +goose Down
-- The foreign key comes back, so interactions whose session is gone (none
-- unless a session was deleted outside the domain) are dropped.
CREATE TABLE interactions_indexed (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES visitor_sessions(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    interaction_type VARCHAR(20) NOT NULL
        CHECK (interaction_type IN ('view','click','hover','like','share','open_demo','open_repo','dwell')),
    duration_seconds REAL NOT NULL DEFAULT 0 CHECK (duration_seconds >= 0),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    occurred_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO interactions_indexed (id, session_id, project_id, interaction_type, duration_seconds, metadata, occurred_at)
SELECT id, session_id, project_id, interaction_type, duration_seconds, metadata, occurred_at FROM interactions
WHERE session_id IN (SELECT id FROM visitor_sessions) ORDER BY occurred_at;
DROP TABLE interactions;
ALTER TABLE interactions_indexed RENAME TO interactions;
CREATE INDEX idx_interactions_occurred ON interactions(occurred_at);
CREATE INDEX idx_interactions_project ON interactions(project_id, occurred_at);
CREATE INDEX idx_interactions_session ON interactions(session_id);
