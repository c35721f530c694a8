package api_test

import (
	"testing"

	"marketplace/storage/storagetest"
)

// TestMain waits, after the tests, for their databases to be dropped, and
// ends the browser the browser tests share.
func TestMain(m *testing.M) {
	defer stopChrome()
	storagetest.Main(m)
}
