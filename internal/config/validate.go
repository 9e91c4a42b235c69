package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// KeyError reports one bad setting: its dotted key, the value found and
// what is allowed instead.
type KeyError struct{ Key, Value, Allowed string }

// Error names the key and what is allowed on one line. The value of a
// secret key is never printed, whatever Value holds.
func (e *KeyError) Error() string {
	if secretKind(e.Key) == "true" {
		return fmt.Sprintf("config: %s: the value (hidden, it is a secret) is not allowed; use %s", e.Key, e.Allowed)
	}
	return fmt.Sprintf("config: %s: %q is not allowed; use %s", e.Key, e.Value, e.Allowed)
}

// newKeyError keeps secrets out of Value too, since callers may log the
// struct itself rather than its Error().
func newKeyError(key, value, allowed string) *KeyError {
	switch secretKind(key) {
	case "true":
		value = ""
	case "url":
		value = redactURL(value)
	}
	return &KeyError{Key: key, Value: value, Allowed: allowed}
}

// Validate checks every value in file order; the error is the first
// *KeyError found.
func (c *Config) Validate() error {
	return firstError(
		nonEmpty("data_dir", c.DataDir, "a directory for the SQLite file and generated secrets"),
		c.Log.validate(),
		c.Database.validate(),
		c.Redis.validate(),
		c.GitHub.validate(),
		c.Spotify.validate(),
		httpBase("wakatime.api_url", c.WakaTime.APIURL),
		c.Weather.validate(),
		c.Security.validate(),
		c.Performance.validate(),
		c.Cache.validate(),
		c.Server.validate(),
		c.Garden.validate(),
		c.Realtime.validate(),
		socketsLeaveRoom(c.Realtime.MaxConnections, c.Performance.MaxConnections),
		c.Worker.validate(),
		c.Analytics.validate(),
	)
}

func (l LogConfig) validate() error {
	return firstError(
		oneOf("log.level", l.Level, "debug", "info", "warn", "error"),
		oneOf("log.format", l.Format, "text", "json"),
	)
}

func (d DatabaseConfig) validate() error {
	return firstError(
		d.validateURL(),
		positive("database.max_open_conns", d.MaxOpenConns),
	)
}

func (d DatabaseConfig) validateURL() error {
	const allowed = "sqlite:PATH, sqlite::memory: or postgres://USER:PASSWORD@HOST:5432/DB"
	if _, err := url.Parse(d.URL); err != nil {
		return newKeyError("database.url", d.URL, allowed)
	}
	switch d.Engine() {
	case EnginePostgres:
		return nil
	case EngineSQLite:
		return sqliteURL(d.URL)
	}
	return newKeyError("database.url", d.URL, allowed)
}

// sqliteURL rejects a query string: greenhouse sets the pragmas itself, and
// a "?" would otherwise end up in the file name.
func sqliteURL(raw string) error {
	p := sqliteFile(raw)
	if p != "" && !strings.ContainsAny(p, "?#") {
		return nil
	}
	return newKeyError("database.url", raw, "sqlite:PATH with a file path and no query string, or sqlite::memory:")
}

func (r RedisConfig) validate() error {
	if r.URL == "" {
		return nil
	}
	u, err := url.Parse(r.URL)
	if err == nil && u.Opaque == "" && (u.Scheme == "redis" || u.Scheme == "rediss") {
		return nil
	}
	return newKeyError("redis.url", r.URL, "empty for in-process, or redis://[:PASSWORD@]HOST:6379/0 (rediss:// for TLS)")
}

func (g GitHubConfig) validate() error {
	return firstError(
		httpBase("github.api_url", g.APIURL),
		positive("github.timeout", g.Timeout),
	)
}

func (s SpotifyConfig) validate() error {
	return firstError(
		httpBase("spotify.api_url", s.APIURL),
		httpBase("spotify.accounts_url", s.AccountsURL),
	)
}

func (w WeatherConfig) validate() error {
	return firstError(
		between("weather.latitude", w.Latitude, -90, 90),
		between("weather.longitude", w.Longitude, -180, 180),
		httpBase("weather.open_meteo_url", w.OpenMeteoURL),
		httpBase("weather.openweathermap_url", w.OpenWeatherMapURL),
	)
}

func (s SecurityConfig) validate() error {
	return firstError(
		secretKey(s.SecretKey),
		positive("security.token_ttl", s.TokenTTL),
	)
}

// secretKey enforces RFC 7518 §3.2: an HS256 key must be at least as long
// as the 256-bit hash output.
func secretKey(k string) error {
	if k == "" || len(k) >= 32 {
		return nil
	}
	return newKeyError("security.secret_key", k,
		"at least 32 bytes (e.g. from `openssl rand -hex 32`), or leave it empty to generate one into data_dir")
}

func (p PerformanceConfig) validate() error {
	return firstError(
		positive("performance.max_connections", p.MaxConnections),
		between("performance.gc_percent", float64(p.GCPercent), 10, 10000),
		between("performance.memory_limit_ratio", p.MemoryLimitRatio, 0, 1),
	)
}

// socketsLeaveRoom keeps live sockets from filling the server's whole
// capacity: sockets held at realtime.max_connections must leave requests
// (the garden, interactions, the dashboard) room under
// performance.max_connections.
func socketsLeaveRoom(sockets, total int) error {
	if sockets < total {
		return nil
	}
	return newKeyError("realtime.max_connections", strconv.Itoa(sockets), fmt.Sprintf(
		"fewer than performance.max_connections (%d), which counts sockets and requests together; lower it or raise performance.max_connections", total))
}

