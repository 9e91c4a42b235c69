package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// dimList is the SQL list of the session dimensions (constants, quoted),
// with or without the totals' "": the hourly rollup's key starts with dim,
// so naming them turns a range of hours into one seek per dimension.
func dimList(totals bool) string {
	dims := analytics.SessionDims
	if totals {
		dims = append([]string{""}, dims...)
	}
	quoted := make([]string, len(dims))
	for i, d := range dims {
		quoted[i] = "'" + strings.ReplaceAll(d, "'", "''") + "'"
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

// Analytics returns the store internal/analytics runs on: the same
// transactions as the domain's, with the analytics statements.
func (db *DB) Analytics() analytics.Store { return analyticsStore{db} }

type analyticsStore struct{ db *DB }

func (s analyticsStore) Update(ctx context.Context, fn func(analytics.Tx) error) error {
	return s.db.Update(ctx, func(t domain.Tx) error { return fn(analyticsTx{t.(*tx)}) })
}

func (s analyticsStore) View(ctx context.Context, fn func(analytics.Tx) error) error {
	return s.db.View(ctx, func(t domain.Tx) error { return fn(analyticsTx{t.(*tx)}) })
}

// analyticsTx implements analytics.Tx over an open transaction.
type analyticsTx struct{ t *tx }

func (a analyticsTx) ListProjects(ctx context.Context, f domain.ProjectFilter) ([]*domain.Project, error) {
	return a.t.ListProjects(ctx, f)
}

// Rows of analytics_rollup_state.
const (
	rollupStateName = "rollup"
	openStateName   = "open"
)

func (a analyticsTx) Watermark(ctx context.Context) (analytics.RollupState, error) {
	var st analytics.RollupState
	rows, err := a.t.q.QueryContext(ctx, `/* Store.Analytics.Watermark */
SELECT name, watermark FROM analytics_rollup_state WHERE name IN ($1, $2)`, rollupStateName, openStateName)
	if err != nil {
		return st, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			name string
			at   time.Time
		)
		if err := rows.Scan(&name, &at); err != nil {
			return st, translate(err)
		}
		if name == rollupStateName {
			st.At = at.UTC()
		} else {
			st.OpenFrom = at.UTC()
		}
	}
	return st, translate(rows.Err())
}

func (a analyticsTx) SetWatermark(ctx context.Context, st analytics.RollupState) error {
	_, err := a.t.exec(ctx, `/* Store.Analytics.SetWatermark */
INSERT INTO analytics_rollup_state (name, watermark) VALUES ($1, $2), ($3, $4)
ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark`,
		rollupStateName, st.At.UTC(), openStateName, st.OpenFrom.UTC())
	return err
}

func (a analyticsTx) EarliestOpenSession(ctx context.Context) (time.Time, bool, error) {
	var start time.Time
	err := a.t.q.QueryRowContext(ctx, `/* Store.Analytics.EarliestOpenSession */
SELECT started_at FROM visitor_sessions WHERE ended_at IS NULL ORDER BY started_at LIMIT 1`).Scan(&start)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, translate(err)
	}
	return start.UTC(), true, nil
}

