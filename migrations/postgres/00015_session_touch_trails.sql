-- A queued session touch becomes what one batch's interactions change in
-- one session (domain.SessionTouch): the trail they leave (projects, time
-- per project, journey steps, as JSON text, which nothing queries inside),
-- their clicks and the last one's time. A visitor's burst, or a script
-- sharing a session, then queues a row per batch instead of one per
-- interaction. Touches queued in 00014's form are carried over.

-- +goose Up
CREATE TABLE session_touch_trails (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id UUID NOT NULL,
    trail TEXT NOT NULL,
    clicks INTEGER NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    total_time_seconds INTEGER NOT NULL
);
INSERT INTO session_touch_trails (session_id, trail, clicks, occurred_at, total_time_seconds)
SELECT session_id,
  json_build_object('projects', json_build_array(project_id),
    'spent', CASE WHEN duration_seconds > 0 THEN json_build_object(project_id::text, duration_seconds) ELSE '{}'::json END,
    'journey', json_build_array(area))::text,
  CASE WHEN click THEN 1 ELSE 0 END, occurred_at, total_time_seconds
FROM session_touches ORDER BY seq;
DROP TABLE session_touches;
ALTER TABLE session_touch_trails RENAME TO session_touches;
CREATE INDEX idx_session_touches_session ON session_touches(session_id);

-- +goose Down
-- 00014 queued a row per interaction. Going back keeps a row per queued
-- trail, for its latest step (with its clicks as one, its dwell time summed):
-- stop serve first, it folds the whole queue when it stops.
CREATE TABLE session_touches_v14 (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id UUID NOT NULL,
    project_id UUID NOT NULL,
    area TEXT NOT NULL,
    duration_seconds DOUBLE PRECISION NOT NULL,
    click BOOLEAN NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    total_time_seconds INTEGER NOT NULL
);
INSERT INTO session_touches_v14 (session_id, project_id, area, duration_seconds, click, occurred_at, total_time_seconds)
SELECT session_id, substr(trail::json->'journey'->>-1, 9)::uuid, trail::json->'journey'->>-1,
  COALESCE((SELECT SUM(value::float8) FROM json_each_text(trail::json->'spent')), 0), clicks > 0,
  occurred_at, total_time_seconds
FROM session_touches ORDER BY seq;
DROP TABLE session_touches;
ALTER TABLE session_touches_v14 RENAME TO session_touches;
CREATE INDEX idx_session_touches_session ON session_touches(session_id);
