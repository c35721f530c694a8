package domain

import (
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

// Accounts builds the account use cases from the Marketplace's current
// fields; the timing memo is the Marketplace's own.
func (m *Marketplace) Accounts() *identity.Accounts {
	return &identity.Accounts{Store: m.Store, InTx: txOf(m.Store, func(s Store) identity.Tx { return s }),
		Hasher: m.Hasher, SessionTTL: m.Periods.SessionTTL, Timing: &m.loginTiming}
}
