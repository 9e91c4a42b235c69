package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/app"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/spf13/cobra"
)

// createsGarden is the annotation of the commands that may create a
// database (migrate, demo, serve). Every other command refuses a data_dir
// or SQLite file that is not there: a typo in --data-dir, or running from
// another folder, would otherwise open a new empty garden and the owner's
// changes would land where no server reads them.
const createsGarden = "greenhouse/creates-garden"

// markCreatesGarden annotates cmd as one that may create the database.
func markCreatesGarden(cmd *cobra.Command) *cobra.Command {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[createsGarden] = "true"
	return cmd
}

// mayCreateGarden reports whether cmd or one of its parents is marked.
func mayCreateGarden(cmd *cobra.Command) bool {
	for c := cmd; c != nil; c = c.Parent() {
		if c.Annotations[createsGarden] == "true" {
			return true
		}
	}
	return false
}

// NoGardenError is a data_dir or SQLite file that does not exist, met by a
// command that does not create one. It exits 2.
type NoGardenError struct {
	What, Path string
}

func (e *NoGardenError) Error() string {
	return fmt.Sprintf("no garden here: %s %s does not exist; create it with `greenhouse migrate up` "+
		"(empty) or `greenhouse demo` (a demo garden), or point --data-dir at an existing one", e.What, e.Path)
}

// requireGarden checks that what the configuration points at exists: the
// SQLite file (which implies its folder), else data_dir when needSecretDir
// (the generated secret lives there).
func requireGarden(cfg *config.Config, needSecretDir bool) error {
	if p := cfg.SQLitePath(); p != "" && p != config.SQLiteMemory {
		return mustExist("database file", p)
	}
	if needSecretDir {
		return mustExist("data_dir", cfg.DataDir)
	}
	return nil
}

func mustExist(what, path string) error {
	_, err := os.Stat(path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return &NoGardenError{What: what, Path: path}
	}
	return fmt.Errorf("check %s: %w", what, err)
}

// issueLocalToken issues an admin token for subject, signed with this machine's key, for
// commands that do not create a garden: security.secret_key, else the one
// generated into the data_dir of an existing garden (a key made up beside
// no garden would sign tokens no server accepts).
func issueLocalToken(cfg *config.Config, subject string, now time.Time, ttl time.Duration) (string, error) {
	if cfg.Security.SecretKey == "" {
		if err := requireGarden(cfg, true); err != nil {
			return "", err
		}
	}
	return app.IssueToken(cfg, subject, now, ttl)
}
