package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/greenhouse-garden/greenhouse/migrations"
	"github.com/pressly/goose/v3"
)

// ErrSchemaBehind means the database has migrations still to apply.
var ErrSchemaBehind = errors.New("database schema is behind")

// MigrationStatus is one migration and whether it has been applied.
type MigrationStatus struct {
	Version   int64      `json:"version"`
	Name      string     `json:"name"`
	Applied   bool       `json:"applied"`
	AppliedAt *time.Time `json:"applied_at,omitempty"`
}

func (db *DB) provider() (*goose.Provider, error) {
	fsys, err := migrations.For(db.Engine())
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if db.Engine() == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db.write, fsys)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// MigrateUp applies every pending migration and returns how many ran.
func (db *DB) MigrateUp(ctx context.Context) (int, error) {
	p, err := db.provider()
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("migrate up: %w", err)
	}
	return len(res), nil
}

// MigrateDown rolls back n migrations (n <= 0 means all of them).
func (db *DB) MigrateDown(ctx context.Context, n int) (int, error) {
	p, err := db.provider()
	if err != nil {
		return 0, err
	}
	if n <= 0 {
		res, err := p.DownTo(ctx, 0)
		if err != nil {
			return len(res), fmt.Errorf("migrate down: %w", err)
		}
		return len(res), nil
	}
	done := 0
	for range n {
		if _, err := p.Down(ctx); err != nil {
			if errors.Is(err, goose.ErrNoNextVersion) {
				break
			}
			return done, fmt.Errorf("migrate down: %w", err)
		}
		done++
	}
	return done, nil
}

// MigrationVersion returns the applied and the latest known version.
func (db *DB) MigrationVersion(ctx context.Context) (current, latest int64, err error) {
	p, err := db.provider()
	if err != nil {
		return 0, 0, err
	}
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("migration version: %w", err)
	}
	return current, latest, nil
}

// MigrationStatus lists every migration.
func (db *DB) MigrationStatus(ctx context.Context) ([]MigrationStatus, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	list, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	out := make([]MigrationStatus, 0, len(list))
	for _, m := range list {
		s := MigrationStatus{Version: m.Source.Version, Name: m.Source.Path, Applied: m.State == goose.StateApplied}
		if s.Applied && !m.AppliedAt.IsZero() {
			at := m.AppliedAt.UTC()
			s.AppliedAt = &at
		}
		out = append(out, s)
	}
	return out, nil
}

// CheckSchema returns ErrSchemaBehind when migrations are pending.
func (db *DB) CheckSchema(ctx context.Context) error {
	current, latest, err := db.MigrationVersion(ctx)
	if err != nil {
		return err
	}
	if current < latest {
		return fmt.Errorf("%w (at version %d of %d): run `greenhouse migrate up` or pass --migrate", ErrSchemaBehind, current, latest)
	}
	return nil
}
