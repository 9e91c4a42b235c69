package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// GetSalt returns the salt of day (YYYY-MM-DD).
func (t *tx) GetSalt(ctx context.Context, day string) ([]byte, error) {
	var salt []byte
	err := t.q.QueryRowContext(ctx, `/* Store.GetSalt */ SELECT salt FROM visitor_salts WHERE day = $1`, day).Scan(&salt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &domain.NotFoundError{Kind: "salt", Key: day}
	}
	return salt, translate(err)
}

// InsertSaltIfAbsent stores salt for day unless one exists already; the
// caller reads back the winner, so concurrent processes agree on one salt.
func (t *tx) InsertSaltIfAbsent(ctx context.Context, day string, salt []byte, at time.Time) error {
	_, err := t.exec(ctx, `/* Store.InsertSaltIfAbsent */
INSERT INTO visitor_salts (day, salt, created_at) VALUES ($1, $2, $3) ON CONFLICT (day) DO NOTHING`,
		day, salt, at.UTC())
	return err
}

// DeleteSaltsBefore deletes the salts of days before day and says how many.
func (t *tx) DeleteSaltsBefore(ctx context.Context, day string) (int, error) {
	res, err := t.exec(ctx, `/* Store.DeleteSaltsBefore */ DELETE FROM visitor_salts WHERE day < $1`, day)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), translate(err)
}
