package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// dirs are the places an isolated test may put config files.
type dirs struct{ cwd, xdg string }

// isolate shields a test from the developer's environment: every
// GREENHOUSE_ variable is blanked (viper ignores empty values), the working
// directory and XDG_CONFIG_HOME are empty temporary directories.
func isolate(t *testing.T) dirs {
	t.Helper()
	for _, key := range Keys() {
		t.Setenv(EnvVar(key), "")
	}
	d := dirs{cwd: t.TempDir(), xdg: t.TempDir()}
	t.Setenv("XDG_CONFIG_HOME", d.xdg)
	t.Chdir(d.cwd)
	return d
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// exampleFile is resolved before a test changes directory.
func exampleFile(t *testing.T) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("..", "..", "config.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadDefaults(t *testing.T) {
	isolate(t)
	got, err := Load(New(), "")
	if err != nil {
		t.Fatalf("Load with no file: %v", err)
	}
	if !reflect.DeepEqual(got, Default()) {
		t.Errorf("Load with no file = %+v, want Default() %+v", got, Default())
	}
	tests := []struct {
		key  string
		got  any
		want any
	}{
		{"data_dir", got.DataDir, "data"},
		{"log.level", got.Log.Level, "info"},
		{"database.url", got.Database.URL, "sqlite:greenhouse.db"},
		{"database engine", got.Database.Engine(), EngineSQLite},
		{"sqlite path", got.SQLitePath(), filepath.Join("data", "greenhouse.db")},
		{"database.max_open_conns", got.Database.MaxOpenConns, 20},
		{"redis.url", got.Redis.URL, ""},
		{"github.timeout", got.GitHub.Timeout, 10 * time.Second},
		{"weather.latitude", got.Weather.Latitude, 52.52},
		{"security.token_ttl", got.Security.TokenTTL, 24 * time.Hour},
		{"cache.dashboard_ttl", got.Cache.DashboardTTL, time.Hour},
		{"server.addr", got.Server.Addr, ":8080"},
		{"server.cors_origins", got.Server.CORSOrigins, []string{}},
		{"server.max_body_bytes", got.Server.MaxBodyBytes, int64(65536)},
		{"server.ui", got.Server.UI, true},
		{"ratelimit.enabled", got.RateLimit.Enabled, true},
		{"realtime.poll_interval", got.Realtime.PollInterval, 500 * time.Millisecond},
		{"worker.enabled_in_serve", got.Worker.EnabledInServe, "auto"},
		{"analytics.timezone", got.Analytics.Timezone, "UTC"},
	}
	for _, tc := range tests {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.key, tc.got, tc.want)
		}
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name             string
		file, env, flag  string
		wantDatabaseURL  string
		wantMaxOpenConns int
	}{
		{"default", "", "", "", "sqlite:greenhouse.db", 20},
		{"file over default", "sqlite:file.db", "", "", "sqlite:file.db", 5},
		{"env over file", "sqlite:file.db", "sqlite:env.db", "", "sqlite:env.db", 7},
		{"env over default", "", "sqlite:env.db", "", "sqlite:env.db", 7},
		{"flag over env", "sqlite:file.db", "sqlite:env.db", "sqlite:flag.db", "sqlite:flag.db", 7},
		{"flag over file", "sqlite:file.db", "", "sqlite:flag.db", "sqlite:flag.db", 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := isolate(t)
			v := New()
			flags := pflag.NewFlagSet("greenhouse", pflag.ContinueOnError)
			flags.String("database-url", "sqlite:flag-default.db", "database URL")
			if err := v.BindPFlag("database.url", flags.Lookup("database-url")); err != nil {
				t.Fatal(err)
			}
			if tc.flag != "" {
				if err := flags.Parse([]string{"--database-url=" + tc.flag}); err != nil {
					t.Fatal(err)
				}
			}
			if tc.env != "" {
				t.Setenv("GREENHOUSE_DATABASE_URL", tc.env)
				t.Setenv("GREENHOUSE_DATABASE_MAX_OPEN_CONNS", "7")
			}
			path := ""
			if tc.file != "" {
				path = writeFile(t, filepath.Join(d.cwd, "explicit.yaml"),
					"database:\n  url: "+tc.file+"\n  max_open_conns: 5\n")
			}
			got, err := Load(v, path)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got.Database.URL != tc.wantDatabaseURL {
				t.Errorf("database.url = %q, want %q", got.Database.URL, tc.wantDatabaseURL)
			}
			if got.Database.MaxOpenConns != tc.wantMaxOpenConns {
				t.Errorf("database.max_open_conns = %d, want %d", got.Database.MaxOpenConns, tc.wantMaxOpenConns)
			}
		})
	}
}

