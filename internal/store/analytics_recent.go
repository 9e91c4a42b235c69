package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// The analytics statements of the realtime view, the request statistics,
// retention and the generator's bulk inserts.

func (a analyticsTx) stageChanges(ctx context.Context, query string, args ...any) ([]analytics.StageChange, error) {
	rows, err := a.t.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []analytics.StageChange{}
	for rows.Next() {
		var c analytics.StageChange
		if err := rows.Scan(&c.ProjectID, &c.ProjectName, &c.PreviousStage, &c.NewStage, &c.At); err != nil {
			return nil, translate(err)
		}
		c.At = c.At.UTC()
		out = append(out, c)
	}
	return out, translate(rows.Err())
}

const stageChangeSelect = `SELECT g.project_id, COALESCE(p.name, ''), g.previous_stage, g.new_stage, g.recorded_at
FROM project_growth_log g LEFT JOIN projects p ON p.id = g.project_id
WHERE g.previous_stage IS NOT NULL AND g.new_stage IS NOT NULL AND g.new_stage <> g.previous_stage`

func (a analyticsTx) StageChanges(ctx context.Context, from, to time.Time, limit int) ([]analytics.StageChange, error) {
	return a.stageChanges(ctx, `/* Store.Analytics.StageChanges */ `+stageChangeSelect+`
  AND g.recorded_at >= $1 AND g.recorded_at < $2
ORDER BY g.recorded_at, g.id LIMIT $3`, from.UTC(), to.UTC(), limit)
}

func (a analyticsTx) RecentStageChanges(ctx context.Context, limit int) ([]analytics.StageChange, error) {
	return a.stageChanges(ctx, `/* Store.Analytics.RecentStageChanges */ `+stageChangeSelect+`
ORDER BY g.recorded_at DESC, g.id DESC LIMIT $1`, limit)
}

