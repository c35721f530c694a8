package storage_test

import (
	"testing"

	"marketplace/storage/storagetest"
)

// TestMain waits, after the tests, for their databases to be dropped.
func TestMain(m *testing.M) { storagetest.Main(m) }