func TestEveryKeyIsBoundToItsEnvVar(t *testing.T) {
	isolate(t)
	for _, key := range Keys() {
		t.Setenv(EnvVar(key), "from-env-"+key)
	}
	v := New()
	for _, key := range Keys() {
		if got := v.Get(key); got != "from-env-"+key {
			t.Errorf("%s: Get = %#v, want the value of %s", key, got, EnvVar(key))
		}
	}
}

func TestEnvLists(t *testing.T) {
	tests := []struct {
		name, key, env string
		get            func(*Config) []string
		want           []string
	}{
		{"comma separated origins", "server.cors_origins", "https://a.example,https://b.example",
			corsOrigins, []string{"https://a.example", "https://b.example"}},
		{"spaces and trailing comma", "server.cors_origins", " https://a.example , http://localhost:5173, ",
			corsOrigins, []string{"https://a.example", "http://localhost:5173"}},
		{"single origin", "server.cors_origins", "https://a.example",
			corsOrigins, []string{"https://a.example"}},
		{"empty variable keeps the default", "server.cors_origins", "",
			corsOrigins, []string{}},
		{"trusted proxies", "server.trusted_proxies", "10.0.0.0/8,192.168.1.1,::1",
			func(c *Config) []string { return c.Server.TrustedProxies }, []string{"10.0.0.0/8", "192.168.1.1", "::1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			isolate(t)
			t.Setenv(EnvVar(tc.key), tc.env)
			got, err := Load(New(), "")
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !slices.Equal(tc.get(got), tc.want) || tc.get(got) == nil {
				t.Errorf("%s = %#v, want %#v", tc.key, tc.get(got), tc.want)
			}
		})
	}
}

func corsOrigins(c *Config) []string { return c.Server.CORSOrigins }

func TestFileValues(t *testing.T) {
	tests := []struct {
		name, yaml string
		get        func(*Config) any
		want       any
	}{
		{"YAML boolean in a string key", "worker:\n  enabled_in_serve: true\n",
			func(c *Config) any { return c.Worker.EnabledInServe }, "true"},
		{"YAML list", "server:\n  cors_origins:\n    - https://a.example\n    - https://b.example\n",
			func(c *Config) any { return c.Server.CORSOrigins }, []string{"https://a.example", "https://b.example"}},
		{"compound duration", "cache:\n  garden_ttl: 1h30m\n",
			func(c *Config) any { return c.Cache.GardenTTL }, 90 * time.Minute},
		{"zero TTL is allowed", "cache:\n  realtime_ttl: 0s\n",
			func(c *Config) any { return c.Cache.RealtimeTTL }, time.Duration(0)},
		{"base URL gains its trailing slash", "github:\n  api_url: https://ghe.example/api/v3\n",
			func(c *Config) any { return c.GitHub.APIURL }, "https://ghe.example/api/v3/"},
		{"integer latitude", "weather:\n  latitude: -33\n",
			func(c *Config) any { return c.Weather.Latitude }, -33.0},
		{"children of an empty section keep defaults", "github:\n",
			func(c *Config) any { return c.GitHub.Timeout }, 10 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := isolate(t)
			path := writeFile(t, filepath.Join(d.cwd, "c.yaml"), tc.yaml)
			got, err := Load(New(), path)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !reflect.DeepEqual(tc.get(got), tc.want) {
				t.Errorf("got %#v, want %#v", tc.get(got), tc.want)
			}
		})
	}
}

