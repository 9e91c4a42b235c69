package store

import (
	"encoding/json"
	"strconv"
)

// dialect is the one place where the two engines differ. Everything else in
// this package is plain SQL both accept.
type dialect interface {
	name() string
	// list encodes a string list for a TEXT[]/UUID[] column (a JSON array on SQLite).
	list(xs []string) any
	// jsonList encodes a list of JSON documents for a JSONB[] column.
	jsonList(docs []json.RawMessage) any
	// refreshGardenSummary rebuilds the garden_summary view or table.
	refreshGardenSummary() string
	// beforeEventInsert runs before an event is stored in a transaction.
	beforeEventInsert() []string
	// epochSeconds is an SQL expression for the Unix seconds of a timestamp column.
	epochSeconds(col string) string
	// lockRollup serialises analytics rollup runs until the transaction ends.
	lockRollup() []string
	// maxBatchParams bounds the parameters of one multi-row INSERT.
	maxBatchParams() int
	// batchParam is the placeholder of the n-th (from 1) parameter of a
	// multi-row INSERT, whose parameters are in order.
	batchParam(n int) string
	// analyze refreshes the planner's statistics after a bulk load.
	analyze() []string
	// touchSession folds one interaction into a session's arrays in one
	// statement. Parameters: $1 session id, $2 project id (uuid), $3 area,
	// $4 dwell seconds, $5 click (0/1), $6 event JSON, $7 time,
	// $8 total_time_seconds, $9 max events kept, $10 max journey length,
	// $11 project id as text.
	touchSession() string
}

type sqliteDialect struct{}

func (sqliteDialect) name() string { return SQLite }

func (sqliteDialect) list(xs []string) any {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs) // a []string always marshals
	return string(b)
}

func (sqliteDialect) jsonList(docs []json.RawMessage) any {
	if docs == nil {
		docs = []json.RawMessage{}
	}
	b, _ := json.Marshal(docs) // each doc was validated when it was built
	return string(b)
}

// On SQLite garden_summary is a table; the refresh rebuilds it with the same
// columns the PostgreSQL materialized view has.
func (sqliteDialect) refreshGardenSummary() string {
	return `/* Store.RefreshGardenSummary */
DELETE FROM garden_summary;
INSERT INTO garden_summary (id, name, growth_stage, position_x, position_y, position_z, growth_events, avg_visit_time)
SELECT p.id, p.name, p.growth_stage, p.position_x, p.position_y, p.position_z,
       (SELECT COUNT(*) FROM project_growth_log pgl WHERE pgl.project_id = p.id),
       (SELECT AVG(vs.total_time_seconds) FROM visitor_sessions vs
         WHERE EXISTS (SELECT 1 FROM json_each(vs.projects_viewed) j WHERE j.value = p.id))
FROM projects p
WHERE p.status IN ('active', 'featured');`
}

// SQLite has one writer at a time, so event ids are assigned in commit order
// already; other processes learn of new events by polling.
func (sqliteDialect) beforeEventInsert() []string { return nil }

func (sqliteDialect) touchSession() string {
	return `/* Store.TouchSession */
UPDATE visitor_sessions SET
  projects_viewed = CASE WHEN EXISTS (SELECT 1 FROM json_each(projects_viewed) WHERE value = $11)
    THEN projects_viewed ELSE json_insert(projects_viewed, '$[#]', $11) END,
  time_spent_per_project = CASE WHEN $4 > 0
    THEN json_set(time_spent_per_project, '$."' || $11 || '"',
      COALESCE(json_extract(time_spent_per_project, '$."' || $11 || '"'), 0) + $4)
    ELSE time_spent_per_project END,
  journey_path = CASE WHEN json_array_length(journey_path) < $10
      AND COALESCE(json_extract(journey_path, '$[#-1]'), '') <> $3
    THEN json_insert(journey_path, '$[#]', $3) ELSE journey_path END,
  interaction_events = CASE WHEN json_array_length(interaction_events) >= $9
    THEN json_insert(json_remove(interaction_events, '$[0]'), '$[#]', json($6))
    ELSE json_insert(interaction_events, '$[#]', json($6)) END,
  clicks_count = clicks_count + $5,
  total_time_seconds = $8,
  last_activity_at = $7,
  ended_at = NULL
WHERE id = $1 AND $2 = $2`
}

type postgresDialect struct{}

