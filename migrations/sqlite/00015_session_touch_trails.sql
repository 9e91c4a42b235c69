-- A queued session touch becomes what one batch's interactions change in
-- one session (domain.SessionTouch): the trail they leave (projects, time
-- per project, journey steps, as JSON), their clicks and the last one's
-- time. A visitor's burst, or a script sharing a session, then queues a row
-- per batch instead of one per interaction (one-core load, one session
-- shared by 64 connections: the per-interaction rows cost a tenth of the
-- interactions' rate). Touches queued in 00014's form are carried over.

-- +goose Up
CREATE TABLE session_touch_trails (
    seq INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    trail TEXT NOT NULL,
    clicks INTEGER NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    total_time_seconds INTEGER NOT NULL
);
INSERT INTO session_touch_trails (seq, session_id, trail, clicks, occurred_at, total_time_seconds)
SELECT seq, session_id,
  json_object('projects', json_array(project_id),
    'spent', CASE WHEN duration_seconds > 0 THEN json_object(project_id, duration_seconds) ELSE json_object() END,
    'journey', json_array(area)),
  click, occurred_at, total_time_seconds
FROM session_touches ORDER BY seq;
DROP TABLE session_touches;
ALTER TABLE session_touch_trails RENAME TO session_touches;
CREATE INDEX idx_session_touches_session ON session_touches(session_id);

-- +goose Down
-- 00014 queued a row per interaction. Going back keeps a row per queued
-- trail, for its latest step (with its clicks as one, its dwell time summed):
-- stop serve first, it folds the whole queue when it stops.
CREATE TABLE session_touches_v14 (
    seq INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    area TEXT NOT NULL,
    duration_seconds REAL NOT NULL,
    click INTEGER NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    total_time_seconds INTEGER NOT NULL
);
INSERT INTO session_touches_v14 (seq, session_id, project_id, area, duration_seconds, click, occurred_at, total_time_seconds)
SELECT seq, session_id, substr(json_extract(trail, '$.journey[#-1]'), 9), json_extract(trail, '$.journey[#-1]'),
  COALESCE((SELECT SUM(value) FROM json_each(trail, '$.spent')), 0), clicks > 0, occurred_at, total_time_seconds
FROM session_touches ORDER BY seq;
DROP TABLE session_touches;
ALTER TABLE session_touches_v14 RENAME TO session_touches;
CREATE INDEX idx_session_touches_session ON session_touches(session_id);
