package store

import (
	"context"
	"time"
)

// CommitActivitySince sums the commits recorded in the growth log since a
// time, and counts the projects they went to (the weather model's input).
func (t *tx) CommitActivitySince(ctx context.Context, since time.Time) (commits, projects int, err error) {
	err = t.queryRow(ctx, `/* Store.CommitActivitySince */
SELECT COALESCE(SUM(commits_delta), 0),
       COUNT(DISTINCT CASE WHEN commits_delta > 0 THEN project_id END)
FROM project_growth_log WHERE recorded_at >= $1`, since.UTC()).Scan(&commits, &projects)
	return commits, projects, translate(err)
}