func (a analyticsTx) Analyze(ctx context.Context) error {
	for _, stmt := range a.t.d.analyze() {
		if _, err := a.t.exec(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

func (a analyticsTx) FoldSessionTouches(ctx context.Context, sessions []uuid.UUID, limit int) (int, error) {
	return a.t.FoldSessionTouches(ctx, sessions, limit)
}

func (a analyticsTx) LockRollup(ctx context.Context) error {
	for _, stmt := range a.t.d.lockRollup() {
		if _, err := a.t.exec(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

func (a analyticsTx) hours(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := a.t.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var h int64
		if err := rows.Scan(&h); err != nil {
			return nil, translate(err)
		}
		out = append(out, h)
	}
	return out, translate(rows.Err())
}

func (a analyticsTx) hourOf(col string) string {
	return "(" + a.t.d.epochSeconds(col) + " / 3600) * 3600"
}

func (a analyticsTx) TouchedSessionHours(ctx context.Context, since time.Time) ([]int64, error) {
	return a.hours(ctx, `/* Store.Analytics.TouchedSessionHours */
SELECT DISTINCT `+a.hourOf("started_at")+` FROM visitor_sessions WHERE last_activity_at > $1`, since.UTC())
}

func (a analyticsTx) TouchedInteractionHours(ctx context.Context, since time.Time) ([]int64, error) {
	return a.hours(ctx, `/* Store.Analytics.TouchedInteractionHours */
SELECT DISTINCT `+a.hourOf("occurred_at")+` FROM interactions WHERE occurred_at > $1`, since.UTC())
}

func (a analyticsTx) DataBounds(ctx context.Context) (time.Time, bool, error) {
	var (
		earliest time.Time
		ok       bool
	)
	var started time.Time
	err := a.t.q.QueryRowContext(ctx, `/* Store.Analytics.DataBounds.sessions */
SELECT started_at FROM visitor_sessions ORDER BY started_at LIMIT 1`).Scan(&started)
	switch {
	case err == nil:
		earliest, ok = started.UTC(), true
	case !errors.Is(err, sql.ErrNoRows):
		return time.Time{}, false, translate(err)
	}
	for _, q := range []string{
		`/* Store.Analytics.DataBounds.sessionRollups */ SELECT hour FROM analytics_sessions_hourly WHERE dim = '' ORDER BY hour LIMIT 1`,
		`/* Store.Analytics.DataBounds.interactionRollups */ SELECT hour FROM analytics_interactions_hourly ORDER BY hour LIMIT 1`,
	} {
		var h int64
		err := a.t.q.QueryRowContext(ctx, q).Scan(&h)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return time.Time{}, false, translate(err)
		}
		if t := time.Unix(h, 0).UTC(); !ok || t.Before(earliest) {
			earliest, ok = t, true
		}
	}
	return earliest, ok, nil
}

func (a analyticsTx) SessionFacts(ctx context.Context, from, to time.Time, fn func(*analytics.SessionFact) error) error {
	// interactions has no index by session (migration 00016): the range's
	// sessions' interactions are counted in one pass over every interaction
	// since the range began, by the time index. Not until the sessions'
	// latest activity: that may wait for their queued touches.
	rows, err := a.t.q.QueryContext(ctx, `/* Store.Analytics.SessionFacts */
WITH counts AS (
  SELECT session_id, COUNT(*) AS interactions, COUNT(DISTINCT project_id) AS projects
  FROM interactions WHERE occurred_at >= $3 GROUP BY session_id)
SELECT s.started_at, s.ip_hash, s.device_type, s.browser, s.screen_resolution, s.country_code,
  s.entry_point, s.exit_point, s.journey_path, s.projects_viewed, s.total_time_seconds,
  COALESCE(c.interactions, 0), COALESCE(c.projects, 0)
FROM visitor_sessions s LEFT JOIN counts c ON c.session_id = s.id
WHERE s.started_at >= $1 AND s.started_at < $2
ORDER BY s.started_at`, from.UTC(), to.UTC(), domain.InteractionsSince(from).UTC())
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			f                                 analytics.SessionFact
			ip, dev, br, res, cc, entry, exit sql.NullString
			journey, viewed                   strList
		)
		if err := rows.Scan(&f.StartedAt, &ip, &dev, &br, &res, &cc, &entry, &exit, &journey, &viewed,
			&f.TotalTimeSeconds, &f.Interactions, &f.Projects); err != nil {
			return translate(err)
		}
		f.StartedAt = f.StartedAt.UTC()
		f.IPHash, f.DeviceType, f.Browser, f.ScreenResolution = ip.String, dev.String, br.String, res.String
		f.CountryCode, f.EntryPoint, f.ExitPoint, f.JourneyPath = cc.String, entry.String, exit.String, journey
		f.ProjectsViewed = viewed
		if err := fn(&f); err != nil {
			return err
		}
	}
	return translate(rows.Err())
}

func (a analyticsTx) EarlierVisitorHashes(ctx context.Context, dayStart, from, to time.Time) ([]string, error) {
	rows, err := a.t.q.QueryContext(ctx, `/* Store.Analytics.EarlierVisitorHashes */
SELECT DISTINCT ip_hash FROM visitor_sessions
WHERE started_at >= $1 AND started_at < $2 AND ip_hash IN (
  SELECT ip_hash FROM visitor_sessions
  WHERE started_at >= $2 AND started_at < $3 AND ip_hash IS NOT NULL AND ip_hash <> '')`, dayStart.UTC(), from.UTC(), to.UTC())
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, translate(err)
		}
		out = append(out, h)
	}
	return out, translate(rows.Err())
}

func (a analyticsTx) CountVisitors(ctx context.Context, from, to time.Time) (visitors, sessions int64, err error) {
	err = a.t.q.QueryRowContext(ctx, `/* Store.Analytics.CountVisitors */
SELECT COUNT(DISTINCT NULLIF(ip_hash, '')), COUNT(*) FROM visitor_sessions
WHERE started_at >= $1 AND started_at < $2`, from.UTC(), to.UTC()).Scan(&visitors, &sessions)
	return visitors, sessions, translate(err)
}

func scanInteractionBuckets(rows *sql.Rows) ([]analytics.InteractionBucket, error) {
	defer rows.Close()
	var out []analytics.InteractionBucket
	for rows.Next() {
		var b analytics.InteractionBucket
		if err := rows.Scan(&b.Hour, &b.ProjectID, &b.Type, &b.Interactions, &b.DwellSeconds); err != nil {
			return nil, translate(err)
		}
		out = append(out, b)
	}
	return out, translate(rows.Err())
}

func (a analyticsTx) InteractionBuckets(ctx context.Context, from, to time.Time) ([]analytics.InteractionBucket, error) {
	rows, err := a.t.q.QueryContext(ctx, `/* Store.Analytics.InteractionBuckets */
SELECT `+a.hourOf("occurred_at")+`, project_id, interaction_type, COUNT(*), COALESCE(SUM(duration_seconds), 0)
FROM interactions WHERE occurred_at >= $1 AND occurred_at < $2
GROUP BY 1, 2, 3`, from.UTC(), to.UTC())
	if err != nil {
		return nil, translate(err)
	}
	return scanInteractionBuckets(rows)
}

// ProjectSeriesSums groups the per-project hourly rollups of [fromHour,
// toHour) into buckets of unit seconds of local time (hour + offset): the
// database adds up the hours, so a 90-day range returns a row per local day
// and project, not per hour.
func (a analyticsTx) ProjectSeriesSums(ctx context.Context, fromHour, toHour, offset, unit int64) ([]analytics.ProjectSum, error) {
	return a.projectSums(ctx, `/* Store.Analytics.ProjectSeriesSums */
SELECT (hour + $3) / $4, project_id, CAST(SUM(interactions) AS BIGINT), SUM(dwell_seconds)
FROM analytics_projects_hourly WHERE hour >= $1 AND hour < $2
GROUP BY 1, 2`, fromHour, toHour, offset, unit)
}

// ProjectHeatmapSums groups them by local hour of the week (hours since a
// Thursday midnight, as the Unix epoch was).
func (a analyticsTx) ProjectHeatmapSums(ctx context.Context, fromHour, toHour, offset int64) ([]analytics.ProjectSum, error) {
	return a.projectSums(ctx, `/* Store.Analytics.ProjectHeatmapSums */
SELECT ((hour + $3) / 3600) % 168, project_id, CAST(SUM(interactions) AS BIGINT), SUM(dwell_seconds)
FROM analytics_projects_hourly WHERE hour >= $1 AND hour < $2
GROUP BY 1, 2`, fromHour, toHour, offset)
}

