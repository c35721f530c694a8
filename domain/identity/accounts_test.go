package identity_test

import (
	"context"
	"testing"
	"time"

	"marketplace/domain/identity"
	"marketplace/domain/kernel"
)

// plainHasher "hashes" by prefixing and counts the hashes it makes.
type plainHasher struct{ hashes int }

func (h *plainHasher) Hash(pw string) (string, error) { h.hashes++; return "h:" + pw, nil }
func (h *plainHasher) Verify(hash, pw string) bool    { return hash == "h:"+pw }

// accountsTx is the account store in memory, as far as login and
// authentication reach it; the rest is not reached (the nil panics).
type accountsTx struct {
	identity.Tx
	accounts map[string]*identity.Account
	attempts int
	sessions map[string]time.Time // token hash → expiry
	now      time.Time
}

func (s *accountsTx) Now(context.Context) (time.Time, error)                  { return s.now, nil }
func (s *accountsTx) LockLoginThrottle(context.Context, string, string) error { return nil }
func (s *accountsTx) CountLoginAttempts(context.Context, identity.LoginThrottleQuery) (identity.LoginCounts, error) {
	return identity.LoginCounts{Account: s.attempts, AccountAddress: s.attempts}, nil
}
func (s *accountsTx) CreateLoginAttempt(context.Context, string, string, time.Time) (int64, error) {
	s.attempts++
	return int64(s.attempts), nil
}
func (s *accountsTx) SetLoginAttemptOK(context.Context, int64) error { s.attempts = 0; return nil }
func (s *accountsTx) FindAccountByEmail(_ context.Context, email string) (*identity.Account, error) {
	if a, ok := s.accounts[email]; ok {
		return a, nil
	}
	return nil, identity.ErrAccountNotFound
}
func (s *accountsTx) CreateSession(_ context.Context, _ int64, hash string, expires time.Time) error {
	s.sessions[hash] = expires
	return nil
}
func (s *accountsTx) FindSession(_ context.Context, hash string) (*identity.Account, time.Time, time.Time, error) {
	exp, ok := s.sessions[hash]
	if !ok {
		return nil, time.Time{}, time.Time{}, identity.ErrAccountNotFound
	}
	return s.accounts["a@example.cn"], exp, s.now, nil
}

// TestAccounts_LoginAndAuthenticate: an unknown e-mail and a wrong
// password get the same answer, the unknown one checked against a hash
// made once for every call; a right password opens a session that
// authenticates until it expires; five failures stop the address.
func TestAccounts_LoginAndAuthenticate(t *testing.T) {
	ctx := context.Background()
	h := &plainHasher{}
	tx := &accountsTx{accounts: map[string]*identity.Account{"a@example.cn": {ID: 7, Role: kernel.RoleAgency, Name: "甲中介", PasswordHash: "h:right-password"}},
		sessions: map[string]time.Time{}, now: time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)}
	timing := &identity.TimingEqualiser{}
	accounts := func() *identity.Accounts { // built per call, as domain does
		return &identity.Accounts{Store: tx, InTx: func(ctx context.Context, fn func(identity.Tx) error) error { return fn(tx) },
			Hasher: h, SessionTTL: time.Hour, Timing: timing}
	}
	for _, email := range []string{"nobody@example.cn", "NOBODY@example.cn "} {
		if _, err := accounts().Login(ctx, email, "whatever-password", "10.0.0.1"); err != identity.ErrBadCredentials {
			t.Errorf("unknown %q: %v", email, err)
		}
	}
	if h.hashes != 1 {
		t.Errorf("the equaliser's hash was made %d times, want once", h.hashes)
	}
	if _, err := accounts().Login(ctx, "a@example.cn", "wrong-password", "10.0.0.1"); err != identity.ErrBadCredentials {
		t.Errorf("wrong password: %v", err)
	}
	tx.attempts = 0
	sess, err := accounts().Login(ctx, " A@example.cn", "right-password", "10.0.0.1")
	if err != nil || sess.Account.ID != 7 || !sess.ExpiresAt.Equal(tx.now.Add(time.Hour)) {
		t.Fatalf("login: %+v, %v", sess, err)
	}
	if actor, err := accounts().Authenticate(ctx, sess.Token); err != nil || actor.ID != 7 || actor.Role != kernel.RoleAgency {
		t.Errorf("authenticate: %+v, %v", actor, err)
	}
	tx.now = tx.now.Add(time.Hour)
	if _, err := accounts().Authenticate(ctx, sess.Token); err != identity.ErrTokenExpired {
		t.Errorf("an expired session: %v", err)
	}
	tx.attempts = identity.LoginFailuresPerAccountAddress
	if _, err := accounts().Login(ctx, "a@example.cn", "right-password", "10.0.0.1"); err != identity.ErrTooManyAttempts {
		t.Errorf("after %d failures: %v", identity.LoginFailuresPerAccountAddress, err)
	}
}
