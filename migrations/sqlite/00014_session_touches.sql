-- An interaction used to fold into its visitor session's row (projects
-- viewed, time per project, journey, clicks) inside its own transaction: on
-- one core that fold was 16% of serve's CPU and the session rows a quarter
-- of each batch's WAL frames, rewritten once per interaction. Now the batch
-- appends each fold to this queue (a row at the end of a small table) and
-- the interaction writer folds the queue into the sessions, each about
-- once a second with one write however many interactions it had
-- (domain/session_folds.go). Reads that must be
-- exact fold their session first. It is crash-safe: a touch is committed
-- with its interaction and leaves the queue in the transaction that folds
-- it. No foreign key: a session pruned or erased before its fold simply
-- drops its touches.

-- +goose Up
CREATE TABLE session_touches (
    seq INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    area TEXT NOT NULL,
    duration_seconds REAL NOT NULL,
    click INTEGER NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    total_time_seconds INTEGER NOT NULL
);
CREATE INDEX idx_session_touches_session ON session_touches(session_id);

-- +goose Down
DROP TABLE IF EXISTS session_touches;
