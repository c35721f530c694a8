package identity

import (
	"context"
	"time"

	"marketplace/domain/commitment"
)

// AccountStore persists accounts and sessions.
type AccountStore interface {
	CreateAccount(ctx context.Context, a *Account) error
	FindAccountByID(ctx context.Context, id int64) (*Account, error)
	FindAccountByEmail(ctx context.Context, email string) (*Account, error)
	CountAccounts(ctx context.Context, role string) (int, error)
	CreateSession(ctx context.Context, accountID int64, tokenHash string, expiresAt time.Time) error
	// FindSession returns the session's account, its expiry and the platform
	// clock read in the same round trip.
	FindSession(ctx context.Context, tokenHash string) (a *Account, expires, now time.Time, err error)
	RevokeSession(ctx context.Context, tokenHash string) error
	// LockLoginThrottle serialises, until the transaction ends, the
	// attempts on one e-mail and those from one address, so that counting
	// and claiming an attempt is one step however many arrive at once.
	LockLoginThrottle(ctx context.Context, email, ip string) error
	CountLoginAttempts(ctx context.Context, q LoginThrottleQuery) (LoginCounts, error)
	// CreateLoginAttempt records an attempt at `at` as a failure before its
	// password is checked; SetLoginAttemptOK turns it into a success.
	CreateLoginAttempt(ctx context.Context, email, ip string, at time.Time) (int64, error)
	SetLoginAttemptOK(ctx context.Context, id int64) error
}

// Store is what the account use cases read and write outside a
// transaction: accounts, sessions, single sign-on and the platform clock.
type Store interface {
	AccountStore
	OIDCStore
	Now(ctx context.Context) (time.Time, error)
}

// Tx is an account use case's transaction: its store, and the
// registration commitment a registrant accepts in the same commit (with
// the clock and the audit log, kernel.Auditor).
type Tx interface {
	Store
	commitment.Tx
}

// OIDCStore persists what single sign-on needs: the logins in flight, the
// verified identities awaiting a decision and the links to accounts.
type OIDCStore interface {
	CreateOIDCLogin(ctx context.Context, l OIDCLogin) error
	// TakeOIDCLogin marks the unexpired, unused login of stateHash used and
	// returns it; ErrOIDCState when there is none (replayed, expired or
	// forged), judged by the platform clock (Store.Now).
	TakeOIDCLogin(ctx context.Context, stateHash string) (*OIDCLogin, error)
	CreatePendingIdentity(ctx context.Context, p PendingIdentity, tokenHash string, expiresAt time.Time) error
	// FindPendingIdentity returns the unexpired, unused pending identity.
	FindPendingIdentity(ctx context.Context, tokenHash string) (*PendingIdentity, error)
	// TakePendingIdentity is FindPendingIdentity that also marks it used,
	// under a row lock, so that it is acted on once.
	TakePendingIdentity(ctx context.Context, tokenHash string) (*PendingIdentity, error)
	FindAccountByIdentity(ctx context.Context, issuer, subject string) (*Account, error)
	// FindAccountByUSCC returns the account holding uscc, whatever its role.
	FindAccountByUSCC(ctx context.Context, uscc string) (*Account, error)
	// LinkIdentity links issuer+subject to an account; ErrIdentityLinked
	// when the subject or the account is already linked for that issuer.
	LinkIdentity(ctx context.Context, accountID int64, issuer, subject string) error
}

// OIDCLogin is a login started towards the identity provider. The state
// itself is only in the browser's redirect; the store keeps its hash.
type OIDCLogin struct {
	StateHash string
	Nonce     string
	Verifier  string
	Back      string
	ExpiresAt time.Time
}
