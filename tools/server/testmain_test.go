package server

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"marketplace/storage/storagetest"
)

// TestMain lets a test start this very binary as the server (the child runs
// the command as main.go does, with the arguments and environment the test
// gives it), so that the
// shutdown is tested on a real process receiving a real SIGTERM; otherwise
// it runs the tests and waits, after them, for their databases to be dropped.
func TestMain(m *testing.M) {
	if os.Getenv("MARKETPLACE_TEST_SERVE") == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := Run(ctx, os.Args[1:], os.Stdout)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "error:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	storagetest.Main(m)
}
