// Package debugserver is serve's opt-in profiling listener: net/http/pprof
// on an address of its own (server.debug_addr), never on the API's, so a
// profile can be taken from a running site without exposing it to visitors.
package debugserver

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// Handler serves the pprof index and profiles under /debug/pprof/. It uses
// a mux of its own: importing net/http/pprof registers on
// http.DefaultServeMux too, which greenhouse never serves.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// Serve serves Handler on ln until ctx ends. A CPU profile or trace runs for
// as long as its ?seconds= asks, so there is no write timeout.
func Serve(ctx context.Context, ln net.Listener, logger *slog.Logger) error {
	srv := &http.Server{Handler: Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	logger.Info("profiling listener (server.debug_addr)", "addr", ln.Addr().String())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
