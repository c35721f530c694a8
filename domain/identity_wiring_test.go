package domain

import (
	"context"
	"testing"
	"time"

	"marketplace/domain/identity"
)

// loginStore answers what a login for an unknown e-mail reads; the rest
// of the store is not reached (the nil panics).
type loginStore struct{ Store }

func (s loginStore) InTx(ctx context.Context, fn func(Store) error) error { return fn(s) }
func (s loginStore) Now(context.Context) (time.Time, error) {
	return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC), nil
}
func (s loginStore) LockLoginThrottle(context.Context, string, string) error { return nil }
func (s loginStore) CountLoginAttempts(context.Context, identity.LoginThrottleQuery) (identity.LoginCounts, error) {
	return identity.LoginCounts{}, nil
}
func (s loginStore) CreateLoginAttempt(context.Context, string, string, time.Time) (int64, error) {
	return 1, nil
}
func (s loginStore) FindAccountByEmail(context.Context, string) (*identity.Account, error) {
	return nil, identity.ErrAccountNotFound
}

// countingHasher counts the hashes it makes.
type countingHasher struct{ hashes int }

func (h *countingHasher) Hash(pw string) (string, error) { h.hashes++; return "h:" + pw, nil }
func (h *countingHasher) Verify(hash, pw string) bool    { return hash == "h:"+pw }

// TestLogin_TimingHashMadeOncePerMarketplace: the account use cases are
// built afresh for every call, but the hash an unknown e-mail's login is
// checked against is the Marketplace's, made once for all its logins.
func TestLogin_TimingHashMadeOncePerMarketplace(t *testing.T) {
	h := &countingHasher{}
	m := NewMarketplace(loginStore{}, h, DefaultPeriods())
	for _, email := range []string{"nobody@example.cn", "nobody-else@example.cn", "nobody@example.cn"} {
		if _, err := m.Accounts().Login(context.Background(), email, "some-password", "10.0.0.1"); err != identity.ErrBadCredentials {
			t.Fatalf("login %s: %v", email, err)
		}
	}
	if h.hashes != 1 {
		t.Errorf("the timing hash was made %d times for three logins, want once", h.hashes)
	}
}
