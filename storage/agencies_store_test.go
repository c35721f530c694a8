package storage_test

import (
	"context"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/agency"
	"marketplace/storage/storagetest"
)

func TestDB_AgencyExitAndRejoin(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	a := mustAccount(t, db, domain.RoleAgency, "exit-agency")
	exited := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	err := db.InTx(ctx, func(st domain.Store) error {
		if _, err := st.FindAgency(ctx, a.ID, true); err != nil {
			return err
		}
		return st.SetAgencyExited(ctx, a.ID, exited)
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.FindAgency(ctx, a.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != domain.StatusExited || got.ExitedAt == nil || !got.ExitedAt.Equal(exited) {
		t.Fatalf("after exit: status %q, exited_at %v", got.Status, got.ExitedAt)
	}
	if err := db.SetAgencyRejoined(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got, err = db.FindAgency(ctx, a.ID, false); err != nil {
		t.Fatal(err)
	}
	if got.Status != domain.StatusActive || got.ExitedAt != nil {
		t.Fatalf("after rejoin: status %q, exited_at %v", got.Status, got.ExitedAt)
	}
	if _, err := db.FindAgency(ctx, a.ID+1000, false); err != agency.ErrNotFound {
		t.Fatalf("missing agency: %v, want ErrAgencyNotFound", err)
	}
	es, err := db.FindOpenEngagements(ctx, a.ID)
	if err != nil || len(es) != 0 {
		t.Fatalf("open engagements = %v, %v; want none", es, err)
	}
}

func TestDB_FindDepartments(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	for _, n := range []string{"dept-c", "dept-a", "dept-b"} {
		mustAccount(t, db, domain.RoleDepartment, n)
	}
	ds, total, err := db.FindDepartments(ctx, domain.Page{Page: 2, PerPage: 2})
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(ds) != 1 || ds[0].Name != "dept-c" {
		t.Fatalf("page 2 = %d rows (total %d), want dept-c of 3", len(ds), total)
	}
}
