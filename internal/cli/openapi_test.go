package cli

import (
	"os"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/api"
)

// `greenhouse openapi` prints the document and touches nothing: a database
// that does not answer and an empty data directory stay as they were.
func TestOpenAPIPrintsTheDocumentWithoutADatabase(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.url = "postgres://greenhouse@127.0.0.1:1/nowhere?sslmode=disable&connect_timeout=1"
	r := e.mustRun(t, "openapi")
	want, err := api.Document()
	if err != nil {
		t.Fatal(err)
	}
	if r.out != string(want) || r.errOut != "" {
		t.Errorf("stdout is not the document (%d bytes, want %d); stderr %q", len(r.out), len(want), r.errOut)
	}
	if entries, _ := os.ReadDir(e.dataDir); len(entries) != 0 {
		t.Errorf("the data directory was written: %v", entries)
	}
	if r := e.run(t, "openapi", "extra"); r.code != ExitUsage {
		t.Errorf("an argument: exit %d, want %d", r.code, ExitUsage)
	}
}
