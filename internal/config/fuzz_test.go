package config_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/config"
)

// FuzzLoad feeds arbitrary bytes to config.Load as a YAML file: an operator's
// typo must give an error, never a panic or a config that does not validate.
// A config that loads, written back with WriteYAML, loads to the same value.
func FuzzLoad(f *testing.F) {
	// Blank every GREENHOUSE_ variable (viper ignores empty values), so the
	// developer's environment cannot mask or fail an input.
	for _, key := range config.Keys() {
		f.Setenv(config.EnvVar(key), "")
	}
	if example, err := os.ReadFile(filepath.Join("..", "..", "config.example.yaml")); err == nil {
		f.Add(example)
	}
	var defaults bytes.Buffer
	if err := config.Default().WriteYAML(&defaults); err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		defaults.String(),
		"",
		"data_dir: /var/lib/greenhouse\nlog:\n  level: debug\n  format: json\n",
		"database:\n  url: postgres://gh:pw@db:5432/greenhouse?sslmode=disable\n  max_open_conns: 5\n",
		"server:\n  addr: \":8080\"\n  cors_origins: [\"https://garden.example\"]\n  request_timeout: 10s\n",
		"server:\n  cors_origins: https://a.example,https://b.example\n",
		"github:\n  api_url: https://ghe.example/api/v3\n  timeout: 5\n",
		"analytics:\n  retention_days: -1\n",
		"security:\n  secret_key: short\n",
		"log:\n  level: loud\n",
		"unknown_key: 1\n",
		"database: [1, 2]\n",
		"log: {level: [debug]}\n",
		"weather:\n  latitude: .nan\n",
		"realtime:\n  poll_interval: 1e400s\n",
		"&a [*a]",
		"key: !!binary AAAA\n",
		"\t- not yaml",
		"--- \n...\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Load(config.New(), path)
		if (cfg == nil) == (err == nil) {
			t.Fatalf("Load = %v, %v: want exactly one of a config and an error", cfg, err)
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("Load failed with an empty message")
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("Load returned a config that does not validate: %v", err)
		}
		var out bytes.Buffer
		if err := cfg.WriteYAML(&out); err != nil {
			t.Fatalf("WriteYAML of a loaded config: %v", err)
		}
		again := filepath.Join(dir, "again.yaml")
		if err := os.WriteFile(again, out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		back, err := config.Load(config.New(), again)
		if err != nil {
			t.Fatalf("a loaded config written back does not load: %v\n%s", err, out.Bytes())
		}
		if !reflect.DeepEqual(back, cfg) {
			t.Fatalf("round trip changed the config:\n got %+v\nwant %+v\nyaml:\n%s", back, cfg, out.Bytes())
		}
	})
}
