package domain

import (
	"context"
	"time"
)

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
