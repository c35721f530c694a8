package storage_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/jobs"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// SEED_DEMO never moves the clock of a database that is already in use: a
// database with no account yet but where the scheduler has run (a
// production database before its first registration) gets no demo world
// and no row dated in the past.
func TestSeedDemo_LeavesANonEmptyDatabaseAlone(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	ctx := context.Background()
	start, err := db.Now(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sched := jobs.New(m, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Second)
	if _, err := sched.RunOnce(ctx, "seal_audit"); err != nil {
		t.Fatal(err)
	}
	logins, err := storage.SeedDemo(ctx, m, db)
	if err != nil || logins != nil {
		t.Fatalf("seeded a database in use: %d logins, %v", len(logins), err)
	}
	var accounts, backdated int
	db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM accounts").Scan(&accounts)
	db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE at < $1", start.Add(-time.Minute)).Scan(&backdated)
	if accounts != 0 || backdated != 0 {
		t.Errorf("demo data written into a database in use: %d accounts, %d audit rows dated in the past", accounts, backdated)
	}
}

// Two replicas started together with SEED_DEMO on one empty database: one
// loads the demo world, the other waits for it and loads nothing (rather
// than writing a second, back-dated world into the first, or failing).
func TestSeedDemo_ConcurrentSeeders(t *testing.T) {
	t.Parallel()
	dsn, drop := storagetest.CreateDatabase(t)
	t.Cleanup(drop)
	ctx := context.Background()
	var dbs [2]*storage.DB
	for i := range dbs {
		db, err := storage.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	if err := dbs[0].Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// Hold new accounts back until both seeders are under way, so that
	// both have looked at the database before either has written to it.
	hold, err := dbs[0].SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	if _, err := hold.ExecContext(ctx, "LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var logins [2][]storage.DemoLogin
	var errs [2]error
	for i, db := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
			logins[i], errs[i] = storage.SeedDemo(ctx, m, db)
		}()
	}
	// Both seeders wait on a lock: on the held table, or on each other.
	// (Counted on a pool of their own, not in the holding transaction: it
	// would see one cached snapshot.)
	awaitLockWaits(t, dbs[1], nil, 2, "both seeders waited on a lock", lockWaiters)
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("seeders failed: %v / %v", errs[0], errs[1])
	}
	if (len(logins[0]) == 0) == (len(logins[1]) == 0) {
		t.Errorf("want exactly one seeder to load the demo: %d and %d logins", len(logins[0]), len(logins[1]))
	}
	var admins int
	dbs[0].SQL().QueryRowContext(ctx, "SELECT count(*) FROM accounts WHERE role = 'admin'").Scan(&admins)
	if admins != 1 {
		t.Errorf("%d demo admins, want 1", admins)
	}
}
