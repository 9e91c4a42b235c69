package github

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// SignatureHeader is the header GitHub signs deliveries in.
const SignatureHeader = "X-Hub-Signature-256"

// Reasons a delivery's signature is refused.
const (
	SignatureNoSecret  = "no webhook secret is configured"
	SignatureMissing   = "missing signature header"
	SignatureMalformed = `malformed signature: want "sha256=<64 hex digits>"`
	SignatureMismatch  = "signature does not match the body"
)

// SignatureError says why a webhook delivery was refused. Reason is one of
// the Signature* constants.
type SignatureError struct {
	Reason string
}

func (e *SignatureError) Error() string { return "github: webhook rejected: " + e.Reason }

// VerifySignature checks header (the X-Hub-Signature-256 value,
// "sha256=<hex>") against HMAC-SHA256(secret, body), comparing in constant
// time. body must be the exact bytes received. It returns a *SignatureError
// when the secret is empty, the header is missing or malformed, or the
// digest differs.
func VerifySignature(secret, body []byte, header string) error {
	if len(secret) == 0 {
		return &SignatureError{Reason: SignatureNoSecret}
	}
	header = strings.TrimSpace(header)
	if header == "" {
		return &SignatureError{Reason: SignatureMissing}
	}
	hexSum, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return &SignatureError{Reason: SignatureMalformed}
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil || len(got) != sha256.Size {
		return &SignatureError{Reason: SignatureMalformed}
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return &SignatureError{Reason: SignatureMismatch}
	}
	return nil
}

// Sign returns the X-Hub-Signature-256 value GitHub would send for body.
// It is what tests and local tools use to sign a delivery.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
