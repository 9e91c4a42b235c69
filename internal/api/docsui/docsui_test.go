package docsui_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/api/docsui"
)

// package.json pins one exact version; the lock file, the copied files and
// README.md name that same one.
func TestDocsUIVersionIsPinned(t *testing.T) {
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	readJSON(t, "package.json", &pkg)
	pinned := pkg.Dependencies["swagger-ui-dist"]
	if pinned == "" || strings.ContainsAny(pinned, "^~<>=* ") {
		t.Fatalf("package.json must pin one exact swagger-ui-dist version, has %q", pinned)
	}
	var lock struct {
		Packages map[string]struct {
			Version   string `json:"version"`
			Integrity string `json:"integrity"`
		} `json:"packages"`
	}
	readJSON(t, "package-lock.json", &lock)
	if l := lock.Packages["node_modules/swagger-ui-dist"]; l.Version != pinned || l.Integrity == "" {
		t.Errorf("package-lock.json has %+v, want %s with its integrity", l, pinned)
	}
	var copied struct {
		Version string `json:"version"`
		License string `json:"license"`
	}
	raw, err := fs.ReadFile(docsui.Assets(), "swagger-ui/package.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &copied); err != nil {
		t.Fatal(err)
	}
	if copied.Version != pinned {
		t.Errorf("assets/swagger-ui are version %s, package.json pins %s: run make docs-ui", copied.Version, pinned)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "| version | "+pinned+" ") || !strings.Contains(string(readme), "| licence | "+copied.License) {
		t.Errorf("README.md does not record version %s and licence %s", pinned, copied.License)
	}
	for _, f := range []string{"swagger-ui/LICENSE", "swagger-ui/NOTICE", "swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css", "init.js"} {
		if _, err := fs.Stat(docsui.Assets(), f); err != nil {
			t.Errorf("%s is not embedded: %v", f, err)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
