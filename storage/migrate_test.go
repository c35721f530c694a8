package storage_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// Two replicas starting together on an empty database both come up: goose's
// Postgres session lock makes one wait while the other migrates.
func TestDB_MigrateConcurrently(t *testing.T) {
	t.Parallel()
	dsn, drop := storagetest.CreateDatabase(t)
	t.Cleanup(drop)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			db, err := storage.Open(ctx, dsn)
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			errs[i] = db.Migrate(ctx, nil)
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("replica %d: %v", i, err)
		}
	}
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if pending, err := db.PendingMigrations(ctx); err != nil || pending {
		t.Errorf("pending after both replicas migrated: %v %v", pending, err)
	}
}

// A database that lacks a migration numbered below its newest one is
// refused, not patched: migrations apply in one order everywhere, so every
// database went through the same sequence of schemas.
func TestDB_MigrateRefusesOutOfOrder(t *testing.T) {
	t.Parallel()
	dsn, drop := storagetest.CreateDatabase(t)
	t.Cleanup(drop)
	ctx := context.Background()
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// As if 00100 had landed after the database was migrated past it.
	if _, err := db.SQL().ExecContext(ctx, "DELETE FROM goose_db_version WHERE version_id = 100"); err != nil {
		t.Fatal(err)
	}
	err = db.Migrate(ctx, nil)
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("migrating with a lower-numbered migration missing: err = %v, want a refusal naming the missing migration", err)
	}
}
