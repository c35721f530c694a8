package storage_test

import (
	"context"
	"testing"

	"marketplace/domain"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// The demo world goes through the real use cases and reaches every state of
// the lifecycle but the ones only a failure produces later; a second run
// loads nothing.
func TestSeedDemo(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	ctx := context.Background()
	logins, err := storage.SeedDemo(ctx, m, db)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]bool{}
	for _, l := range logins {
		roles[l.Role] = true
	}
	for _, r := range []string{domain.RoleAdmin, domain.RoleDepartment, domain.RoleEnterprise, domain.RoleAgency} {
		if !roles[r] {
			t.Errorf("no %s login printed", r)
		}
	}
	rows, err := db.SQL().QueryContext(ctx, "SELECT DISTINCT status FROM projects")
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]bool{}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		states[s] = true
	}
	rows.Close()
	for _, s := range []string{"draft", "bidding", "evaluating", "failed", "publicity", "awarded", "contracted", "delivered", "accepted", "completed", "cancelled"} {
		if !states[s] {
			t.Errorf("no demo project in state %s", s)
		}
	}
	var grades int
	db.SQL().QueryRowContext(ctx, "SELECT count(DISTINCT credit_grade) FROM agency_profiles").Scan(&grades)
	if grades < 3 {
		t.Errorf("demo agencies span %d credit grades, want varied credit", grades)
	}
	if again, err := storage.SeedDemo(ctx, m, db); err != nil || again != nil {
		t.Errorf("second run: %v %v", again, err)
	}
}
