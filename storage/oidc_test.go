package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/identity"
	"marketplace/storage/storagetest"
)

// A started sign-in and a pending identity expire by the platform clock
// (which a test may move), and each is taken once.
func TestOIDCLoginStateExpiresByPlatformClock(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.DefaultPeriods())
	now, err := db.Now(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db.Clock().Set(func() time.Time { return now })
	expired, err := m.Accounts().BeginOIDCLogin(ctx, "/")
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := m.Accounts().BeginOIDCLogin(ctx, "/projects")
	if err != nil {
		t.Fatal(err)
	}
	db.Clock().Set(func() time.Time { return now.Add(identity.OIDCLoginTTL + time.Second) })
	if _, err := m.Accounts().TakeOIDCLogin(ctx, expired.State); !errors.Is(err, identity.ErrOIDCState) {
		t.Errorf("expired state: %v, want ErrOIDCState", err)
	}
	db.Clock().Set(func() time.Time { return now.Add(identity.OIDCLoginTTL - time.Second) })
	l, err := m.Accounts().TakeOIDCLogin(ctx, fresh.State)
	if err != nil || l.Nonce != fresh.Nonce || l.Verifier != fresh.Verifier || l.Back != "/projects" {
		t.Fatalf("fresh state: %+v, %v", l, err)
	}
	if _, err := m.Accounts().TakeOIDCLogin(ctx, fresh.State); !errors.Is(err, identity.ErrOIDCState) {
		t.Errorf("state taken twice: %v", err)
	}

	db.Clock().Set(func() time.Time { return now })
	out, err := m.Accounts().SignInWithIdentity(ctx, identity.Identity{Issuer: "https://sso.test", Subject: "s1",
		USCC: "91110000MA0000001" + string(identity.USCCCheckChar("91110000MA0000001")), Name: "过期测试有限公司"})
	if err != nil || out.PendingToken == "" {
		t.Fatalf("pending identity: %+v, %v", out, err)
	}
	if _, err := m.Accounts().PendingIdentity(ctx, out.PendingToken); err != nil {
		t.Fatalf("fresh pending identity: %v", err)
	}
	db.Clock().Set(func() time.Time { return now.Add(identity.OIDCPendingTTL + time.Second) })
	if _, err := m.Accounts().PendingIdentity(ctx, out.PendingToken); !errors.Is(err, identity.ErrOIDCPending) {
		t.Errorf("expired pending identity: %v, want ErrOIDCPending", err)
	}
}
