-- An interaction used to fold into its visitor session's row (projects
-- viewed, time per project, journey, clicks) inside its own transaction,
-- locking the row and rewriting it once per interaction. Now the batch
-- appends each fold to this queue and the interaction writer folds the
-- queue into the sessions, each about once a second with one write however
-- many interactions it had (domain/session_folds.go; serialised across
-- replicas by an advisory lock). Reads that must be exact fold their session first. It is
-- crash-safe: a touch is committed with its interaction and leaves the
-- queue in the transaction that folds it. No foreign key: a session pruned
-- before its fold simply drops its touches.

-- +goose Up
CREATE TABLE session_touches (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id UUID NOT NULL,
    project_id UUID NOT NULL,
    area TEXT NOT NULL,
    duration_seconds DOUBLE PRECISION NOT NULL,
    click BOOLEAN NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    total_time_seconds INTEGER NOT NULL
);
CREATE INDEX idx_session_touches_session ON session_touches(session_id);

-- +goose Down
DROP TABLE IF EXISTS session_touches;
