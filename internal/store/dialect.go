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

type postgresDialect struct{}

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
