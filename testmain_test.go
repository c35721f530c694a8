package main

import (
	"os"
	"testing"

	"marketplace/storage/storagetest"
)

// TestMain lets a test start this very binary as the server (the child runs
// main with the arguments and environment the test gives it), so that the
// shutdown is tested on a real process receiving a real SIGTERM; otherwise
// it runs the tests and waits, after them, for their databases to be dropped.
func TestMain(m *testing.M) {
	if os.Getenv("MARKETPLACE_TEST_SERVE") == "1" {
		main()
		os.Exit(0)
	}
	storagetest.Main(m)
}
