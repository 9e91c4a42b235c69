package config

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
)

// RedactedValue is what Redacted puts in place of a secret.
const RedactedValue = "[redacted]"

// Redacted returns a copy with every secret replaced by "[redacted]" when
// set (empty stays empty, so "not configured" remains visible). In URLs only
// the password is replaced, keeping host and database readable.
func (c *Config) Redacted() *Config {
	r := *c
	r.Server.CORSOrigins = slices.Clone(c.Server.CORSOrigins)
	r.Server.TrustedProxies = slices.Clone(c.Server.TrustedProxies)
	for _, f := range fields(reflect.ValueOf(&r).Elem(), "") {
		switch f.secret {
		case "true":
			f.value.SetString(redactString(f.value.String()))
		case "url":
			f.value.SetString(redactURL(f.value.String()))
		}
	}
	return &r
}

func redactString(s string) string {
	if s == "" {
		return ""
	}
	return RedactedValue
}

// redactURL replaces the password in the userinfo and in a libpq-style
// ?password= parameter, and returns raw untouched when neither is present.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactUnparsable(raw)
	}
	query := redactQuery(u.RawQuery)
	_, hasPassword := u.User.Password()
	if !hasPassword && query == u.RawQuery {
		return raw
	}
	u.RawQuery = query
	if !hasPassword {
		return u.String()
	}
	// url.URL would escape the brackets, so a plain placeholder is swapped
	// in after encoding. The escaped user name holds no ":" and comes first,
	// so the first match is the password.
	u.User = url.UserPassword(u.User.Username(), "redacted")
	return strings.Replace(u.String(), ":redacted@", ":"+RedactedValue+"@", 1)
}

// redactQuery keeps the parameter order, which url.Values.Encode would sort.
func redactQuery(rawQuery string) string {
	if rawQuery == "" {
		return ""
	}
	parts := strings.Split(rawQuery, "&")
	for i, p := range parts {
		name, _, _ := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil && strings.EqualFold(n, "password") {
			parts[i] = name + "=" + RedactedValue
		}
	}
	return strings.Join(parts, "&")
}

// redactUnparsable keeps only the scheme of a URL that does not parse but
// may hold credentials, as its userinfo cannot be located reliably.
func redactUnparsable(raw string) string {
	if !strings.Contains(raw, "@") && !strings.Contains(strings.ToLower(raw), "password") {
		return raw
	}
	if scheme, _, ok := strings.Cut(raw, "://"); ok {
		return scheme + "://" + RedactedValue
	}
	return RedactedValue
}
