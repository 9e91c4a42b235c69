-- github_commits: the commits the garden has seen with a date, so that
-- weather_states.github_commits_today counts commits authored or pushed
-- today and never a sync's deltas (a first sync brings the whole history).
-- A push webhook dates its commits by when they were pushed (the delivery);
-- a sync by the commit's own date (the later of author and committer). The
-- first sighting of a commit keeps its date.
--
-- sync_runs: the latest run of each provider's sync (queued, running,
-- succeeded, failed with its error) and its per-project results, for
-- GET /api/v1/integrations/github/sync.

-- +goose Up
CREATE TABLE github_commits (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    sha VARCHAR(64) NOT NULL,
    counted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, sha)
);
CREATE INDEX idx_github_commits_counted ON github_commits(counted_at);

CREATE TABLE sync_runs (
    provider VARCHAR(20) PRIMARY KEY,
    state VARCHAR(20) NOT NULL,
    job_id BIGINT,
    error TEXT,
    results TEXT,
    queued_at TIMESTAMP,
    started_at TIMESTAMP,
    finished_at TIMESTAMP
);

-- +goose Down
DROP TABLE IF EXISTS sync_runs;
DROP TABLE IF EXISTS github_commits;
