package store

import (
	"encoding/json"
	"strconv"
	"strings"
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
	// keepsEventsVerbatim reports whether an event reads back exactly as it
	// was stored (its data's bytes, its time to the nanosecond).
	keepsEventsVerbatim() bool
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
	// writeFolds writes rows folded sessions in one statement. Parameters,
	// foldColumns per session: id, projects_viewed, time_spent_per_project
	// (JSON text), journey_path, clicks to add, total_time_seconds, last
	// activity. A folded session is open again (ended_at NULL), as any
	// interaction makes it.
	writeFolds(rows int) string
	// lockSessionFolds serialises folds of the session touch queue until
	// the transaction ends, so two folds never apply the same touches.
	lockSessionFolds() []string
	// lockInOrder is a parenthesised subquery of the ids of table among the
	// placeholder list in; on PostgreSQL it locks those rows in id order, so
	// concurrent transactions updating the same rows queue instead of
	// deadlocking. The lock is FOR NO KEY UPDATE, the one an UPDATE of
	// non-key columns takes anyway: FOR UPDATE would also block other
	// transactions' foreign-key checks on those rows (inserting interactions)
	// and deadlock with them.
	lockInOrder(table, in string) string
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
// columns the PostgreSQL materialized view has (migrations 00006, 00009):
// the average visit time of a project's visitors comes from the session
// rollups (dimension "project"), not from scanning every session, and
// growth events leave out the daily visits rows.
func (sqliteDialect) refreshGardenSummary() string {
	return `/* Store.RefreshGardenSummary */
DELETE FROM garden_summary;
INSERT INTO garden_summary (id, name, growth_stage, position_x, position_y, position_z, growth_events, avg_visit_time)
SELECT p.id, p.name, p.growth_stage, p.position_x, p.position_y, p.position_z,
       (SELECT COUNT(*) FROM project_growth_log pgl WHERE pgl.project_id = p.id AND pgl.visits_day IS NULL),
       (SELECT CAST(SUM(d.total_seconds) AS REAL) / NULLIF(SUM(d.sessions), 0) FROM analytics_sessions_daily d
         WHERE d.dim = 'project' AND d.value = p.id)
FROM projects p
WHERE p.status IN ('active', 'featured');`
}

// SQLite has one writer at a time, so event ids are assigned in commit order
// already; other processes learn of new events by polling.
func (sqliteDialect) beforeEventInsert() []string { return nil }

// SQLite keeps event data as TEXT and times as text with nanoseconds.
func (sqliteDialect) keepsEventsVerbatim() bool { return true }

// SQLite has a single writer: nothing to order.
func (sqliteDialect) lockInOrder(table, in string) string {
	return "(SELECT id FROM " + table + " WHERE id IN (" + in + "))"
}

// On SQLite the rows are a CTE the UPDATE joins (UPDATE … FROM, 3.33+).
func (d sqliteDialect) writeFolds(rows int) string {
	return `/* Store.WriteFolds */
WITH d(sid, viewed, spent, journey, clicks, total, ts) AS (VALUES ` + valuesRows(d, rows, foldColumns, nil) + `)
UPDATE visitor_sessions SET projects_viewed = d.viewed, time_spent_per_project = d.spent,
  journey_path = d.journey, clicks_count = clicks_count + d.clicks, total_time_seconds = d.total,
  last_activity_at = d.ts, ended_at = NULL
FROM d WHERE visitor_sessions.id = d.sid`
}

// valuesRows is the rows of a VALUES list of cols parameters each, each
// placeholder cast to casts[i] when casts is given (PostgreSQL cannot infer
// the types of a VALUES list's parameters).
func valuesRows(d dialect, rows, cols int, casts []string) string {
	var b strings.Builder
	n := 1
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteString(d.batchParam(n))
			if casts != nil {
				b.WriteString("::" + casts[c])
			}
			n++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// SQLite has a single writer: folds are serialised already.
func (sqliteDialect) lockSessionFolds() []string { return nil }

type postgresDialect struct{}

func (postgresDialect) lockInOrder(table, in string) string {
	return "(SELECT id FROM " + table + " WHERE id IN (" + in + ") ORDER BY id FOR NO KEY UPDATE)"
}

var foldCasts = []string{"uuid", "uuid[]", "jsonb", "text[]", "int", "int", "timestamptz"}

func (d postgresDialect) writeFolds(rows int) string {
	return `/* Store.WriteFolds */
UPDATE visitor_sessions SET projects_viewed = d.viewed, time_spent_per_project = d.spent,
  journey_path = d.journey, clicks_count = clicks_count + d.clicks, total_time_seconds = d.total,
  last_activity_at = d.ts, ended_at = NULL
FROM (VALUES ` + valuesRows(d, rows, foldColumns, foldCasts) + `) AS d(sid, viewed, spent, journey, clicks, total, ts)
WHERE visitor_sessions.id = d.sid`
}

func (postgresDialect) lockSessionFolds() []string {
	return []string{`/* Store.LockSessionFolds */ SELECT pg_advisory_xact_lock(7102028)`}
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
	return []string{`/* Store.InsertEvent.lock */
SELECT pg_advisory_xact_lock(7102026), pg_notify('` + EventsChannel + `', '')`}
}

// jsonb reorders an object's keys; timestamptz keeps microseconds.
func (postgresDialect) keepsEventsVerbatim() bool { return false }

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
  analytics_sessions_hourly, analytics_sessions_daily, analytics_sessions_weekly, analytics_interactions_hourly,
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
