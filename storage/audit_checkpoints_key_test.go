package storage_test

import (
	"context"
	"testing"

	"marketplace/storage/storagetest"
)

// The development signing key is generated once: later calls read it back.
func TestDevSigningKey_GeneratedOnce(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	first, err := db.DevSigningKey(ctx)
	if err != nil || first == "" {
		t.Fatalf("first key %q, %v", first, err)
	}
	second, err := db.DevSigningKey(ctx)
	if err != nil || second != first {
		t.Fatalf("second key %q, %v; want the first, %q", second, err, first)
	}
}
