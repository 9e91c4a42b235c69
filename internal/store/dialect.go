package store

import (
	"encoding/json"
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

type postgresDialect struct{}

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