func TestInvalidValues(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		yaml   string
		key    string
		hidden string // must not appear in the error
	}{
		{name: "unparsable database URL", key: "database.url", hidden: "hunter2",
			env: map[string]string{"database.url": "postgres://garden:hunter2@[::1"}},
		{name: "unknown engine scheme", key: "database.url",
			env: map[string]string{"database.url": "mysql://x"}},
		{name: "unknown engine hides its password", key: "database.url", hidden: "hunter2",
			env: map[string]string{"database.url": "mysql://root:hunter2@db/garden"}},
		{name: "sqlite without a path", key: "database.url",
			env: map[string]string{"database.url": "sqlite:"}},
		{name: "sqlite with a query", key: "database.url",
			env: map[string]string{"database.url": "sqlite:g.db?_pragma=foreign_keys(1)"}},
		{name: "no connections", key: "database.max_open_conns",
			env: map[string]string{"database.max_open_conns": "0"}},
		{name: "redis scheme", key: "redis.url",
			env: map[string]string{"redis.url": "http://localhost:6379"}},
		{name: "unparsable redis URL", key: "redis.url", hidden: "hunter2",
			env: map[string]string{"redis.url": "redis://:hunter2@[::1"}},
		{name: "relative API URL", key: "github.api_url",
			env: map[string]string{"github.api_url": "api.github.com"}},
		{name: "unparsable API URL", key: "spotify.api_url",
			env: map[string]string{"spotify.api_url": "https://api spotify com/"}},
		{name: "duration without unit in env", key: "github.timeout",
			env: map[string]string{"github.timeout": "ten"}},
		{name: "bare number as duration in YAML", key: "github.timeout",
			yaml: "github:\n  timeout: 10\n"},
		{name: "latitude out of range", key: "weather.latitude",
			env: map[string]string{"weather.latitude": "91"}},
		{name: "longitude out of range", key: "weather.longitude",
			env: map[string]string{"weather.longitude": "-180.5"}},
		{name: "latitude not a number", key: "weather.latitude",
			env: map[string]string{"weather.latitude": "north"}},
		{name: "short secret key", key: "security.secret_key", hidden: "hunter2-short",
			env: map[string]string{"security.secret_key": "hunter2-short"}},
		{name: "sockets fill the whole capacity", key: "realtime.max_connections",
			env: map[string]string{"performance.max_connections": "100"}},
		{name: "collector target of 0", key: "performance.gc_percent",
			env: map[string]string{"performance.gc_percent": "0"}},
		{name: "collector target off", key: "performance.gc_percent",
			yaml: "performance:\n  gc_percent: -1\n"},
		{name: "memory limit past the container's", key: "performance.memory_limit_ratio",
			env: map[string]string{"performance.memory_limit_ratio": "1.5"}},
		{name: "negative memory limit share", key: "performance.memory_limit_ratio",
			yaml: "performance:\n  memory_limit_ratio: -0.1\n"},
		{name: "negative TTL", key: "cache.weather_ttl",
			env: map[string]string{"cache.weather_ttl": "-1m"}},
		{name: "negative TTL in YAML", key: "cache.spotify_ttl",
			yaml: "cache:\n  spotify_ttl: -30s\n"},
		{name: "bad log level", key: "log.level",
			env: map[string]string{"log.level": "verbose"}},
		{name: "bad log format", key: "log.format",
			env: map[string]string{"log.format": "xml"}},
		{name: "port without colon", key: "server.addr",
			env: map[string]string{"server.addr": "8080"}},
		{name: "origin with a path", key: "server.cors_origins",
			env: map[string]string{"server.cors_origins": "https://a.example,https://b.example/"}},
		{name: "origin without scheme", key: "server.cors_origins",
			yaml: "server:\n  cors_origins: [a.example]\n"},
		{name: "bad trusted proxy", key: "server.trusted_proxies",
			env: map[string]string{"server.trusted_proxies": "10.0.0.0/33"}},
		{name: "bad country header", key: "server.country_header",
			env: map[string]string{"server.country_header": "CF IPCountry"}},
		{name: "zero shutdown timeout", key: "server.shutdown_timeout",
			env: map[string]string{"server.shutdown_timeout": "0s"}},
		{name: "body size not a number", key: "server.max_body_bytes",
			env: map[string]string{"server.max_body_bytes": "64k"}},
		{name: "rate limit not a bool", key: "ratelimit.enabled",
			env: map[string]string{"ratelimit.enabled": "sometimes"}},
		{name: "bad visitor_seeds", key: "garden.visitor_seeds",
			env: map[string]string{"garden.visitor_seeds": "everyone"}},
		{name: "negative max visitor seeds", key: "garden.max_visitor_seeds",
			env: map[string]string{"garden.max_visitor_seeds": "-1"}},
		{name: "fractional send queue", key: "realtime.send_queue",
			yaml: "realtime:\n  send_queue: 2.5\n"},
		{name: "zero poll interval", key: "realtime.poll_interval",
			env: map[string]string{"realtime.poll_interval": "0s"}},
		{name: "bad enabled_in_serve", key: "worker.enabled_in_serve",
			env: map[string]string{"worker.enabled_in_serve": "maybe"}},
		{name: "zero worker interval", key: "worker.sync_interval",
			env: map[string]string{"worker.sync_interval": "0s"}},
		{name: "zero retention days", key: "analytics.retention_days",
			env: map[string]string{"analytics.retention_days": "0"}},
		{name: "bad timezone", key: "analytics.timezone",
			env: map[string]string{"analytics.timezone": "Mars/Olympus_Mons"}},
		{name: "map where a string belongs", key: "log.level",
			yaml: "log:\n  level:\n    nested: debug\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := isolate(t)
			for key, value := range tc.env {
				t.Setenv(EnvVar(key), value)
			}
			path := ""
			if tc.yaml != "" {
				path = writeFile(t, filepath.Join(d.cwd, "c.yaml"), tc.yaml)
			}
			_, err := Load(New(), path)
			var keyErr *KeyError
			if !errors.As(err, &keyErr) {
				t.Fatalf("Load error = %v, want a *KeyError", err)
			}
			if keyErr.Key != tc.key {
				t.Errorf("KeyError.Key = %q, want %q (%v)", keyErr.Key, tc.key, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "config: "+tc.key+": ") || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line starting with the key", msg)
			}
			if keyErr.Allowed == "" || !strings.Contains(msg, "; use "+keyErr.Allowed) {
				t.Errorf("error %q does not say what is allowed", msg)
			}
			if tc.hidden != "" && (strings.Contains(msg, tc.hidden) || strings.Contains(keyErr.Value, tc.hidden)) {
				t.Errorf("error %q (Value %q) reveals the secret %q", msg, keyErr.Value, tc.hidden)
			}
		})
	}
}