func (a analyticsTx) projectSums(ctx context.Context, query string, args ...any) ([]analytics.ProjectSum, error) {
	rows, err := a.t.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []analytics.ProjectSum
	for rows.Next() {
		var b analytics.ProjectSum
		if err := rows.Scan(&b.Bucket, &b.ProjectID, &b.Interactions, &b.DwellSeconds); err != nil {
			return nil, translate(err)
		}
		out = append(out, b)
	}
	return out, translate(rows.Err())
}

func (a analyticsTx) InteractionTypeSums(ctx context.Context, from, to int64, daily bool) ([]analytics.InteractionBucket, error) {
	q := `/* Store.Analytics.InteractionTypeSums.hourly */
SELECT interaction_type, CAST(SUM(interactions) AS BIGINT), SUM(dwell_seconds)
FROM analytics_interactions_hourly WHERE hour >= $1 AND hour < $2
GROUP BY interaction_type`
	if daily {
		q = `/* Store.Analytics.InteractionTypeSums.daily */
SELECT interaction_type, CAST(SUM(interactions) AS BIGINT), SUM(dwell_seconds)
FROM analytics_interactions_daily WHERE day >= $1 AND day < $2
GROUP BY interaction_type`
	}
	rows, err := a.t.q.QueryContext(ctx, q, from, to)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []analytics.InteractionBucket
	for rows.Next() {
		var b analytics.InteractionBucket
		if err := rows.Scan(&b.Type, &b.Interactions, &b.DwellSeconds); err != nil {
			return nil, translate(err)
		}
		out = append(out, b)
	}
	return out, translate(rows.Err())
}

func scanSessionBuckets(rows *sql.Rows) ([]analytics.SessionBucket, error) {
	defer rows.Close()
	var out []analytics.SessionBucket
	for rows.Next() {
		var b analytics.SessionBucket
		if err := rows.Scan(&b.Hour, &b.Dim, &b.Value, &b.Sessions, &b.Bounces, &b.TotalSeconds,
			&b.Projects, &b.Interactions, &b.Visitors); err != nil {
			return nil, translate(err)
		}
		out = append(out, b)
	}
	return out, translate(rows.Err())
}

const sumColumns = `CAST(SUM(sessions) AS BIGINT), CAST(SUM(bounces) AS BIGINT),
  CAST(SUM(total_seconds) AS BIGINT), CAST(SUM(projects) AS BIGINT),
  CAST(SUM(interactions) AS BIGINT), CAST(SUM(visitors) AS BIGINT)`

func (a analyticsTx) SessionRollupSums(ctx context.Context, fromHour, toHour int64, dims bool) ([]analytics.SessionBucket, error) {
	q := `/* Store.Analytics.SessionRollupSums */
SELECT hour, dim, value, sessions, bounces, total_seconds, projects, interactions, visitors
FROM analytics_sessions_hourly WHERE dim = '' AND hour >= $1 AND hour < $2`
	if dims {
		q += `
UNION ALL
SELECT 0, dim, value, ` + sumColumns + `
FROM analytics_sessions_hourly WHERE dim IN ` + dimList(false) + ` AND hour >= $1 AND hour < $2
GROUP BY dim, value`
	}
	rows, err := a.t.q.QueryContext(ctx, q, fromHour, toHour)
	if err != nil {
		return nil, translate(err)
	}
	return scanSessionBuckets(rows)
}

// weekSec is the length of the weekly rollups' blocks, which start at the
// Unix epoch: a week is day - day%weekSec.
const weekSec = 7 * 86400

