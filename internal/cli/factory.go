package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/app"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Output formats of --output.
const (
	FormatTable = "table"
	FormatJSON  = "json"
)

// Factory holds what commands share: the streams, the settings, and the
// store, opened lazily so `version` or `config show` never touch a database.
type Factory struct {
	IO    *IOStreams
	Viper *viper.Viper

	configPath string // --config
	output     string // --output
	migrate    bool   // --migrate
	parsed     bool   // cobra accepted the command line
	mayCreate  bool   // the command may create the database (see createsGarden)

	cfg *config.Config
	db  *store.DB
	svc *domain.Service
}

// NewFactory builds a factory over io with a fresh viper carrying defaults
// and the GREENHOUSE_ environment bindings.
func NewFactory(io *IOStreams) *Factory {
	return &Factory{IO: io, Viper: config.New(), output: FormatTable}
}

// addPersistentFlags registers the root flags and binds the ones that are
// settings to their config keys, so flag > env > file > default.
func (f *Factory) addPersistentFlags(fs *pflag.FlagSet) {
	fs.StringVar(&f.configPath, "config", "", "config file (default ./config.yaml, then $XDG_CONFIG_HOME/greenhouse/config.yaml)")
	fs.String("data-dir", "", "directory for the SQLite file and generated secrets (data_dir)")
	fs.String("database-url", "", "sqlite:PATH or postgres://... (database.url)")
	fs.StringVarP(&f.output, "output", "o", FormatTable, "output format: table or json")
	fs.BoolVar(&f.migrate, "migrate", false, "apply pending migrations before running (PostgreSQL)")
	// BindPFlag only fails for a nil flag, which would be a typo above.
	_ = f.Viper.BindPFlag("data_dir", fs.Lookup("data-dir"))
	_ = f.Viper.BindPFlag("database.url", fs.Lookup("database-url"))
}

// Output returns the validated --output format.
func (f *Factory) Output() string { return f.output }

func (f *Factory) checkOutput() error {
	if f.output != FormatTable && f.output != FormatJSON {
		return usageErrorf("--output %q: use table or json", f.output)
	}
	return nil
}

// Config loads the settings once.
func (f *Factory) Config() (*config.Config, error) {
	if f.cfg != nil {
		return f.cfg, nil
	}
	cfg, err := config.Load(f.Viper, f.configPath)
	if err != nil {
		return nil, &ConfigError{Err: err}
	}
	f.cfg = cfg
	return cfg, nil
}

// DB opens the store once without touching the schema: the migrate command
// uses it to inspect and move the schema itself.
func (f *Factory) DB(ctx context.Context) (*store.DB, error) {
	if f.db != nil {
		return f.db, nil
	}
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	if f.mayCreate {
		// data_dir also holds generated secrets, so it exists whatever the engine.
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data_dir: %w", err)
		}
	} else if err := requireGarden(cfg, false); err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, app.StoreURL(cfg), store.Options{MaxOpenConns: cfg.Database.MaxOpenConns})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	f.db = db
	return db, nil
}

// Service opens the store with an up-to-date schema and returns the domain.
// SQLite is migrated silently (zero setup for a local garden); PostgreSQL is
// shared with servers, so it only migrates when asked.
func (f *Factory) Service(ctx context.Context) (*domain.Service, error) {
	if f.svc != nil {
		return f.svc, nil
	}
	db, err := f.DB(ctx)
	if err != nil {
		return nil, err
	}
	if err := f.ensureSchema(ctx, db); err != nil {
		return nil, err
	}
	f.svc = domain.NewService(db)
	return f.svc, nil
}

func (f *Factory) ensureSchema(ctx context.Context, db *store.DB) error {
	if db.Engine() == store.SQLite || f.migrate || f.cfg.Database.MigrateOnStart {
		_, err := db.MigrateUp(ctx)
		return err
	}
	// Wraps store.ErrSchemaBehind (exit 2) with a message that says to run
	// `greenhouse migrate up` or pass --migrate.
	return db.CheckSchema(ctx)
}

// Analytics returns the analytics over the same store and garden.
func (f *Factory) Analytics(ctx context.Context) (*analytics.Service, error) {
	svc, err := f.Service(ctx)
	if err != nil {
		return nil, err
	}
	return analytics.NewService(f.db.Analytics(), svc), nil
}

// Close releases the store, if one was opened.
func (f *Factory) Close() error {
	if f.db == nil {
		return nil
	}
	err := f.db.Close()
	f.db, f.svc = nil, nil
	return err
}
