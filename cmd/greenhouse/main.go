// Command greenhouse is the owner's command-line tool for the garden.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/greenhouse-garden/greenhouse/internal/cli"
)

// version is set at link time:
//
//	go build -ldflags "-X main.version=v1.2.3" ./cmd/greenhouse
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	f := cli.NewFactory(cli.System())
	code := cli.Execute(ctx, cli.NewRootCmd(f, version), f)
	stop()
	os.Exit(code)
}
