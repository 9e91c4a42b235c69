package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/store"
)

// noGardenCommands are the curation and read commands: none of them may
// create a database.
var noGardenCommands = [][]string{
	{"plant", "seed", "--name", "Lost"},
	{"project", "list"},
	{"project", "show", "Petal"},
	{"project", "move", "Petal", "--position", "1,0,1"},
	{"skill", "list"},
	{"skill", "add", "--name", "Go", "--category", "backend"},
	{"seeds", "list"},
	{"set", "mood", "--productivity", "0.5"},
	{"announce", "hello"},
	{"dashboard"},
	{"analytics", "rollup"},
	{"analytics", "export"},
	{"token", "issue"},
	{"sync", "github"},
	{"backup"},
	{"generate", "visitors"},
}

// TestNoSilentGarden: a command that does not create gardens, pointed at a
// data_dir or SQLite file that is not there, exits 2 with one line naming
// the path and the commands that create one, and leaves nothing behind.
func TestNoSilentGarden(t *testing.T) {
	for _, missing := range []string{"data_dir", "sqlite file"} {
		for _, args := range noGardenCommands {
			t.Run(missing+"/"+strings.Join(args, "_"), func(t *testing.T) {
				e := newEnv(t, store.SQLite)
				t.Chdir(t.TempDir()) // backup's default output lands here, if anywhere
				e.url = "sqlite:greenhouse.db"
				want := filepath.Join(e.dataDir, "typo", "greenhouse.db")
				e.dataDir = filepath.Join(e.dataDir, "typo")
				if missing == "sqlite file" {
					if err := os.Mkdir(e.dataDir, 0o750); err != nil {
						t.Fatal(err)
					}
				}
				r := e.run(t, args...)
				if r.code != ExitUsage {
					t.Fatalf("exit %d, want %d; stderr %q", r.code, ExitUsage, r.errOut)
				}
				assertOneErrorLine(t, r)
				for _, s := range []string{want, "greenhouse migrate up", "greenhouse demo"} {
					if !strings.Contains(r.errOut, s) {
						t.Errorf("stderr %q does not name %q", r.errOut, s)
					}
				}
				if _, err := os.Stat(want); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s was created (stat: %v)", want, err)
				}
				if missing == "data_dir" {
					if _, err := os.Stat(e.dataDir); !errors.Is(err, fs.ErrNotExist) {
						t.Errorf("data_dir %s was created (stat: %v)", e.dataDir, err)
					}
				}
			})
		}
	}
}

// TestCreatingCommands: migrate and demo create the data_dir and the file,
// after which the read commands work.
func TestCreatingCommands(t *testing.T) {
	for _, create := range [][]string{{"migrate", "up"}, {"demo"}} {
		t.Run(strings.Join(create, "_"), func(t *testing.T) {
			e := newEnv(t, store.SQLite)
			e.url = "sqlite:greenhouse.db"
			e.dataDir = filepath.Join(e.dataDir, "new", "data")
			e.mustRun(t, create...)
			if _, err := os.Stat(filepath.Join(e.dataDir, "greenhouse.db")); err != nil {
				t.Fatalf("%v did not create the garden: %v", create, err)
			}
			e.mustRun(t, "project", "list")
			e.mustRun(t, "token", "issue")
		})
	}
}

// TestDemoCallsNobody: no demo project links to a GitHub repository, so the
// worker's first sync on a demo garden has nothing to ask GitHub.
func TestDemoCallsNobody(t *testing.T) {
	e := newEnv(t, store.SQLite)
	e.mustRun(t, "demo")
	r := e.mustRun(t, "project", "list", "-o", "json")
	if regexp.MustCompile(`"github_repo": "[^"]`).MatchString(r.out) {
		t.Errorf("demo projects link to GitHub:\n%s", r.out)
	}
	if !strings.Contains(r.out, `"Tidepool"`) {
		t.Fatalf("no demo garden listed:\n%s", r.out)
	}
}
