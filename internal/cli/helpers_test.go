package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// env is one test's garden: a fresh database on one engine and a data_dir.
type env struct {
	engine, url, dataDir string
}

// result is what one command run left behind.
type result struct {
	out, errOut string
	code        int
}

// eachEngine runs fn once per engine, each on a fresh, migrated database.
func eachEngine(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			e.mustRun(t, "migrate", "up")
			fn(t, e)
		})
	}
}

// newEnv isolates the run from the developer's config file and settings.
func newEnv(t *testing.T, engine string) *env {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("GREENHOUSE_DATABASE_URL", "")
	t.Setenv("GREENHOUSE_SECURITY_SECRET_KEY", "")
	return &env{engine: engine, url: storetest.URL(t, engine), dataDir: t.TempDir()}
}

func (e *env) run(t testing.TB, args ...string) result {
	t.Helper()
	return e.runIO(t, "", false, args...)
}

// runIO runs one command in process, as a fresh process would: its own
// factory, streams and store handle.
func (e *env) runIO(t testing.TB, stdin string, terminal bool, args ...string) result {
	t.Helper()
	io, buf := Test()
	io.IsTerminal = terminal
	buf.In.WriteString(stdin)
	f := NewFactory(io)
	root := NewRootCmd(f, "1.2.3-test")
	root.SetArgs(append([]string{"--database-url", e.url, "--data-dir", e.dataDir}, args...))
	code := Execute(context.Background(), root, f)
	return result{out: buf.Out.String(), errOut: buf.ErrOut.String(), code: code}
}

func (e *env) mustRun(t testing.TB, args ...string) result {
	t.Helper()
	r := e.run(t, args...)
	if r.code != 0 {
		t.Fatalf("%v: exit %d, stderr %q", args, r.code, r.errOut)
	}
	return r
}

// counts are the rows a command may have changed.
type counts struct{ projects, skills, connections, growth int }

// count reads the garden through the domain, on its own store handle.
func (e *env) count(t *testing.T) counts {
	t.Helper()
	svc, closeDB := e.service(t)
	defer closeDB()
	ctx := context.Background()
	ps, err := svc.ListProjects(ctx, domain.ProjectFilter{})
	if err != nil {
		t.Fatalf("list projects: %v", err)
	}
	sk, err := svc.ListSkills(ctx)
	if err != nil {
		t.Fatalf("list skills: %v", err)
	}
	cs, err := svc.ListConnections(ctx)
	if err != nil {
		t.Fatalf("list connections: %v", err)
	}
	c := counts{projects: len(ps), skills: len(sk), connections: len(cs)}
	for _, p := range ps {
		h, err := svc.GrowthHistory(ctx, p.ID, 500)
		if err != nil {
			t.Fatalf("growth history: %v", err)
		}
		c.growth += len(h)
	}
	return c
}

func (e *env) service(t *testing.T) (*domain.Service, func()) {
	t.Helper()
	db, err := store.Open(context.Background(), e.url, store.Options{MaxOpenConns: 2})
	if err != nil {
		t.Fatalf("open %s: %v", e.url, err)
	}
	return domain.NewService(db), func() { _ = db.Close() }
}

// assertOneErrorLine checks the failure contract: one line, "error: ...".
func assertOneErrorLine(t *testing.T, r result) {
	t.Helper()
	if !strings.HasPrefix(r.errOut, "error: ") || strings.Count(r.errOut, "\n") != 1 {
		t.Errorf("stderr = %q, want one line starting with \"error: \"", r.errOut)
	}
}
