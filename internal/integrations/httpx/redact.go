package httpx

import (
	"net/http"
	"net/url"
	"strings"
)

// Redacted is what replaces a secret in logs and errors.
const Redacted = "[redacted]"

// secretParams are query parameters that carry credentials. Matching is
// case-insensitive.
func secretParam(name string) bool {
	switch strings.ToLower(name) {
	case "appid", "api_key", "apikey", "key", "access_token", "token", "refresh_token",
		"client_secret", "code", "password", "secret", "sig", "signature":
		return true
	}
	return false
}

// secretHeader reports headers that carry credentials or signatures.
func secretHeader(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie":
		return true
	}
	for _, part := range []string{"token", "secret", "key", "signature", "auth"} {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// RedactURL returns u as a string with the userinfo password and every
// credential-bearing query parameter (appid, api_key, token, …) replaced.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	r := *u
	if r.User != nil {
		r.User = url.User(r.User.Username())
		if _, has := u.User.Password(); has {
			r.User = url.UserPassword(r.User.Username(), "redacted")
		}
	}
	if r.RawQuery == "" {
		return r.String()
	}
	q := r.RawQuery
	r.RawQuery = ""
	base := r.String()
	parts := strings.Split(q, "&")
	for i, p := range parts {
		name, _, hasValue := strings.Cut(p, "=")
		if unescaped, err := url.QueryUnescape(name); err == nil {
			name = unescaped
		}
		if hasValue && secretParam(name) {
			parts[i] = url.QueryEscape(name) + "=" + Redacted
		}
	}
	return base + "?" + strings.Join(parts, "&")
}

// RedactURLString is RedactURL for a URL held as a string. An unparsable
// string is replaced entirely, since its parts cannot be told apart.
func RedactURLString(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return Redacted
	}
	return RedactURL(u)
}

// RedactHeader returns a copy of h, one string per name, with the values of
// Authorization, cookies and any header whose name mentions a token, secret,
// key, signature or auth replaced. It is what log lines show of headers.
func RedactHeader(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		if secretHeader(name) {
			out[name] = Redacted
			continue
		}
		out[name] = strings.Join(values, ", ")
	}
	return out
}
