package storage_test

import (
	"context"
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
