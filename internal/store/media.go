package store

import (
	"context"
	"database/sql"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

func (t *tx) ListMedia(ctx context.Context, projectID uuid.UUID) ([]*domain.ProjectMedia, error) {
	rows, err := t.query(ctx, `/* Store.ListMedia */
SELECT id, project_id, position, kind, url, caption, alt_text, created_at
FROM project_media WHERE project_id = $1 ORDER BY position, id`, projectID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []*domain.ProjectMedia{}
	for rows.Next() {
		var (
			m            domain.ProjectMedia
			caption, alt sql.NullString
		)
		if err := rows.Scan(&m.ID, &m.ProjectID, &m.Position, &m.Kind, &m.URL, &caption, &alt, &m.CreatedAt); err != nil {
			return nil, translate(err)
		}
		m.Caption, m.AltText, m.CreatedAt = caption.String, alt.String, m.CreatedAt.UTC()
		out = append(out, &m)
	}
	return out, translate(rows.Err())
}

// ReplaceMedia rewrites a project's list (at most 20 rows) and its
// media_count in the caller's transaction.
func (t *tx) ReplaceMedia(ctx context.Context, projectID uuid.UUID, items []*domain.ProjectMedia) error {
	if _, err := t.exec(ctx, `/* Store.ReplaceMedia */ DELETE FROM project_media WHERE project_id = $1`, projectID); err != nil {
		return err
	}
	if len(items) > 0 {
		err := insertRows(ctx, t, `/* Store.ReplaceMedia */
INSERT INTO project_media (id, project_id, position, kind, url, caption, alt_text, created_at) VALUES `,
			8, len(items), func(i int) []any {
				m := items[i]
				return []any{m.ID, projectID, m.Position, m.Kind, m.URL, nullStr(m.Caption), nullStr(m.AltText), m.CreatedAt.UTC()}
			})
		if err != nil {
			return err
		}
	}
	res, err := t.exec(ctx, `/* Store.ReplaceMedia */ UPDATE projects SET media_count = $2 WHERE id = $1`, projectID, len(items))
	if err != nil {
		return err
	}
	return mustAffect(res, "project", projectID.String())
}