func TestKeyErrorMessage(t *testing.T) {
	tests := []struct {
		err  *KeyError
		want string
	}{
		{&KeyError{Key: "database.url", Value: "mysql://x", Allowed: "sqlite:PATH or postgres://..."},
			`config: database.url: "mysql://x" is not allowed; use sqlite:PATH or postgres://...`},
		{&KeyError{Key: "data_dir", Value: "", Allowed: "a directory"},
			`config: data_dir: "" is not allowed; use a directory`},
		{&KeyError{Key: "security.secret_key", Value: "hunter2", Allowed: "at least 32 bytes"},
			`config: security.secret_key: the value (hidden, it is a secret) is not allowed; use at least 32 bytes`},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestUnknownKeyInFile(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"misspelt key", "databse:\n  url: sqlite:x.db\n", `unknown key "databse.url"`},
		{"unknown key in a known section", "server:\n  port: 8080\n", `unknown key "server.port"`},
		{"value where a section belongs", "log: debug\n", `"log" is a section`},
		{"removed key", "performance:\n  cache_ttl: 5m\n", `"performance.cache_ttl" was removed: it was read by nothing`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := isolate(t)
			path := writeFile(t, filepath.Join(d.cwd, "c.yaml"), tc.yaml)
			_, err := Load(New(), path)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("Load error = %v, want one naming %s and the file", err, tc.want)
			}
		})
	}
}