// validate walks the section so a TTL added later is checked too.
func (c CacheConfig) validate() error {
	for _, f := range fields(reflect.ValueOf(c), "cache.") {
		if err := nonNegative(f.key, f.value.Interface().(time.Duration)); err != nil {
			return err
		}
	}
	return nil
}

func (s ServerConfig) validate() error {
	return firstError(
		listenAddr("server.addr", s.Addr),
		eachOf("server.cors_origins", s.CORSOrigins, isOrigin,
			"origins as scheme://host[:port] without a path, such as https://example.com"),
		eachOf("server.trusted_proxies", s.TrustedProxies, isIPOrCIDR,
			"IP addresses or CIDR ranges, such as 10.0.0.1 or 10.0.0.0/8"),
		headerName("server.country_header", s.CountryHeader),
		positive("server.shutdown_timeout", s.ShutdownTimeout),
		positive("server.max_body_bytes", s.MaxBodyBytes),
		positive("server.request_timeout", s.RequestTimeout),
		optional(s.DebugAddr, func(addr string) error { return listenAddr("server.debug_addr", addr) }),
	)
}

func (g GardenConfig) validate() error {
	return firstError(
		oneOf("garden.visitor_seeds", g.VisitorSeeds, "open", "moderated", "off"),
		nonNegative("garden.max_visitor_seeds", g.MaxVisitorSeeds),
	)
}

func (r RealtimeConfig) validate() error {
	return firstError(
		positive("realtime.retention", r.Retention),
		positive("realtime.max_connections", r.MaxConnections),
		positive("realtime.send_queue", r.SendQueue),
		positive("realtime.poll_interval", r.PollInterval),
	)
}

// validate requires intervals > 0 because time.NewTicker panics on 0.
func (w WorkerConfig) validate() error {
	return firstError(
		oneOf("worker.enabled_in_serve", w.EnabledInServe, "auto", "true", "false"),
		positive("worker.weather_interval", w.WeatherInterval),
		positive("worker.growth_interval", w.GrowthInterval),
		positive("worker.sync_interval", w.SyncInterval),
		positive("worker.insights_interval", w.InsightsInterval),
		positive("worker.session_idle", w.SessionIdle),
	)
}

func (a AnalyticsConfig) validate() error {
	return firstError(
		positive("analytics.retention_days", a.RetentionDays),
		timezone("analytics.timezone", a.Timezone),
	)
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func nonEmpty(key, value, allowed string) error {
	if value != "" {
		return nil
	}
	return newKeyError(key, value, allowed)
}

func oneOf(key, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return newKeyError(key, value, "one of "+strings.Join(allowed, ", "))
}

type number interface {
	~int | ~int64
}

func positive[T number](key string, n T) error {
	return bound(key, n, n > 0, "greater than 0")
}

func nonNegative[T number](key string, n T) error {
	return bound(key, n, n >= 0, "of 0 or more")
}

func bound(key string, n any, ok bool, rule string) error {
	if ok {
		return nil
	}
	if d, isDuration := n.(time.Duration); isDuration {
		return newKeyError(key, formatDuration(d), "a duration "+rule+", such as 5m")
	}
	return newKeyError(key, fmt.Sprint(n), "a whole number "+rule)
}

// between is written so that NaN fails too.
func between(key string, f, lo, hi float64) error {
	if f >= lo && f <= hi {
		return nil
	}
	return newKeyError(key, strconv.FormatFloat(f, 'g', -1, 64), fmt.Sprintf("a number from %g to %g", lo, hi))
}

// httpBase requires the trailing "/" that relative API paths resolve
// against (Load adds it when missing).
func httpBase(key, raw string) error {
	u, err := url.Parse(raw)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.RawQuery == "" && u.Fragment == "" && strings.HasSuffix(u.Path, "/") {
		return nil
	}
	return newKeyError(key, raw, "an absolute http(s) URL ending in /, such as https://api.example.com/v1/")
}

// optional checks value only when it is set.
func optional(value string, check func(string) error) error {
	if value == "" {
		return nil
	}
	return check(value)
}

func listenAddr(key, addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err == nil {
		return nil
	}
	return newKeyError(key, addr, "HOST:PORT, such as :8080 or 127.0.0.1:8080")
}

func eachOf(key string, items []string, ok func(string) bool, allowed string) error {
	for _, item := range items {
		if !ok(item) {
			return newKeyError(key, item, allowed)
		}
	}
	return nil
}

// isOrigin accepts exactly what a browser sends in the Origin header; a
// trailing slash or a path would never match it.
func isOrigin(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && u.Host != "" && u.User == nil &&
		u.Path == "" && u.RawQuery == "" && u.Fragment == "" && !u.ForceQuery
}

func isIPOrCIDR(s string) bool {
	if _, err := netip.ParseAddr(s); err == nil {
		return true
	}
	_, err := netip.ParsePrefix(s)
	return err == nil
}

// tokenChars are the characters RFC 9110 allows in a header name.
const tokenChars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func headerName(key, name string) error {
	if strings.Trim(name, tokenChars) == "" {
		return nil
	}
	return newKeyError(key, name, "empty, or an HTTP header name such as CF-IPCountry")
}

// timezone rejects "" although time.LoadLocation maps it to UTC, so that a
// blank variable does not silently change how days are cut.
func timezone(key, name string) error {
	if name != "" {
		if _, err := time.LoadLocation(name); err == nil {
			return nil
		}
	}
	return newKeyError(key, name, "an IANA time zone such as UTC or Europe/Berlin")
}

// urlScheme returns the lower-case scheme of raw, or "" when it does not parse.
func urlScheme(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Scheme
}

// Error is configuration that cannot be loaded or used: a --config file
// that is missing or not YAML, or a value a part of the application cannot
// work with (a *KeyError inside, or the part's own error). The CLI exits 2.
type Error struct{ Err error }

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }
