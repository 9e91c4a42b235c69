// Package config loads greenhouse's settings. Precedence, highest first:
// command-line flags, environment (GREENHOUSE_ + the dotted key with "." as
// "_"), the config file, then the defaults below.
//
// The Config struct is the single source of truth: its mapstructure tags are
// the keys, Default() holds their defaults, and the `secret` tag marks what
// Redacted hides. New, Keys and WriteYAML all walk the struct, so a key added
// to it is bound, documented and written without touching a second list.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/spf13/afero"
	"github.com/spf13/viper"
)

// EnvPrefix starts every environment variable greenhouse reads.
const EnvPrefix = "GREENHOUSE"

// Database engines returned by DatabaseConfig.Engine.
const (
	EngineSQLite   = "sqlite"
	EnginePostgres = "postgres"
)

// SQLiteMemory is the SQLite path of an in-memory database (sqlite::memory:).
const SQLiteMemory = ":memory:"

// Config is every setting greenhouse reads. Tags: mapstructure for viper,
// yaml for the file layout, secret ("true", or "url" when only the password
// inside a URL is secret) for Redacted.
type Config struct {
	DataDir     string            `mapstructure:"data_dir" yaml:"data_dir"`
	Log         LogConfig         `mapstructure:"log" yaml:"log"`
	Database    DatabaseConfig    `mapstructure:"database" yaml:"database"`
	Redis       RedisConfig       `mapstructure:"redis" yaml:"redis"`
	GitHub      GitHubConfig      `mapstructure:"github" yaml:"github"`
	Spotify     SpotifyConfig     `mapstructure:"spotify" yaml:"spotify"`
	WakaTime    WakaTimeConfig    `mapstructure:"wakatime" yaml:"wakatime"`
	Weather     WeatherConfig     `mapstructure:"weather" yaml:"weather"`
	Security    SecurityConfig    `mapstructure:"security" yaml:"security"`
	Performance PerformanceConfig `mapstructure:"performance" yaml:"performance"`
	Cache       CacheConfig       `mapstructure:"cache" yaml:"cache"`
	Server      ServerConfig      `mapstructure:"server" yaml:"server"`
	RateLimit   RateLimitConfig   `mapstructure:"ratelimit" yaml:"ratelimit"`
	Garden      GardenConfig      `mapstructure:"garden" yaml:"garden"`
	Realtime    RealtimeConfig    `mapstructure:"realtime" yaml:"realtime"`
	Worker      WorkerConfig      `mapstructure:"worker" yaml:"worker"`
	Analytics   AnalyticsConfig   `mapstructure:"analytics" yaml:"analytics"`
}

// LogConfig selects the slog level and handler.
type LogConfig struct {
	Level  string `mapstructure:"level" yaml:"level"`
	Format string `mapstructure:"format" yaml:"format"`
}

// DatabaseConfig selects the engine through the URL scheme.
type DatabaseConfig struct {
	URL            string `mapstructure:"url" yaml:"url" secret:"url"`
	MaxOpenConns   int    `mapstructure:"max_open_conns" yaml:"max_open_conns"`
	MigrateOnStart bool   `mapstructure:"migrate_on_start" yaml:"migrate_on_start"`
}

// RedisConfig is optional: an empty URL keeps pub/sub and caches in-process.
type RedisConfig struct {
	URL string `mapstructure:"url" yaml:"url" secret:"url"`
}

// GitHubConfig feeds project growth from repository activity.
type GitHubConfig struct {
	Token         string        `mapstructure:"token" yaml:"token" secret:"true"`
	WebhookSecret string        `mapstructure:"webhook_secret" yaml:"webhook_secret" secret:"true"`
	APIURL        string        `mapstructure:"api_url" yaml:"api_url"`
	Timeout       time.Duration `mapstructure:"timeout" yaml:"timeout"`
}

// SpotifyConfig feeds the "now playing" widget.
type SpotifyConfig struct {
	ClientID     string `mapstructure:"client_id" yaml:"client_id"`
	ClientSecret string `mapstructure:"client_secret" yaml:"client_secret" secret:"true"`
	RefreshToken string `mapstructure:"refresh_token" yaml:"refresh_token" secret:"true"`
	APIURL       string `mapstructure:"api_url" yaml:"api_url"`
	AccountsURL  string `mapstructure:"accounts_url" yaml:"accounts_url"`
}

// WakaTimeConfig feeds coding-activity insights.
type WakaTimeConfig struct {
	APIKey string `mapstructure:"api_key" yaml:"api_key" secret:"true"`
	APIURL string `mapstructure:"api_url" yaml:"api_url"`
}

// WeatherConfig drives the garden's weather. Open-Meteo needs no key;
// setting APIKey switches to OpenWeatherMap.
type WeatherConfig struct {
	APIKey            string  `mapstructure:"api_key" yaml:"api_key" secret:"true"`
	Latitude          float64 `mapstructure:"latitude" yaml:"latitude"`
	Longitude         float64 `mapstructure:"longitude" yaml:"longitude"`
	OpenMeteoURL      string  `mapstructure:"open_meteo_url" yaml:"open_meteo_url"`
	OpenWeatherMapURL string  `mapstructure:"openweathermap_url" yaml:"openweathermap_url"`
}

// SecurityConfig protects the admin API.
type SecurityConfig struct {
	SecretKey     string        `mapstructure:"secret_key" yaml:"secret_key" secret:"true"`
	AdminPassword string        `mapstructure:"admin_password" yaml:"admin_password" secret:"true"`
	TokenTTL      time.Duration `mapstructure:"token_ttl" yaml:"token_ttl"`
}

// PerformanceConfig holds the seed's generic limits.
type PerformanceConfig struct {
	// MaxConnections bounds requests in flight and open sockets together;
	// past it serve answers 503 with Retry-After.
	MaxConnections int `mapstructure:"max_connections" yaml:"max_connections"`
	// GCPercent is the Go collector's target for serve and worker (GOGC,
	// which wins when set): how far the heap grows past what is live
	// before a collection (internal/app/runtime.go).
	GCPercent int `mapstructure:"gc_percent" yaml:"gc_percent"`
	// MemoryLimitRatio is the share of the container's memory limit
	// (cgroup) given to Go as its soft limit (GOMEMLIMIT, which wins when
	// set); 0 sets none.
	MemoryLimitRatio float64 `mapstructure:"memory_limit_ratio" yaml:"memory_limit_ratio"`
}

// CacheConfig holds one TTL per cached view.
type CacheConfig struct {
	GardenTTL    time.Duration `mapstructure:"garden_ttl" yaml:"garden_ttl"`
	WeatherTTL   time.Duration `mapstructure:"weather_ttl" yaml:"weather_ttl"`
	ProjectTTL   time.Duration `mapstructure:"project_ttl" yaml:"project_ttl"`
	DashboardTTL time.Duration `mapstructure:"dashboard_ttl" yaml:"dashboard_ttl"`
	RealtimeTTL  time.Duration `mapstructure:"realtime_ttl" yaml:"realtime_ttl"`
	GitHubTTL    time.Duration `mapstructure:"github_ttl" yaml:"github_ttl"`
	SpotifyTTL   time.Duration `mapstructure:"spotify_ttl" yaml:"spotify_ttl"`
}

// ServerConfig configures the HTTP API.
type ServerConfig struct {
	Addr            string        `mapstructure:"addr" yaml:"addr"`
	CORSOrigins     []string      `mapstructure:"cors_origins" yaml:"cors_origins"`
	TrustedProxies  []string      `mapstructure:"trusted_proxies" yaml:"trusted_proxies"`
	CountryHeader   string        `mapstructure:"country_header" yaml:"country_header"`
	ShutdownTimeout time.Duration `mapstructure:"shutdown_timeout" yaml:"shutdown_timeout"`
	MaxBodyBytes    int64         `mapstructure:"max_body_bytes" yaml:"max_body_bytes"`
	RequestTimeout  time.Duration `mapstructure:"request_timeout" yaml:"request_timeout"`
	// DebugAddr is where serve exposes net/http/pprof; empty: nowhere.
	DebugAddr string `mapstructure:"debug_addr" yaml:"debug_addr"`
	// UI serves the embedded garden page at / (off for API-only deployments).
	UI bool `mapstructure:"ui" yaml:"ui"`
}

// RateLimitConfig switches the per-route limits on or off.
type RateLimitConfig struct {
	Enabled bool `mapstructure:"enabled" yaml:"enabled"`
}

// GardenConfig governs what visitors may plant.
type GardenConfig struct {
	VisitorSeeds    string `mapstructure:"visitor_seeds" yaml:"visitor_seeds"`
	MaxVisitorSeeds int    `mapstructure:"max_visitor_seeds" yaml:"max_visitor_seeds"`
}

// RealtimeConfig sizes the event stream.
type RealtimeConfig struct {
	Retention      time.Duration `mapstructure:"retention" yaml:"retention"`
	MaxConnections int           `mapstructure:"max_connections" yaml:"max_connections"`
	SendQueue      int           `mapstructure:"send_queue" yaml:"send_queue"`
	PollInterval   time.Duration `mapstructure:"poll_interval" yaml:"poll_interval"`
}

// WorkerConfig schedules the background jobs.
type WorkerConfig struct {
	EnabledInServe   string        `mapstructure:"enabled_in_serve" yaml:"enabled_in_serve"`
	WeatherInterval  time.Duration `mapstructure:"weather_interval" yaml:"weather_interval"`
	GrowthInterval   time.Duration `mapstructure:"growth_interval" yaml:"growth_interval"`
	SyncInterval     time.Duration `mapstructure:"sync_interval" yaml:"sync_interval"`
	InsightsInterval time.Duration `mapstructure:"insights_interval" yaml:"insights_interval"`
	SessionIdle      time.Duration `mapstructure:"session_idle" yaml:"session_idle"`
}

// AnalyticsConfig bounds how long visits are kept and how days are cut.
type AnalyticsConfig struct {
	RetentionDays int    `mapstructure:"retention_days" yaml:"retention_days"`
	Timezone      string `mapstructure:"timezone" yaml:"timezone"`
}

// Default returns a fresh Config holding every default. It is what Load
// returns when nothing is configured, and what tests can start from.
func Default() *Config {
	return &Config{
		DataDir:  "data",
		Log:      LogConfig{Level: "info", Format: "text"},
		Database: DatabaseConfig{URL: "sqlite:greenhouse.db", MaxOpenConns: 20},
		GitHub: GitHubConfig{
			APIURL:  "https://api.github.com/",
			Timeout: 10 * time.Second,
		},
		Spotify: SpotifyConfig{
			APIURL:      "https://api.spotify.com/v1/",
			AccountsURL: "https://accounts.spotify.com/",
		},
		WakaTime: WakaTimeConfig{APIURL: "https://wakatime.com/api/v1/"},
		Weather: WeatherConfig{
			Latitude:          52.52,
			Longitude:         13.405,
			OpenMeteoURL:      "https://api.open-meteo.com/v1/",
			OpenWeatherMapURL: "https://api.openweathermap.org/data/2.5/",
		},
		Security:    SecurityConfig{TokenTTL: 24 * time.Hour},
		Performance: PerformanceConfig{MaxConnections: 10000, GCPercent: 400, MemoryLimitRatio: 0.9},
		Cache: CacheConfig{
			GardenTTL:    5 * time.Minute,
			WeatherTTL:   15 * time.Minute,
			ProjectTTL:   30 * time.Minute,
			DashboardTTL: time.Hour,
			RealtimeTTL:  time.Minute,
			GitHubTTL:    30 * time.Minute,
			SpotifyTTL:   5 * time.Minute,
		},
		Server: ServerConfig{
			Addr:            ":8080",
			CORSOrigins:     []string{},
			TrustedProxies:  []string{},
			ShutdownTimeout: 10 * time.Second,
			MaxBodyBytes:    64 << 10,
			RequestTimeout:  15 * time.Second,
			UI:              true,
		},
		RateLimit: RateLimitConfig{Enabled: true},
		Garden:    GardenConfig{VisitorSeeds: "moderated", MaxVisitorSeeds: 50},
		Realtime: RealtimeConfig{
			Retention:      24 * time.Hour,
			MaxConnections: 9000,
			SendQueue:      256,
			PollInterval:   500 * time.Millisecond,
		},
		Worker: WorkerConfig{
			EnabledInServe:   "auto",
			WeatherInterval:  15 * time.Minute,
			GrowthInterval:   time.Hour,
			SyncInterval:     time.Hour,
			InsightsInterval: 24 * time.Hour,
			SessionIdle:      30 * time.Minute,
		},
		Analytics: AnalyticsConfig{RetentionDays: 400, Timezone: "UTC"},
	}
}

// New returns a viper instance with defaults registered, every key bound to
// its environment variable, and the implicit config-file search configured.
func New() *viper.Viper {
	v := viper.NewWithOptions(
		viper.WithFinder(fileFinder(implicitConfigFiles())),
		viper.WithDecodeHook(decodeHook()),
		viper.EnvKeyReplacer(strings.NewReplacer(".", "_")),
	)
	// The format is fixed so an explicit --config without .yaml still parses.
	v.SetConfigType("yaml")
	// Set for callers that bind extra keys with BindEnv(key) alone.
	v.SetEnvPrefix(EnvPrefix)
	for _, f := range fields(reflect.ValueOf(Default()).Elem(), "") {
		v.SetDefault(f.key, f.value.Interface())
		// Bound explicitly: viper's AutomaticEnv only sees keys it already
		// knows from Get, not the ones Unmarshal walks.
		v.MustBindEnv(f.key, EnvVar(f.key))
	}
	return v
}

// Load reads the config file (path "" searches ./config.yaml, then
// $XDG_CONFIG_HOME/greenhouse/config.yaml), decodes and validates it.
func Load(v *viper.Viper, path string) (*Config, error) {
	if err := readFile(v, path); err != nil {
		return nil, err
	}
	if err := checkKnownKeys(v); err != nil {
		return nil, err
	}
	if err := checkTypes(v); err != nil {
		return nil, err
	}
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return nil, fmt.Errorf("config: decoding: %w", err)
	}
	c.normalize()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Keys lists every dotted key in file order; New registers a default for each.
func Keys() []string {
	leaves := fields(reflect.ValueOf(Default()).Elem(), "")
	keys := make([]string, len(leaves))
	for i, f := range leaves {
		keys[i] = f.key
	}
	return keys
}

// EnvVar returns the environment variable that sets key,
// e.g. database.url -> GREENHOUSE_DATABASE_URL.
func EnvVar(key string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Engine returns EngineSQLite or EnginePostgres, or "" for anything else.
func (d DatabaseConfig) Engine() string {
	switch urlScheme(d.URL) {
	case "sqlite":
		return EngineSQLite
	case "postgres", "postgresql":
		return EnginePostgres
	}
	return ""
}

// SQLitePath returns the database file with relative paths resolved against
// DataDir, SQLiteMemory for sqlite::memory:, or "" for other engines.
func (c *Config) SQLitePath() string {
	if c.Database.Engine() != EngineSQLite {
		return ""
	}
	p := sqliteFile(c.Database.URL)
	if p == SQLiteMemory || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.DataDir, p)
}

// sqliteFile strips "sqlite:" and an optional "//", so sqlite:///abs.db and
// sqlite:rel.db both work.
func sqliteFile(raw string) string {
	p := raw[len("sqlite:"):]
	return strings.TrimPrefix(p, "//")
}

// normalize fixes what is unambiguous rather than rejecting it: the API
// clients resolve relative paths against base URLs, which only works when
// the base ends in "/".
func (c *Config) normalize() {
	for _, u := range c.baseURLs() {
		if *u.value != "" && !strings.HasSuffix(*u.value, "/") {
			*u.value += "/"
		}
	}
}

type namedURL struct {
	key   string
	value *string
}

// baseURLs lists the upstream API base URLs, for normalize and Validate.
func (c *Config) baseURLs() []namedURL {
	return []namedURL{
		{"github.api_url", &c.GitHub.APIURL},
		{"spotify.api_url", &c.Spotify.APIURL},
		{"spotify.accounts_url", &c.Spotify.AccountsURL},
		{"wakatime.api_url", &c.WakaTime.APIURL},
		{"weather.open_meteo_url", &c.Weather.OpenMeteoURL},
		{"weather.openweathermap_url", &c.Weather.OpenWeatherMapURL},
	}
}

// readFile reads an explicit file, which must exist, or the first implicit
// file found, which may not.
func readFile(v *viper.Viper, path string) error {
	if path != "" {
		v.SetConfigFile(path)
	}
	err := v.ReadInConfig()
	var notFound viper.ConfigFileNotFoundError
	if path == "" && errors.As(err, &notFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("config: reading %s: %w", describeFile(path), err)
	}
	return nil
}

func describeFile(path string) string {
	if path == "" {
		return "config file"
	}
	return path
}

// implicitConfigFiles lists the files tried, in order, without --config.
func implicitConfigFiles() []string {
	files := []string{"config.yaml"}
	if dir := xdgConfigHome(); dir != "" {
		files = append(files, filepath.Join(dir, "greenhouse", "config.yaml"))
	}
	return files
}

// xdgConfigHome follows the XDG spec on every OS (os.UserConfigDir would
// pick ~/Library on macOS): a relative XDG_CONFIG_HOME is ignored.
func xdgConfigHome() string {
	if dir := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(dir) {
		return dir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".config")
}

// fileFinder returns the first regular file of its list. viper's own search
// would also accept config.json, config.toml or an extensionless "config".
type fileFinder []string

// Find implements viper.Finder.
func (f fileFinder) Find(fsys afero.Fs) ([]string, error) {
	for _, name := range f {
		info, err := fsys.Stat(name)
		if err == nil && info.Mode().IsRegular() {
			return []string{name}, nil
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("config: looking for %s: %w", name, err)
		}
	}
	return nil, nil
}

// field is one leaf of Config: a dotted key and its value.
type field struct {
	key    string
	secret string
	value  reflect.Value
}

// fields flattens a Config (or one of its sections) into leaves in
// declaration order, which is also the order of config.example.yaml.
func fields(v reflect.Value, prefix string) []field {
	var out []field
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		key := prefix + sf.Tag.Get("mapstructure")
		if sf.Type.Kind() == reflect.Struct {
			out = append(out, fields(v.Field(i), key+".")...)
			continue
		}
		out = append(out, field{key: key, secret: sf.Tag.Get("secret"), value: v.Field(i)})
	}
	return out
}

// secretKind returns the secret tag of key: "true", "url" or "".
func secretKind(key string) string {
	for _, f := range fields(reflect.ValueOf(Default()).Elem(), "") {
		if f.key == key {
			return f.secret
		}
	}
	return ""
}
