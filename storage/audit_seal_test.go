package storage_test

import (
	"context"
	"testing"

	"marketplace/domain"
	"marketplace/storage/storagetest"
)

// Sealing chains a batch of audit rows with statements that do not grow
// with the batch: the bids write two audit rows each, and the sealer runs
// beside them on the same cores (docs/performance.md).
func TestAudit_SealStatementsDoNotGrowWithRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	if _, err := m.Audit().Seal(ctx, 5000); err != nil { // what the migrations wrote
		t.Fatal(err)
	}
	seal := func(rows int) (sealed int, statements int64) {
		t.Helper()
		for i := range rows {
			if err := db.AppendAudit(ctx, domain.NewAudit(domain.SystemActor, "test.row", "project", "1", map[string]any{"i": i})); err != nil {
				t.Fatal(err)
			}
		}
		before := db.Statements()
		n, err := m.Audit().Seal(ctx, 5000)
		if err != nil {
			t.Fatal(err)
		}
		return n, db.Statements() - before
	}
	n1, s1 := seal(2)
	n2, s2 := seal(200)
	if n1 != 2 || n2 != 200 {
		t.Fatalf("sealed %d and %d rows, want 2 and 200", n1, n2)
	}
	if s2 != s1 {
		t.Errorf("sealing 200 rows sent %d statements, 2 rows %d", s2, s1)
	}
	v, err := m.Audit().Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK || v.Unsealed != 0 {
		t.Fatalf("chain after batched seals: %+v", v)
	}
}
