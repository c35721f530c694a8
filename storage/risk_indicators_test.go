package storage_test

import (
	"context"
	"strings"
	"testing"

	"marketplace/domain/supervision"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// Every risk indicator the domain knows can be stored: the CHECK constraint
// of risk_flags names each one (migrations that each rewrote the whole list
// once dropped one another's).
func TestRiskIndicatorsAllStorable(t *testing.T) {
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
	var def string
	if err := db.SQL().QueryRowContext(ctx, `SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'risk_flags_indicator_check'`).Scan(&def); err != nil {
		t.Fatal(err)
	}
	for _, ind := range supervision.RiskIndicators {
		if !strings.Contains(def, "'"+ind+"'") {
			t.Errorf("risk_flags cannot store indicator %s: %s", ind, def)
		}
	}
}
