// Command loadref is the reference server of the one-core load benchmarks
// (BenchmarkLoadOneCore): it runs in its own process, pinned to the same
// CPU as `greenhouse serve`, so that both are measured the same way.
//
//	loadref -addr 127.0.0.1:9000 -bare garden.json [-encoding gzip]
//	loadref -addr 127.0.0.1:9000 -insert sqlite:/tmp/ref.db
//
// With -bare it answers GET / with the file's bytes as they are (the least a
// server can do to serve the garden); with -insert it answers POST / by
// inserting one row on that engine (the least a server can do to record an
// interaction). Both answer GET /readyz, so the benchmark waits for them as
// it waits for serve.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/greenhouse-garden/greenhouse/internal/store"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	bare := flag.String("bare", "", "serve this file's bytes on GET /")
	encoding := flag.String("encoding", "", "Content-Encoding of the -bare file (e.g. gzip)")
	insert := flag.String("insert", "", "insert one row per POST / into this database URL")
	flag.Parse()
	if err := run(*addr, *bare, *encoding, *insert); err != nil {
		fmt.Fprintln(os.Stderr, "loadref:", err)
		os.Exit(1)
	}
}

func run(addr, bare, encoding, insert string) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/readyz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	switch {
	case bare != "":
		body, err := os.ReadFile(bare)
		if err != nil {
			return err
		}
		r.GET("/", func(c *gin.Context) {
			if encoding != "" {
				c.Header("Content-Encoding", encoding)
			}
			c.Data(http.StatusOK, "application/json", body)
		})
	case insert != "":
		h, closeDB, err := insertHandler(ctx, insert)
		if err != nil {
			return err
		}
		defer closeDB()
		r.POST("/", h)
	default:
		return errors.New("one of -bare or -insert is needed")
	}
	srv := &http.Server{Addr: addr, Handler: r}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// insertHandler inserts the request body as one row, in its own transaction,
// through the same store (and so the same SQLite settings) serve uses.
func insertHandler(ctx context.Context, url string) (gin.HandlerFunc, func(), error) {
	db, err := store.Open(ctx, url, store.Options{MaxOpenConns: 20})
	if err != nil {
		return nil, nil, err
	}
	if _, err := db.SQL().ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_insert (id TEXT PRIMARY KEY, body TEXT)`); err != nil {
		db.Close()
		return nil, nil, err
	}
	h := func(c *gin.Context) {
		raw, _ := io.ReadAll(c.Request.Body)
		if _, err := db.SQL().ExecContext(c.Request.Context(), `INSERT INTO bench_insert (id, body) VALUES ($1, $2)`,
			uuid.NewString(), string(raw)); err != nil {
			c.Status(http.StatusInternalServerError)
			return
		}
		c.Data(http.StatusOK, "application/json", []byte(`{"ok":true}`))
	}
	return h, func() { db.Close() }, nil
}
