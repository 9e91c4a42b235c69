package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
)

func TestBackup(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		e.mustRun(t, "plant", "seed", "--name", "Kept")
		path := filepath.Join(t.TempDir(), "copy.db")
		r := e.run(t, "backup", "--output", path)
		if e.engine == store.Postgres {
			if r.code != 1 || !strings.Contains(r.errOut, "pg_dump") {
				t.Fatalf("postgres backup: exit %d %q", r.code, r.errOut)
			}
			return
		}
		if r.code != 0 || strings.TrimSpace(r.out) != path {
			t.Fatalf("backup: exit %d out %q err %q", r.code, r.out, r.errOut)
		}
		copyDB, err := store.Open(context.Background(), "sqlite:"+path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer copyDB.Close()
		p, err := domain.NewService(copyDB).ResolveProject(context.Background(), "Kept")
		if err != nil || p.Name != "Kept" {
			t.Fatalf("the copy lacks the project: %v", err)
		}
		if again := e.run(t, "backup", "--output", path); again.code != 2 {
			t.Fatalf("overwriting a backup: exit %d", again.code)
		}
	})
}

func TestHealthcheck(t *testing.T) {
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) }))
	defer ok.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) }))
	defer down.Close()
	e := newEnv(t, store.SQLite)
	if r := e.run(t, "healthcheck", "--url", ok.URL); r.code != 0 {
		t.Fatalf("healthy server: exit %d %q", r.code, r.errOut)
	}
	if r := e.run(t, "healthcheck", "--url", down.URL); r.code != 1 || !strings.Contains(r.errOut, "503") {
		t.Fatalf("unhealthy server: exit %d %q", r.code, r.errOut)
	}
}