func (postgresDialect) touchSession() string {
	return `/* Store.TouchSession */
UPDATE visitor_sessions SET
  projects_viewed = CASE WHEN $2::uuid = ANY(projects_viewed)
    THEN projects_viewed ELSE array_append(projects_viewed, $2::uuid) END,
  time_spent_per_project = CASE WHEN $4::float8 > 0
    THEN jsonb_set(time_spent_per_project, ARRAY[$11::text],
      to_jsonb(COALESCE((time_spent_per_project->>$11::text)::float8, 0) + $4::float8))
    ELSE time_spent_per_project END,
  journey_path = CASE WHEN cardinality(journey_path) < $10::int
      AND COALESCE(journey_path[cardinality(journey_path)], '') <> $3::text
    THEN array_append(journey_path, $3::text) ELSE journey_path END,
  interaction_events = (CASE WHEN cardinality(interaction_events) >= $9::int
    THEN interaction_events[2:] ELSE interaction_events END) || $6::jsonb,
  clicks_count = clicks_count + $5::int,
  total_time_seconds = $8::int,
  last_activity_at = $7,
  ended_at = NULL
WHERE id = $1`
}

// EventsChannel is the PostgreSQL NOTIFY channel that announces new events.
const EventsChannel = "greenhouse_events"

// On PostgreSQL, concurrent transactions could commit event ids out of
// order, and a reader that moved past id 7 would never see a 6 committed a
// moment later. A transaction-scoped advisory lock, taken just before the
// event insert (the last statement of the domain's transactions), makes ids
// follow commit order. NOTIFY is delivered at commit, so listeners on every
// replica wake exactly when the event becomes visible, and not at all if the
// transaction rolls back.
func (postgresDialect) beforeEventInsert() []string {
	return []string{
		`/* Store.InsertEvent.lock */ SELECT pg_advisory_xact_lock(7102026)`,
		`/* Store.InsertEvent.notify */ SELECT pg_notify('` + EventsChannel + `', '')`,
	}
}

func (postgresDialect) name() string { return Postgres }

// pgx encodes a []string natively into TEXT[] and UUID[].
func (postgresDialect) list(xs []string) any {
	if xs == nil {
		xs = []string{}
	}
	return xs
}

func (postgresDialect) jsonList(docs []json.RawMessage) any {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = string(d)
	}
	return out
}

func (postgresDialect) refreshGardenSummary() string {
	return `/* Store.RefreshGardenSummary */ SELECT refresh_garden_summary()`
}

// Analytics fragments (store/analytics.go).

// The driver stores UTC text such as "2026-06-01 12:34:56.123456+00:00",
// which strftime reads, offset included.
func (sqliteDialect) epochSeconds(col string) string {
	return "CAST(strftime('%s', " + col + ") AS INTEGER)"
}

// SQLite has one writer connection, and _txlock=immediate takes the write
// lock at BEGIN: rollup transactions are serialised already.
func (sqliteDialect) lockRollup() []string { return nil }

// SQLite looks a named $N parameter up in a list as long as the statement's
// parameters, so binding a statement costs the square of their number;
// anonymous ? parameters are bound by position, and big batches are cheap.
func (sqliteDialect) maxBatchParams() int { return 30000 }

func (sqliteDialect) batchParam(int) string { return "?" }

func (postgresDialect) batchParam(n int) string { return "$" + strconv.Itoa(n) }

// Without statistics SQLite's planner prefers the indexes, which is what the
// analytics queries want; ANALYZE on millions of rows would only cost time.
func (sqliteDialect) analyze() []string { return nil }

// PostgreSQL allows 65535 parameters; fewer round trips win.
func (postgresDialect) maxBatchParams() int { return 30000 }

// Autovacuum analyzes a bulk-loaded table only some time later; until then
// the planner may scan ten million interactions for a range an index answers.
func (postgresDialect) analyze() []string {
	return []string{`/* Store.Analytics.Analyze */ ANALYZE visitor_sessions, interactions,
  analytics_sessions_hourly, analytics_sessions_daily, analytics_interactions_hourly,
  analytics_projects_hourly, analytics_interactions_daily`}
}

func (postgresDialect) epochSeconds(col string) string {
	return "CAST(FLOOR(EXTRACT(EPOCH FROM " + col + ")) AS BIGINT)"
}

// Two workers running the rollup at once queue on a transaction-scoped
// advisory lock instead of interleaving their deletes and upserts.
func (postgresDialect) lockRollup() []string {
	return []string{`/* Store.Analytics.LockRollup */ SELECT pg_advisory_xact_lock(7102027)`}
}
