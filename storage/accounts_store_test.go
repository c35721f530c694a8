package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/identity"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// mustAccount creates an account of the role with a unique e-mail.
func mustAccount(t *testing.T, db *storage.DB, role, name string) *identity.Account {
	t.Helper()
	a := &identity.Account{Role: role, Name: name, Email: name + "@example.cn", Region: "广东省广州市", Status: domain.StatusActive, PasswordHash: "x"}
	if role != domain.RoleDepartment {
		a.USCC = fmt.Sprintf("91440101%010d", len(name)*7919+int(name[0]))
	}
	if err := db.CreateAccount(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDB_Sessions(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	a := mustAccount(t, db, domain.RoleAgency, "session-agency")
	if err := db.CreateSession(ctx, a.ID, "hash", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, _, _, err := db.FindSession(ctx, "hash")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != a.ID {
		t.Fatalf("session account = %d, want %d", got.ID, a.ID)
	}
	if err := db.RevokeSession(ctx, "hash"); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := db.FindSession(ctx, "hash"); err != identity.ErrTokenExpired {
		t.Fatalf("after revoke: %v, want ErrTokenExpired", err)
	}
	// The agency's profile row was created with the account.
	if _, err := db.FindAgencyCredit(ctx, a.ID); err != nil {
		t.Fatalf("credit of a new agency: %v", err)
	}
}

func TestDB_LoginAttempts(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	q := identity.LoginThrottleQuery{Email: "x@example.cn", IP: "10.0.0.1", Since: now.Add(-time.Hour), KnownSince: now.Add(-24 * time.Hour)}
	for _, ip := range []string{"10.0.0.1", "10.0.0.1", "10.0.0.2"} {
		if _, err := db.CreateLoginAttempt(ctx, q.Email, ip, now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	id, err := db.CreateLoginAttempt(ctx, q.Email, q.IP, now.Add(-2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetLoginAttemptOK(ctx, id); err != nil {
		t.Fatal(err)
	}
	got, err := db.CountLoginAttempts(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want := identity.LoginCounts{AccountAddress: 2, Address: 2, Account: 3, LastAccountFailure: now.Add(-time.Minute), KnownAddress: true}
	if !got.LastAccountFailure.Equal(want.LastAccountFailure) {
		t.Fatalf("last failure = %v, want %v", got.LastAccountFailure, want.LastAccountFailure)
	}
	got.LastAccountFailure = want.LastAccountFailure
	if got != want {
		t.Fatalf("counts = %+v, want %+v", got, want)
	}
}