// secretKeys is written out rather than derived from the struct tags, so a
// secret that loses its tag fails this test.
func secretKeys() []string {
	return []string{
		"github.token", "github.webhook_secret",
		"spotify.client_secret", "spotify.refresh_token",
		"wakatime.api_key", "weather.api_key",
		"security.secret_key", "security.admin_password",
	}
}

func TestSecretTags(t *testing.T) {
	var tagged []string
	for _, f := range fields(reflect.ValueOf(Default()).Elem(), "") {
		if f.secret == "true" {
			tagged = append(tagged, f.key)
		}
	}
	if !slices.Equal(tagged, secretKeys()) {
		t.Errorf("fields tagged secret = %v, want %v", tagged, secretKeys())
	}
}

func TestRedacted(t *testing.T) {
	isolate(t)
	var values []string
	for _, key := range secretKeys() {
		value := "s3cret-" + strings.ReplaceAll(key, ".", "-") + "-0123456789abcdef0123456789"
		values = append(values, value)
		t.Setenv(EnvVar(key), value)
	}
	t.Setenv(EnvVar("database.url"), "postgres://garden:pg-s3cret@db.example:5432/garden?sslmode=disable")
	t.Setenv(EnvVar("redis.url"), "rediss://:redis-s3cret@cache.example:6380/0")
	values = append(values, "pg-s3cret", "redis-s3cret")

	cfg, err := Load(New(), "")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	before := *cfg
	red := cfg.Redacted()

	byKey := map[string]string{}
	for _, f := range fields(reflect.ValueOf(red).Elem(), "") {
		if s, ok := f.value.Interface().(string); ok {
			byKey[f.key] = s
		}
	}
	for _, key := range secretKeys() {
		if byKey[key] != RedactedValue {
			t.Errorf("%s = %q, want %q", key, byKey[key], RedactedValue)
		}
	}
	tests := []struct{ key, want string }{
		{"database.url", "postgres://garden:[redacted]@db.example:5432/garden?sslmode=disable"},
		{"redis.url", "rediss://:[redacted]@cache.example:6380/0"},
		{"spotify.client_id", ""},
		{"github.api_url", "https://api.github.com/"},
	}
	for _, tc := range tests {
		if byKey[tc.key] != tc.want {
			t.Errorf("%s = %q, want %q", tc.key, byKey[tc.key], tc.want)
		}
	}

	var out bytes.Buffer
	if err := red.WriteYAML(&out); err != nil {
		t.Fatal(err)
	}
	for _, secret := range values {
		if strings.Contains(out.String(), secret) {
			t.Errorf("redacted YAML contains %q", secret)
		}
	}
	if !reflect.DeepEqual(*cfg, before) {
		t.Error("Redacted changed the original config")
	}
	if !reflect.DeepEqual(Default().Redacted(), Default()) {
		t.Error("Redacted changed empty secrets; empty must stay empty")
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"sqlite:greenhouse.db", "sqlite:greenhouse.db"},
		{"postgres://garden:pw@db:5432/garden", "postgres://garden:[redacted]@db:5432/garden"},
		{"postgresql://garden:p%40ss@db/garden", "postgresql://garden:[redacted]@db/garden"},
		{"postgres://garden@db/garden", "postgres://garden@db/garden"},
		{"postgres://db/garden?user=g&password=pw&sslmode=require",
			"postgres://db/garden?user=g&password=[redacted]&sslmode=require"},
		{"redis://:pw@localhost:6379/0", "redis://:[redacted]@localhost:6379/0"},
		{"postgres://garden:pw@[::1", "postgres://[redacted]"},
		{"postgres://db:port/garden", "postgres://db:port/garden"},
	}
	for _, tc := range tests {
		if got := redactURL(tc.in); got != tc.want {
			t.Errorf("redactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// yamlKeys flattens a YAML mapping into dotted keys in document order, and
// fails on a leaf without a value, which viper would fill from the default.
func yamlKeys(t *testing.T, n *yaml.Node, prefix string) []string {
	t.Helper()
	var keys []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := prefix+n.Content[i].Value, n.Content[i+1]
		switch {
		case value.Kind == yaml.MappingNode:
			keys = append(keys, yamlKeys(t, value, key+".")...)
		case value.Tag == "!!null":
			t.Errorf("%s has no value", key)
			keys = append(keys, key)
		default:
			keys = append(keys, key)
		}
	}
	return keys
}

func documentKeys(t *testing.T, data []byte) []string {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Content) != 1 {
		t.Fatalf("want one YAML document, got %d", len(doc.Content))
	}
	return yamlKeys(t, doc.Content[0], "")
}

func TestExampleMatchesDefaults(t *testing.T) {
	example := exampleFile(t)
	isolate(t)
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	if got := documentKeys(t, data); !slices.Equal(got, Keys()) {
		t.Errorf("config.example.yaml keys differ from Keys() (order matters):\n%s", diffKeys(got, Keys()))
	}
	fromExample, err := Load(New(), example)
	if err != nil {
		t.Fatalf("Load(config.example.yaml): %v", err)
	}
	defaults, err := Load(New(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffValues(fromExample, defaults) {
		t.Errorf("config.example.yaml: %s (the default of New())", d)
	}
}

// diffKeys lists keys missing from or extra in got, or says the order differs.
func diffKeys(got, want []string) string {
	var lines []string
	for _, k := range want {
		if !slices.Contains(got, k) {
			lines = append(lines, "missing "+k)
		}
	}
	for _, k := range got {
		if !slices.Contains(want, k) {
			lines = append(lines, "extra "+k)
		}
	}
	if len(lines) == 0 {
		lines = append(lines, fmt.Sprintf("order: got %v", got))
	}
	return strings.Join(lines, "\n")
}

func show(v reflect.Value) string {
	if d, ok := v.Interface().(time.Duration); ok {
		return d.String()
	}
	return fmt.Sprintf("%#v", v.Interface())
}

// diffValues names each key whose value differs between got and want.
func diffValues(got, want *Config) []string {
	g := fields(reflect.ValueOf(got).Elem(), "")
	w := fields(reflect.ValueOf(want).Elem(), "")
	var diffs []string
	for i := range g {
		if !reflect.DeepEqual(g[i].value.Interface(), w[i].value.Interface()) {
			diffs = append(diffs, fmt.Sprintf("%s = %s, want %s", g[i].key, show(g[i].value), show(w[i].value)))
		}
	}
	return diffs
}

func TestWriteYAMLRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		cfg  func() *Config
	}{
		{"defaults", Default},
		{"changed values", func() *Config {
			c := Default()
			c.Database.URL = "postgres://garden@db.example/garden"
			c.Server.CORSOrigins = []string{"https://a.example", "http://localhost:5173"}
			c.Server.TrustedProxies = []string{"10.0.0.0/8"}
			c.Cache.GardenTTL = 90 * time.Second
			c.Worker.EnabledInServe = "false"
			c.Weather.Latitude = 40
			c.RateLimit.Enabled = false
			c.Analytics.Timezone = "Europe/Berlin"
			return c
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := isolate(t)
			var out bytes.Buffer
			if err := tc.cfg().WriteYAML(&out); err != nil {
				t.Fatal(err)
			}
			if got := documentKeys(t, out.Bytes()); !slices.Equal(got, Keys()) {
				t.Errorf("WriteYAML keys differ from Keys():\n%s", diffKeys(got, Keys()))
			}
			path := writeFile(t, filepath.Join(d.cwd, "written.yaml"), out.String())
			got, err := Load(New(), path)
			if err != nil {
				t.Fatalf("Load(WriteYAML output): %v\n%s", err, out.String())
			}
			for _, d := range diffValues(got, tc.cfg()) {
				t.Errorf("after WriteYAML and Load: %s", d)
			}
		})
	}
}

func TestConfigFileSearch(t *testing.T) {
	tests := []struct {
		name           string
		cwd, xdg, home bool
		unsetXDG       bool
		explicit       string // "cwd", "missing" or ""
		want           string
		wantNotExist   bool
	}{
		{name: "no file", want: "sqlite:greenhouse.db"},
		{name: "working directory", cwd: true, want: "sqlite:cwd.db"},
		{name: "XDG_CONFIG_HOME", xdg: true, want: "sqlite:xdg.db"},
		{name: "working directory before XDG", cwd: true, xdg: true, want: "sqlite:cwd.db"},
		{name: "~/.config without XDG_CONFIG_HOME", home: true, unsetXDG: true, want: "sqlite:home.db"},
		{name: "explicit file wins", cwd: true, xdg: true, explicit: "cwd", want: "sqlite:explicit.db"},
		{name: "missing explicit file", cwd: true, explicit: "missing", wantNotExist: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := isolate(t)
			home := t.TempDir()
			t.Setenv("HOME", home)
			if tc.unsetXDG {
				t.Setenv("XDG_CONFIG_HOME", "")
			}
			place := func(ok bool, path, db string) {
				if ok {
					writeFile(t, path, "database:\n  url: sqlite:"+db+"\n")
				}
			}
			place(tc.cwd, filepath.Join(d.cwd, "config.yaml"), "cwd.db")
			place(tc.xdg, filepath.Join(d.xdg, "greenhouse", "config.yaml"), "xdg.db")
			place(tc.home, filepath.Join(home, ".config", "greenhouse", "config.yaml"), "home.db")
			path := ""
			switch tc.explicit {
			case "cwd":
				path = writeFile(t, filepath.Join(d.cwd, "explicit.yaml"), "database:\n  url: sqlite:explicit.db\n")
			case "missing":
				path = filepath.Join(d.cwd, "missing.yaml")
			}
			got, err := Load(New(), path)
			if tc.wantNotExist {
				if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
					t.Fatalf("Load(%q) error = %v, want one naming the missing file", path, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got.Database.URL != tc.want {
				t.Errorf("database.url = %q, want %q", got.Database.URL, tc.want)
			}
		})
	}
}

func TestDatabaseEngineAndSQLitePath(t *testing.T) {
	tests := []struct {
		dataDir, url, engine, path string
	}{
		{".", "sqlite:greenhouse.db", EngineSQLite, "greenhouse.db"},
		{"/var/lib/greenhouse", "sqlite:greenhouse.db", EngineSQLite, "/var/lib/greenhouse/greenhouse.db"},
		{"/var/lib/greenhouse", "sqlite:data/g.db", EngineSQLite, "/var/lib/greenhouse/data/g.db"},
		{"/var/lib/greenhouse", "sqlite:/srv/g.db", EngineSQLite, "/srv/g.db"},
		{"/var/lib/greenhouse", "sqlite:///srv/g.db", EngineSQLite, "/srv/g.db"},
		{"/var/lib/greenhouse", "sqlite::memory:", EngineSQLite, SQLiteMemory},
		{".", "postgres://db/garden", EnginePostgres, ""},
		{".", "postgresql://db/garden", EnginePostgres, ""},
		{".", "mysql://db/garden", "", ""},
	}
	for _, tc := range tests {
		c := Default()
		c.DataDir, c.Database.URL = tc.dataDir, tc.url
		if got := c.Database.Engine(); got != tc.engine {
			t.Errorf("Engine(%q) = %q, want %q", tc.url, got, tc.engine)
		}
		if got := c.SQLitePath(); got != tc.path {
			t.Errorf("SQLitePath(%q, %q) = %q, want %q", tc.dataDir, tc.url, got, tc.path)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{500 * time.Millisecond, "500ms"},
		{90 * time.Second, "1m30s"},
		{5 * time.Minute, "5m"},
		{time.Hour, "1h"},
		{24 * time.Hour, "24h"},
		{90 * time.Minute, "1h30m"},
		{time.Hour + time.Second, "1h0m1s"},
		{-5 * time.Minute, "-5m"},
	}
	for _, tc := range tests {
		if got := formatDuration(tc.in); got != tc.want {
			t.Errorf("formatDuration(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
