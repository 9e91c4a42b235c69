package store

import (
	"context"
	"database/sql"
	"time"
)

// IdleSessionTokens returns the tokens of open sessions whose last activity
// is before the cutoff, oldest first.
func (t *tx) IdleSessionTokens(ctx context.Context, before time.Time, limit int) ([]string, error) {
	rows, err := t.query(ctx, `/* Store.IdleSessionTokens */
SELECT session_token FROM visitor_sessions
WHERE ended_at IS NULL AND last_activity_at < $1 AND session_token IS NOT NULL
ORDER BY last_activity_at, id LIMIT $2`, before.UTC(), limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var tok sql.NullString
		if err := rows.Scan(&tok); err != nil {
			return nil, translate(err)
		}
		out = append(out, tok.String)
	}
	return out, translate(rows.Err())
}
