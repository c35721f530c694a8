// Command marketplace is the online marketplace for administrative-approval
// intermediary services (中介服务网上交易平台). `go run .` serves it; the
// subcommands print the configuration, migrate, create staff accounts, load
// demo data and run jobs. The wiring lives in tools/server; configuration is
// described in docs/configuration.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"marketplace/tools/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := server.Run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}
