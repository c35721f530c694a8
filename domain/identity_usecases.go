package domain

import (
	"context"
	"time"

	"marketplace/domain/identity"
)

// Accounts, sessions, sign-in and single sign-on live in domain/identity.
// These aliases keep the names api/, web/, jobs/, storage/ and tools/
// write.
type (
	Account            = identity.Account
	RegisterInput      = identity.RegisterInput
	StaffAccountInput  = identity.StaffAccountInput
	Session            = identity.Session
	PasswordHasher     = identity.PasswordHasher
	LoginCounts        = identity.LoginCounts
	LoginThrottleQuery = identity.LoginThrottleQuery
	Identity           = identity.Identity
	PendingIdentity    = identity.PendingIdentity
	OIDCStart          = identity.OIDCStart
	OIDCOutcome        = identity.OIDCOutcome
	OIDCLogin          = identity.OIDCLogin
	SSORegistration    = identity.SSORegistration
	// AccountStore persists accounts and sessions.
	AccountStore = identity.AccountStore
	// OIDCStore persists what single sign-on needs.
	OIDCStore = identity.OIDCStore
)

// Passwords, the login throttle and single sign-on's periods (identity).
const (
	MinPasswordLength              = identity.MinPasswordLength
	MaxPasswordBytes               = identity.MaxPasswordBytes
	MinIdentityInPassword          = identity.MinIdentityInPassword
	LoginFailureWindow             = identity.LoginFailureWindow
	LoginFailuresPerAccountAddress = identity.LoginFailuresPerAccountAddress
	LoginFailuresPerAddress        = identity.LoginFailuresPerAddress
	LoginSlowdownAfter             = identity.LoginSlowdownAfter
	LoginSlowdownInterval          = identity.LoginSlowdownInterval
	LoginKnownAddressPeriod        = identity.LoginKnownAddressPeriod
	OIDCLoginTTL                   = identity.OIDCLoginTTL
	OIDCPendingTTL                 = identity.OIDCPendingTTL
	NoPasswordHash                 = identity.NoPasswordHash
)

// Single sign-on errors (identity).
var (
	ErrOIDCState          = identity.ErrOIDCState
	ErrOIDCPending        = identity.ErrOIDCPending
	ErrOIDCNotLegalPerson = identity.ErrOIDCNotLegalPerson
	ErrOIDCNoMatch        = identity.ErrOIDCNoMatch
	ErrOIDCHasMatch       = identity.ErrOIDCHasMatch
	ErrIdentityLinked     = identity.ErrIdentityLinked
	ErrOIDCStaffOnly      = identity.ErrOIDCStaffOnly
)

// HashToken is what the store keeps of a session or sign-in token.
func HashToken(token string) string { return identity.HashToken(token) }

// ValidateUSCC checks a 统一社会信用代码 against GB 32100-2015.
func ValidateUSCC(code string) error { return identity.ValidateUSCC(code) }

// USCCCheckChar returns the check character for the first 17 characters of a code.
func USCCCheckChar(first17 string) byte { return identity.USCCCheckChar(first17) }

// IsCommonPassword reports whether pw is one of the most common passwords.
func IsCommonPassword(pw string) bool { return identity.IsCommonPassword(pw) }

// ValidatePassword checks a password's length and commonness.
func ValidatePassword(pw string) error { return identity.ValidatePassword(pw) }

// ValidatePasswordFor also refuses a password holding the account's identity.
func ValidatePasswordFor(pw, email, uscc string) error {
	return identity.ValidatePasswordFor(pw, email, uscc)
}

// NewLoginThrottleQuery is the throttle query of an attempt at now.
func NewLoginThrottleQuery(email, ip string, now time.Time) LoginThrottleQuery {
	return identity.NewLoginThrottleQuery(email, ip, now)
}

// accounts builds the account use cases from the Marketplace's current
// fields; the timing memo is the Marketplace's own.
func (m *Marketplace) accounts() *identity.Accounts {
	return &identity.Accounts{Store: m.Store, InTx: txOf(m.Store, func(s Store) identity.Tx { return s }),
		Hasher: m.Hasher, SessionTTL: m.Periods.SessionTTL, Timing: &m.loginTiming}
}

// Register creates an enterprise or agency account, active at once.
func (m *Marketplace) Register(ctx context.Context, in RegisterInput) (*Account, error) {
	return m.accounts().Register(ctx, in)
}

// CreateStaffAccount creates a department or admin account (admin CLI).
func (m *Marketplace) CreateStaffAccount(ctx context.Context, in StaffAccountInput) (*Account, error) {
	return m.accounts().CreateStaffAccount(ctx, in)
}

// Login checks credentials and opens a session, throttled.
func (m *Marketplace) Login(ctx context.Context, email, password, ip string) (*Session, error) {
	return m.accounts().Login(ctx, email, password, ip)
}

// Authenticate resolves a bearer token or session cookie to an actor.
func (m *Marketplace) Authenticate(ctx context.Context, token string) (Actor, error) {
	return m.accounts().Authenticate(ctx, token)
}

// Logout revokes the session of token.
func (m *Marketplace) Logout(ctx context.Context, token string) error {
	return m.accounts().Logout(ctx, token)
}

// Me returns the actor's own account.
func (m *Marketplace) Me(ctx context.Context, actor Actor) (*Account, error) {
	return m.accounts().Me(ctx, actor)
}

// CountAccounts counts accounts of a role (public statistics).
func (m *Marketplace) CountAccounts(ctx context.Context, role string) (int, error) {
	return m.accounts().CountAccounts(ctx, role)
}

// BeginOIDCLogin records a new single sign-on login.
func (m *Marketplace) BeginOIDCLogin(ctx context.Context, back string) (OIDCStart, error) {
	return m.accounts().BeginOIDCLogin(ctx, back)
}

// TakeOIDCLogin consumes the login of state, once.
func (m *Marketplace) TakeOIDCLogin(ctx context.Context, state string) (*OIDCLogin, error) {
	return m.accounts().TakeOIDCLogin(ctx, state)
}

// SignInWithIdentity acts on a verified identity.
func (m *Marketplace) SignInWithIdentity(ctx context.Context, id Identity) (*OIDCOutcome, error) {
	return m.accounts().SignInWithIdentity(ctx, id)
}

// PendingIdentity returns the pending identity of token with its match.
func (m *Marketplace) PendingIdentity(ctx context.Context, token string) (*PendingIdentity, error) {
	return m.accounts().PendingIdentity(ctx, token)
}

// LinkPendingIdentity links the pending identity once the matching
// account's password is confirmed.
func (m *Marketplace) LinkPendingIdentity(ctx context.Context, token, password, ip string) (*Session, error) {
	return m.accounts().LinkPendingIdentity(ctx, token, password, ip)
}

// CreateAccountFromIdentity creates and links an account for a pending
// identity with no match.
func (m *Marketplace) CreateAccountFromIdentity(ctx context.Context, token string, in SSORegistration) (*Session, error) {
	return m.accounts().CreateAccountFromIdentity(ctx, token, in)
}

// LinkStaffIdentity is an admin linking a staff account to a subject.
func (m *Marketplace) LinkStaffIdentity(ctx context.Context, actor Actor, accountID int64, issuer, subject string) error {
	return m.accounts().LinkStaffIdentity(ctx, actor, accountID, issuer, subject)
}
