package privacy

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"sync"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// SaltLen is the size of a daily salt in bytes.
const SaltLen = 32

// dayLayout is the format of the day keys of a SaltStore.
const dayLayout = "2006-01-02"

// yesterdayRecheck bounds how long the Hasher trusts its cached view of
// yesterday's salt (present or absent) before asking the store again.
const yesterdayRecheck = time.Minute

// SaltStore persists the daily salts. Days are "YYYY-MM-DD" in UTC.
type SaltStore interface {
	// GetSalt returns the salt of day, or an error wrapping domain.ErrNotFound.
	GetSalt(ctx context.Context, day string) ([]byte, error)
	// PutSaltIfAbsent stores salt for day unless one exists, and returns the
	// salt that is stored afterwards (replicas race to create it).
	PutSaltIfAbsent(ctx context.Context, day string, salt []byte) ([]byte, error)
	// DeleteSaltsBefore deletes the salts of days strictly before day and
	// returns how many it deleted.
	DeleteSaltsBefore(ctx context.Context, day string) (int, error)
}

// Hasher turns (IP, user agent) into a visitor hash that changes every UTC
// day and cannot be reversed once the day's salt is deleted. Salts are never
// logged or returned. Safe for concurrent use.
type Hasher struct {
	store SaltStore
	now   func() time.Time

	mu        sync.Mutex
	today     daySalt // the current day's salt; never deleted while current
	yesterday daySalt // may be absent; rechecked every yesterdayRecheck
}

type daySalt struct {
	day     string
	salt    []byte // nil: absent
	checked time.Time
}

// NewHasher returns a Hasher over the salts in s, reading the time from now.
func NewHasher(s SaltStore, now func() time.Time) *Hasher {
	return &Hasher{store: s, now: now}
}

// Hash returns the hex HMAC-SHA256 of "ip|userAgent" under today's salt
// (creating the salt if needed) and, while yesterday's salt still exists,
// under yesterday's salt too, so a visit that crosses midnight can be joined
// to its session. yesterday is "" when that salt is gone.
func (h *Hasher) Hash(ctx context.Context, ip netip.Addr, userAgent string) (today string, yesterday string, err error) {
	if !ip.IsValid() {
		return "", "", errors.New("privacy: hash: invalid client address")
	}
	now := h.now().UTC()
	day := now.Format(dayLayout)
	prev := now.AddDate(0, 0, -1).Format(dayLayout)

	salt, err := h.todaySalt(ctx, day, now)
	if err != nil {
		return "", "", err
	}
	old, err := h.yesterdaySalt(ctx, prev, now)
	if err != nil {
		return "", "", err
	}

	msg := []byte(ip.Unmap().String() + "|" + userAgent)
	today = sign(salt, msg)
	if old != nil {
		yesterday = sign(old, msg)
	}
	return today, yesterday, nil
}

// Rotate is the daily job: it makes sure today's salt exists and deletes the
// salts of days before yesterday.
func (h *Hasher) Rotate(ctx context.Context) error {
	now := h.now().UTC()
	day := now.Format(dayLayout)
	prev := now.AddDate(0, 0, -1).Format(dayLayout)
	if _, err := h.todaySalt(ctx, day, now); err != nil {
		return err
	}
	if _, err := h.store.DeleteSaltsBefore(ctx, prev); err != nil {
		return fmt.Errorf("privacy: delete salts before %s: %w", prev, err)
	}
	h.mu.Lock()
	if h.yesterday.day != prev {
		h.yesterday = daySalt{}
	}
	h.mu.Unlock()
	return nil
}

// todaySalt returns the salt of day, creating it when absent. The current
// day's salt is cached until the day changes.
func (h *Hasher) todaySalt(ctx context.Context, day string, now time.Time) ([]byte, error) {
	h.mu.Lock()
	if h.today.day == day && h.today.salt != nil {
		s := h.today.salt
		h.mu.Unlock()
		return s, nil
	}
	h.mu.Unlock()

	salt, err := h.store.GetSalt(ctx, day)
	if errors.Is(err, domain.ErrNotFound) {
		fresh := make([]byte, SaltLen)
		if _, err := rand.Read(fresh); err != nil {
			return nil, fmt.Errorf("privacy: new salt: %w", err)
		}
		salt, err = h.store.PutSaltIfAbsent(ctx, day, fresh)
	}
	if err != nil {
		return nil, fmt.Errorf("privacy: salt for %s: %w", day, err)
	}
	if len(salt) == 0 {
		return nil, fmt.Errorf("privacy: salt for %s is empty", day)
	}

	h.mu.Lock()
	defer h.mu.Unlock()
	if h.today.day != day {
		if h.today.day != "" && h.today.day < day {
			// The day just changed: the old "today" is the new "yesterday".
			h.yesterday = daySalt{day: h.today.day, salt: h.today.salt, checked: h.today.checked}
		}
		h.today = daySalt{day: day, salt: salt, checked: now}
	}
	return h.today.salt, nil
}

// yesterdaySalt returns the salt of day (yesterday) or nil when it is gone.
func (h *Hasher) yesterdaySalt(ctx context.Context, day string, now time.Time) ([]byte, error) {
	h.mu.Lock()
	if h.yesterday.day == day && now.Sub(h.yesterday.checked) < yesterdayRecheck && !h.yesterday.checked.IsZero() {
		s := h.yesterday.salt
		h.mu.Unlock()
		return s, nil
	}
	h.mu.Unlock()

	salt, err := h.store.GetSalt(ctx, day)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		salt = nil
	case err != nil:
		return nil, fmt.Errorf("privacy: salt for %s: %w", day, err)
	case len(salt) == 0:
		salt = nil
	}

	h.mu.Lock()
	h.yesterday = daySalt{day: day, salt: salt, checked: now}
	h.mu.Unlock()
	return salt, nil
}

func sign(salt, msg []byte) string {
	m := hmac.New(sha256.New, salt)
	m.Write(msg)
	return hex.EncodeToString(m.Sum(nil))
}

// MemorySalts is an in-process SaltStore for tests and single-process tools.
// Safe for concurrent use.
type MemorySalts struct {
	mu    sync.Mutex
	salts map[string][]byte
}

// NewMemorySalts returns an empty MemorySalts.
func NewMemorySalts() *MemorySalts {
	return &MemorySalts{salts: make(map[string][]byte)}
}

// GetSalt implements SaltStore.
func (m *MemorySalts) GetSalt(_ context.Context, day string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.salts[day]
	if !ok {
		return nil, &domain.NotFoundError{Kind: "salt", Key: day}
	}
	return append([]byte(nil), s...), nil
}

// PutSaltIfAbsent implements SaltStore.
func (m *MemorySalts) PutSaltIfAbsent(_ context.Context, day string, salt []byte) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.salts[day]; ok {
		return append([]byte(nil), s...), nil
	}
	m.salts[day] = append([]byte(nil), salt...)
	return append([]byte(nil), salt...), nil
}

// DeleteSaltsBefore implements SaltStore. Day keys compare as strings.
func (m *MemorySalts) DeleteSaltsBefore(_ context.Context, day string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for d := range m.salts {
		if d < day {
			delete(m.salts, d)
			n++
		}
	}
	return n, nil
}
