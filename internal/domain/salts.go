package domain

import (
	"context"
	"fmt"
	"time"
)

// SaltDay formats the day a salt belongs to: YYYY-MM-DD in UTC.
func SaltDay(t time.Time) string { return t.UTC().Format(time.DateOnly) }

func checkSaltDay(day string) error {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return Invalid("day", "must be a date like 2006-01-02")
	}
	return nil
}

// GetSalt returns the visitor-hash salt of day, or an error wrapping
// ErrNotFound when none was made yet.
func (s *Service) GetSalt(ctx context.Context, day string) ([]byte, error) {
	if err := checkSaltDay(day); err != nil {
		return nil, err
	}
	var salt []byte
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		salt, err = tx.GetSalt(ctx, day)
		return err
	})
	return salt, err
}

// PutSaltIfAbsent stores salt for day unless another process stored one
// first, and returns the salt that is now in force.
func (s *Service) PutSaltIfAbsent(ctx context.Context, day string, salt []byte) ([]byte, error) {
	if err := checkSaltDay(day); err != nil {
		return nil, err
	}
	if len(salt) < 16 {
		return nil, Invalid("salt", "must be at least 16 bytes")
	}
	var got []byte
	err := s.store.Update(ctx, func(tx Tx) error {
		if err := tx.InsertSaltIfAbsent(ctx, day, salt, s.Now()); err != nil {
			return err
		}
		var err error
		got, err = tx.GetSalt(ctx, day)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store salt of %s: %w", day, err)
	}
	return got, nil
}

// DeleteSaltsBefore forgets the salts of days before day, so hashes made
// with them can no longer be linked to an address.
func (s *Service) DeleteSaltsBefore(ctx context.Context, day string) (int, error) {
	if err := checkSaltDay(day); err != nil {
		return 0, err
	}
	var n int
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		n, err = tx.DeleteSaltsBefore(ctx, day)
		return err
	})
	return n, err
}