// SessionDailySums sums the days [fromDay, toDay): the whole weeks inside
// from the weekly rollups, the days at the edges from the daily ones.
func (a analyticsTx) SessionDailySums(ctx context.Context, fromDay, toDay int64) ([]analytics.SessionBucket, error) {
	w0 := fromDay + (weekSec-fromDay%weekSec)%weekSec
	w1 := toDay - toDay%weekSec
	if w0 >= w1 {
		w0, w1 = toDay, toDay // no whole week: the days alone
	}
	rows, err := a.t.q.QueryContext(ctx, `/* Store.Analytics.SessionDailySums */
SELECT 0, dim, value, `+sumColumns+` FROM (
  SELECT dim, value, sessions, bounces, total_seconds, projects, interactions, visitors
  FROM analytics_sessions_weekly WHERE week >= $3 AND week < $4
  UNION ALL
  SELECT dim, value, sessions, bounces, total_seconds, projects, interactions, visitors
  FROM analytics_sessions_daily WHERE (day >= $1 AND day < $3) OR (day >= $4 AND day < $2)
) AS spans
GROUP BY dim, value`, fromDay, toDay, w0, w1)
	if err != nil {
		return nil, translate(err)
	}
	return scanSessionBuckets(rows)
}

// RefreshDailyRollups rebuilds the daily rollups of [fromDay, toDay) from
// their hours, then the weekly rollups of the weeks those days fall in from
// their days.
func (a analyticsTx) RefreshDailyRollups(ctx context.Context, fromDay, toDay int64) error {
	if _, err := a.t.exec(ctx, `/* Store.Analytics.RefreshDailyRollups.delete */
DELETE FROM analytics_sessions_daily WHERE day >= $1 AND day < $2`, fromDay, toDay); err != nil {
		return err
	}
	if _, err := a.t.exec(ctx, `/* Store.Analytics.RefreshDailyRollups.insert */
INSERT INTO analytics_sessions_daily (day, dim, value, sessions, bounces, total_seconds, projects, interactions, visitors)
SELECT (hour / 86400) * 86400, dim, value, `+sumColumns+`
FROM analytics_sessions_hourly WHERE dim IN `+dimList(false)+` AND hour >= $1 AND hour < $2
GROUP BY (hour / 86400) * 86400, dim, value
ON CONFLICT (day, dim, value) DO UPDATE SET sessions = excluded.sessions, bounces = excluded.bounces,
  total_seconds = excluded.total_seconds, projects = excluded.projects,
  interactions = excluded.interactions, visitors = excluded.visitors`, fromDay, toDay); err != nil {
		return err
	}
	w0, w1 := fromDay-fromDay%weekSec, toDay+(weekSec-toDay%weekSec)%weekSec
	if _, err := a.t.exec(ctx, `/* Store.Analytics.RefreshWeeklyRollups.delete */
DELETE FROM analytics_sessions_weekly WHERE week >= $1 AND week < $2`, w0, w1); err != nil {
		return err
	}
	_, err := a.t.exec(ctx, `/* Store.Analytics.RefreshWeeklyRollups.insert */
INSERT INTO analytics_sessions_weekly (week, dim, value, sessions, bounces, total_seconds, projects, interactions, visitors)
SELECT (day / `+strconv.Itoa(weekSec)+`) * `+strconv.Itoa(weekSec)+`, dim, value, `+sumColumns+`
FROM analytics_sessions_daily WHERE day >= $1 AND day < $2
GROUP BY (day / `+strconv.Itoa(weekSec)+`) * `+strconv.Itoa(weekSec)+`, dim, value`, w0, w1)
	return err
}

// insertBatches runs one multi-row INSERT per batch of rows: head is the
// statement up to VALUES, tail what follows the tuples, width the number of
// parameters a row takes and args(i) those of row i. The dialect sizes the
// batches.
func (t *tx) insertBatches(ctx context.Context, head, tail string, n, width int, args func(i int) []any) error {
	batch := max(1, t.d.maxBatchParams()/width)
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		var sb strings.Builder
		sb.WriteString(head)
		params := make([]any, 0, (end-start)*width)
		for i := start; i < end; i++ {
			if i > start {
				sb.WriteByte(',')
			}
			sb.WriteByte('(')
			for j := range width {
				if j > 0 {
					sb.WriteByte(',')
				}
				sb.WriteString(t.d.batchParam(len(params) + j + 1))
			}
			sb.WriteByte(')')
			params = append(params, args(i)...)
		}
		sb.WriteString(tail)
		if _, err := t.exec(ctx, sb.String(), params...); err != nil {
			return err
		}
	}
	return nil
}