func (a analyticsTx) RecentInteractions(ctx context.Context, limit int) ([]analytics.RecentInteraction, error) {
	rows, err := a.t.q.QueryContext(ctx, `/* Store.Analytics.RecentInteractions */
SELECT i.project_id, COALESCE(p.name, ''), i.interaction_type, COALESCE(s.device_type, ''), i.occurred_at
FROM interactions i
JOIN visitor_sessions s ON s.id = i.session_id
LEFT JOIN projects p ON p.id = i.project_id
ORDER BY i.occurred_at DESC, i.id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []analytics.RecentInteraction{}
	for rows.Next() {
		var r analytics.RecentInteraction
		if err := rows.Scan(&r.ProjectID, &r.ProjectName, &r.Type, &r.DeviceType, &r.OccurredAt); err != nil {
			return nil, translate(err)
		}
		r.OccurredAt = r.OccurredAt.UTC()
		out = append(out, r)
	}
	return out, translate(rows.Err())
}

func (a analyticsTx) CountActiveSessions(ctx context.Context, since time.Time) (int, error) {
	var n int
	err := a.t.q.QueryRowContext(ctx, `/* Store.Analytics.CountActiveSessions */
SELECT COUNT(*) FROM visitor_sessions WHERE last_activity_at >= $1`, since.UTC()).Scan(&n)
	return n, translate(err)
}

// bucketColumns lists b0..b13 of request_stats.
func bucketColumns(prefix, sep string, wrap func(string) string) string {
	parts := make([]string, analytics.LatencyBucketCount)
	for i := range parts {
		parts[i] = wrap(prefix + "b" + strconv.Itoa(i))
	}
	return strings.Join(parts, sep)
}

func (a analyticsTx) AddRequestStats(ctx context.Context, stats []analytics.RequestStat) error {
	id := func(s string) string { return s }
	var set strings.Builder
	set.WriteString("requests = request_stats.requests + excluded.requests, errors = request_stats.errors + excluded.errors, total_ms = request_stats.total_ms + excluded.total_ms")
	for i := range analytics.LatencyBucketCount {
		b := "b" + strconv.Itoa(i)
		fmt.Fprintf(&set, ", %s = request_stats.%s + excluded.%s", b, b, b)
	}
	return a.t.insertBatches(ctx, `/* Store.Analytics.AddRequestStats */
INSERT INTO request_stats (minute, route, method, requests, errors, total_ms, `+bucketColumns("", ", ", id)+`) VALUES `,
		` ON CONFLICT (minute, route, method) DO UPDATE SET `+set.String(),
		len(stats), 6+analytics.LatencyBucketCount, func(i int) []any {
			s := stats[i]
			args := []any{s.Minute.UTC().Unix(), s.Route, s.Method, s.Requests, s.Errors, s.TotalMs}
			for _, b := range s.Buckets {
				args = append(args, b)
			}
			return args
		})
}

func (a analyticsTx) RequestStatsTotals(ctx context.Context, from, to time.Time) ([]analytics.RequestStat, error) {
	sum := func(c string) string { return "SUM(" + c + ")" }
	rows, err := a.t.q.QueryContext(ctx, `/* Store.Analytics.RequestStatsTotals */
SELECT route, method, SUM(requests), SUM(errors), SUM(total_ms), `+bucketColumns("", ", ", sum)+`
FROM request_stats WHERE minute >= $1 AND minute < $2
GROUP BY route, method ORDER BY route, method`, from.UTC().Unix(), to.UTC().Unix())
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []analytics.RequestStat{}
	for rows.Next() {
		var s analytics.RequestStat
		dest := []any{&s.Route, &s.Method, &s.Requests, &s.Errors, &s.TotalMs}
		for i := range s.Buckets {
			dest = append(dest, &s.Buckets[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, translate(err)
		}
		out = append(out, s)
	}
	return out, translate(rows.Err())
}

func (a analyticsTx) PruneVisits(ctx context.Context, startedBefore, activeBefore time.Time) (int, error) {
	const pruned = `FROM visitor_sessions WHERE started_at < $1 AND last_activity_at < $2`
	// A session's interactions go first: they no longer cascade with it, and
	// interactions has no index by session (migration 00016). They occurred
	// between the first pruned session's start and the last one's latest
	// activity, so the delete reads that stretch of the time index, not the
	// whole table.
	var first, last time.Time
	err := a.t.queryRow(ctx, `/* Store.Analytics.PruneVisits.first */ SELECT started_at `+pruned+`
ORDER BY started_at LIMIT 1`, startedBefore.UTC(), activeBefore.UTC()).Scan(&first)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err == nil {
		err = a.t.queryRow(ctx, `/* Store.Analytics.PruneVisits.last */ SELECT last_activity_at `+pruned+`
ORDER BY last_activity_at DESC LIMIT 1`, startedBefore.UTC(), activeBefore.UTC()).Scan(&last)
	}
	if err != nil {
		return 0, translate(err)
	}
	res, err := a.t.exec(ctx, `/* Store.Analytics.PruneVisits.interactions */
DELETE FROM interactions WHERE occurred_at >= $3 AND occurred_at <= $4 AND session_id IN (SELECT id `+pruned+`)`,
		startedBefore.UTC(), activeBefore.UTC(), domain.InteractionsSince(first).UTC(), domain.InteractionsUntil(last).UTC())
	if err != nil {
		return 0, err
	}
	interactions, err := res.RowsAffected()
	if err != nil {
		return 0, translate(err)
	}
	res, err = a.t.exec(ctx, `/* Store.Analytics.PruneVisits.sessions */ DELETE `+pruned, startedBefore.UTC(), activeBefore.UTC())
	if err != nil {
		return int(interactions), err
	}
	sessions, err := res.RowsAffected()
	return int(interactions + sessions), translate(err)
}

func (a analyticsTx) InsertSessions(ctx context.Context, sessions []*domain.VisitorSession) error {
	var encodeErr error
	err := a.t.insertBatches(ctx, `/* Store.Analytics.InsertSessions */
INSERT INTO visitor_sessions (`+sessionColumns+`) VALUES `, "", len(sessions), 21, func(i int) []any {
		args, err := a.t.sessionArgs(sessions[i])
		if err != nil && encodeErr == nil {
			encodeErr = err
		}
		return args
	})
	if encodeErr != nil {
		return encodeErr
	}
	return err
}

func (a analyticsTx) InsertInteractions(ctx context.Context, interactions []*domain.Interaction) error {
	return a.t.insertBatches(ctx, `/* Store.Analytics.InsertInteractions */
INSERT INTO interactions (id, session_id, project_id, interaction_type, duration_seconds, metadata, occurred_at) VALUES `,
		"", len(interactions), 7, func(i int) []any {
			it := interactions[i]
			return []any{it.ID, it.SessionID, it.ProjectID, it.Type, it.DurationSeconds, nullJSON(it.Metadata), it.OccurredAt.UTC()}
		})
}
