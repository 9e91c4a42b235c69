package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// RecordDelivery stores a webhook delivery id when it is first seen and
// reports whether it was new; a redelivery finds it already there.
func (t *tx) RecordDelivery(ctx context.Context, id, event, repo string, at time.Time) (bool, error) {
	res, err := t.exec(ctx, `/* Store.RecordDelivery */
INSERT INTO webhook_deliveries (delivery_id, event, repository, received_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (delivery_id) DO NOTHING`, id, event, nullStr(repo), at.UTC())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}

// ForgetDelivery deletes a delivery that could not be queued, so GitHub's
// redelivery is accepted again.
func (t *tx) ForgetDelivery(ctx context.Context, id string) error {
	_, err := t.exec(ctx, `/* Store.ForgetDelivery */ DELETE FROM webhook_deliveries WHERE delivery_id = $1 AND processed_at IS NULL`, id)
	return err
}

// ClaimDelivery marks a delivery processed and reports whether this call did
// it: inside the transaction that applies the delivery's effect, a second
// run of the same job finds it claimed and changes nothing.
func (t *tx) ClaimDelivery(ctx context.Context, id, event string, at time.Time) (bool, error) {
	if _, err := t.exec(ctx, `/* Store.ClaimDelivery.insert */
INSERT INTO webhook_deliveries (delivery_id, event, received_at) VALUES ($1, $2, $3)
ON CONFLICT (delivery_id) DO NOTHING`, id, event, at.UTC()); err != nil {
		return false, err
	}
	res, err := t.exec(ctx, `/* Store.ClaimDelivery */
UPDATE webhook_deliveries SET processed_at = $2 WHERE delivery_id = $1 AND processed_at IS NULL`, id, at.UTC())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}

// PruneDeliveries forgets deliveries received before the cutoff.
func (t *tx) PruneDeliveries(ctx context.Context, before time.Time) (int, error) {
	res, err := t.exec(ctx, `/* Store.PruneDeliveries */ DELETE FROM webhook_deliveries WHERE received_at < $1`, before.UTC())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), translate(err)
}

// FindProjectsByRepo returns the projects linked to a repository
// ("owner/name", compared case-insensitively, as GitHub does).
func (t *tx) FindProjectsByRepo(ctx context.Context, repo string) ([]*domain.Project, error) {
	return t.queryProjects(ctx, `/* Store.FindProjectsByRepo */ SELECT `+projectSelect+
		` FROM projects WHERE lower(github_repo) = lower($1) ORDER BY created_at, id`, repo)
}

// GetSyncState returns the ETag and time of a project's last sync with a
// provider: "" and nil when there is none.
func (t *tx) GetSyncState(ctx context.Context, projectID uuid.UUID, provider string) (string, *time.Time, error) {
	var (
		etag sql.NullString
		at   sql.NullTime
	)
	err := t.queryRow(ctx, `/* Store.GetSyncState */
SELECT etag, synced_at FROM project_sync_state WHERE project_id = $1 AND provider = $2`, projectID, provider).Scan(&etag, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, nil
	}
	return etag.String, tPtr(at), translate(err)
}

// PutSyncState stores the ETag and time of a project's sync.
func (t *tx) PutSyncState(ctx context.Context, projectID uuid.UUID, provider, etag string, at time.Time) error {
	_, err := t.exec(ctx, `/* Store.PutSyncState */
INSERT INTO project_sync_state (project_id, provider, etag, synced_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (project_id, provider) DO UPDATE SET etag = excluded.etag, synced_at = excluded.synced_at`,
		projectID, provider, nullStr(etag), at.UTC())
	return err
}

// LastSyncAt returns when a provider last brought a change, nil if never.
func (t *tx) LastSyncAt(ctx context.Context, provider string) (*time.Time, error) {
	var at time.Time
	err := t.queryRow(ctx, `/* Store.LastSyncAt */
SELECT synced_at FROM project_sync_state WHERE provider = $1 ORDER BY synced_at DESC LIMIT 1`, provider).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil //nolint:nilnil // "never synced" is not an error
	}
	if err != nil {
		return nil, translate(err)
	}
	at = at.UTC()
	return &at, nil
}