func (a analyticsTx) ReplaceSessionRollups(ctx context.Context, fromHour, toHour int64, rows []analytics.SessionBucket) error {
	if _, err := a.t.exec(ctx, `/* Store.Analytics.ReplaceSessionRollups.delete */
DELETE FROM analytics_sessions_hourly WHERE dim IN `+dimList(true)+` AND hour >= $1 AND hour < $2`, fromHour, toHour); err != nil {
		return err
	}
	return a.t.insertBatches(ctx, `/* Store.Analytics.ReplaceSessionRollups.upsert */
INSERT INTO analytics_sessions_hourly (hour, dim, value, sessions, bounces, total_seconds, projects, interactions, visitors) VALUES `,
		` ON CONFLICT (dim, hour, value) DO UPDATE SET sessions = excluded.sessions, bounces = excluded.bounces,
  total_seconds = excluded.total_seconds, projects = excluded.projects,
  interactions = excluded.interactions, visitors = excluded.visitors`,
		len(rows), 9, func(i int) []any {
			r := rows[i]
			return []any{r.Hour, r.Dim, r.Value, r.Sessions, r.Bounces, r.TotalSeconds, r.Projects, r.Interactions, r.Visitors}
		})
}

func (a analyticsTx) ReplaceInteractionRollups(ctx context.Context, fromHour, toHour int64, rows []analytics.InteractionBucket) error {
	if _, err := a.t.exec(ctx, `/* Store.Analytics.ReplaceInteractionRollups.delete */
DELETE FROM analytics_interactions_hourly WHERE hour >= $1 AND hour < $2`, fromHour, toHour); err != nil {
		return err
	}
	err := a.t.insertBatches(ctx, `/* Store.Analytics.ReplaceInteractionRollups.upsert */
INSERT INTO analytics_interactions_hourly (hour, project_id, interaction_type, interactions, dwell_seconds) VALUES `,
		` ON CONFLICT (hour, project_id, interaction_type) DO UPDATE SET interactions = excluded.interactions,
  dwell_seconds = excluded.dwell_seconds`,
		len(rows), 5, func(i int) []any {
			r := rows[i]
			return []any{r.Hour, r.ProjectID, r.Type, r.Interactions, r.DwellSeconds}
		})
	if err != nil {
		return err
	}
	if _, err := a.t.exec(ctx, `/* Store.Analytics.ReplaceInteractionRollups.projectsDelete */
DELETE FROM analytics_projects_hourly WHERE hour >= $1 AND hour < $2`, fromHour, toHour); err != nil {
		return err
	}
	_, err = a.t.exec(ctx, `/* Store.Analytics.ReplaceInteractionRollups.projects */
INSERT INTO analytics_projects_hourly (hour, project_id, interactions, dwell_seconds)
SELECT hour, project_id, CAST(SUM(interactions) AS BIGINT), SUM(dwell_seconds)
FROM analytics_interactions_hourly WHERE hour >= $1 AND hour < $2
GROUP BY hour, project_id`, fromHour, toHour)
	return err
}

func (a analyticsTx) RefreshInteractionDailyRollups(ctx context.Context, fromDay, toDay int64) error {
	if _, err := a.t.exec(ctx, `/* Store.Analytics.RefreshInteractionDailyRollups.delete */
DELETE FROM analytics_interactions_daily WHERE day >= $1 AND day < $2`, fromDay, toDay); err != nil {
		return err
	}
	_, err := a.t.exec(ctx, `/* Store.Analytics.RefreshInteractionDailyRollups.insert */
INSERT INTO analytics_interactions_daily (day, project_id, interaction_type, interactions, dwell_seconds)
SELECT (hour / 86400) * 86400, project_id, interaction_type, CAST(SUM(interactions) AS BIGINT), SUM(dwell_seconds)
FROM analytics_interactions_hourly WHERE hour >= $1 AND hour < $2
GROUP BY (hour / 86400) * 86400, project_id, interaction_type`, fromDay, toDay)
	return err
}
