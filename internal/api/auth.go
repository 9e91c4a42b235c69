package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"golang.org/x/crypto/bcrypt"
)

const (
	tokenIssuer   = "greenhouse"
	secretKeyFile = "secret_key"
	secretKeyLen  = 32
)

// LoadSecret returns the key that signs admin tokens: security.secret_key
// when set, else 32 random bytes generated once into <data_dir>/secret_key
// (mode 0600) and reused by every later start and by `greenhouse token`.
func LoadSecret(cfg *config.Config) ([]byte, error) {
	if cfg.Security.SecretKey != "" {
		return []byte(cfg.Security.SecretKey), nil
	}
	path := filepath.Join(cfg.DataDir, secretKeyFile)
	key, err := os.ReadFile(path)
	switch {
	case err == nil && len(key) >= secretKeyLen:
		return key, nil
	case err == nil:
		return nil, fmt.Errorf("secret key %s is shorter than %d bytes; delete it to generate a new one", path, secretKeyLen)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("read secret key: %w", err)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data_dir: %w", err)
	}
	key = make([]byte, secretKeyLen)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("generate secret key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadSecret(cfg) // another process won the race: use its key
	}
	if err != nil {
		return nil, fmt.Errorf("create secret key: %w", err)
	}
	if _, err := f.Write(key); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("write secret key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write secret key: %w", err)
	}
	return key, nil
}

// DefaultTokenSubject is the subject of the password login's tokens and of
// `token issue` without --subject.
const DefaultTokenSubject = "admin"

// IssueToken signs an admin token valid for ttl from now, for the subject
// "admin" (the password login's).
func IssueToken(secret []byte, now time.Time, ttl time.Duration) (string, error) {
	return IssueTokenFor(secret, DefaultTokenSubject, now, ttl)
}

// subjectPattern is what a token subject may be: a short name for whoever
// holds the token (the admin rate limits are kept per subject).
var subjectPattern = regexp.MustCompile(`^[A-Za-z0-9._@-]{1,64}$`)

// IssueTokenFor signs an admin token for a subject, valid for ttl from now.
func IssueTokenFor(secret []byte, subject string, now time.Time, ttl time.Duration) (string, error) {
	if !subjectPattern.MatchString(subject) {
		return "", fmt.Errorf("issue token: subject %q: want 1 to 64 letters, digits or . _ @ -", subject)
	}
	if len(secret) == 0 {
		return "", errors.New("issue token: no secret key")
	}
	if ttl <= 0 {
		return "", errors.New("issue token: ttl must be positive")
	}
	claims := jwt.RegisteredClaims{
		Issuer: tokenIssuer, Subject: subject,
		IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now.Add(-time.Minute)),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return signed, nil
}

// verifyToken checks an admin token's signature, algorithm, issuer,
// subject and expiry, and returns its subject.
func verifyToken(secret []byte, now func() time.Time, raw string) (string, error) {
	var claims jwt.RegisteredClaims
	_, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithIssuer(tokenIssuer),
		jwt.WithExpirationRequired(), jwt.WithTimeFunc(now))
	if err != nil {
		return "", err
	}
	if !subjectPattern.MatchString(claims.Subject) {
		return "", fmt.Errorf("%w: subject %q", jwt.ErrTokenInvalidSubject, claims.Subject)
	}
	return claims.Subject, nil
}

// bearer returns the token of an Authorization: Bearer header, and whether
// the header was present at all.
func bearer(header string) (string, bool) {
	if header == "" {
		return "", false
	}
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "bearer") {
		return "", true
	}
	return strings.TrimSpace(token), true
}

// isAdmin reports whether the request carries a valid admin token; err is
// set when it carries an invalid one.
func (s *Server) isAdmin(ctx context.Context) (bool, error) {
	raw, present := bearer(state(ctx).r.Header.Get("Authorization"))
	if !present {
		return false, nil
	}
	if raw == "" {
		return false, unauthorized("the Authorization header must be: Bearer <token>")
	}
	subject, err := verifyToken(s.secret, s.now, raw)
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return false, unauthorized("the admin token has expired")
		}
		return false, unauthorized("the admin token is not valid")
	}
	state(ctx).subject = subject
	return true, nil
}

func (s *Server) requireAdmin(ctx context.Context) error {
	ok, err := s.isAdmin(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return unauthorized("an admin token is required (Authorization: Bearer <token>)")
	}
	return nil
}

// checkPassword compares a password with the configured admin password,
// plain text or a bcrypt hash ($2a$/$2b$/$2y$), in constant time.
func checkPassword(configured, given string) bool {
	if configured == "" {
		return false
	}
	if strings.HasPrefix(configured, "$2a$") || strings.HasPrefix(configured, "$2b$") || strings.HasPrefix(configured, "$2y$") {
		return bcrypt.CompareHashAndPassword([]byte(configured), []byte(given)) == nil
	}
	// Hashing both sides first makes the comparison independent of length.
	a, b := sha256.Sum256([]byte(configured)), sha256.Sum256([]byte(given))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
