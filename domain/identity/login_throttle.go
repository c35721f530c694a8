package identity

import "time"

// Login throttle (issue #14 items 6 and 7). Failures are counted per
// account and client address, so an attacker's failures stop only the
// attacker's address; the account as a whole is slowed down, never locked,
// so that nobody can shut an agency out before a deadline.
const (
	// LoginFailureWindow is how long a failed attempt counts.
	LoginFailureWindow = 15 * time.Minute
	// LoginFailuresPerAccountAddress failures of one account from one
	// address stop that address for that account until the window ends.
	LoginFailuresPerAccountAddress = 5
	// LoginFailuresPerAddress failures from one address, any accounts, stop
	// that address (guessing across accounts).
	LoginFailuresPerAddress = 30
	// LoginSlowdownAfter failures of one account from all addresses start
	// its slowdown: addresses it never logged in from get one check per
	// LoginSlowdownInterval.
	LoginSlowdownAfter    = 10
	LoginSlowdownInterval = 5 * time.Second
	// LoginKnownAddressPeriod: an address the account logged in from within
	// this period is its owner's; it is neither slowed down nor stopped by
	// other accounts' failures from it.
	LoginKnownAddressPeriod = 90 * 24 * time.Hour
)

// LoginCounts is the throttle state of one attempt: what the store counted
// for its account (e-mail as typed) and client address, under the lock that
// makes counting and claiming one step.
type LoginCounts struct {
	// AccountAddress counts the account's failures from this address,
	// Address this address's failures on any account, Account the
	// account's failures from any address, all within the window.
	AccountAddress, Address, Account int
	// LastAccountFailure is the newest of the account's failures (zero
	// when there is none in the window).
	LastAccountFailure time.Time
	// KnownAddress: the account logged in from this address within
	// LoginKnownAddressPeriod.
	KnownAddress bool
}

// LoginThrottleQuery names what to count.
type LoginThrottleQuery struct {
	Email, IP         string
	Since, KnownSince time.Time
}

// NewLoginThrottleQuery is the query of an attempt at now.
func NewLoginThrottleQuery(email, ip string, now time.Time) LoginThrottleQuery {
	return LoginThrottleQuery{Email: email, IP: ip, Since: now.Add(-LoginFailureWindow), KnownSince: now.Add(-LoginKnownAddressPeriod)}
}

// Check decides whether an attempt at now may have its password checked.
func (c LoginCounts) Check(now time.Time) error {
	if c.AccountAddress >= LoginFailuresPerAccountAddress {
		return ErrTooManyAttempts
	}
	if c.KnownAddress {
		// The owner's usual address: other addresses' failures, on this
		// account or on others behind the same address, do not stop it.
		return nil
	}
	if c.Address >= LoginFailuresPerAddress {
		return ErrTooManyAttempts
	}
	if c.Account >= LoginSlowdownAfter && now.Sub(c.LastAccountFailure) < LoginSlowdownInterval {
		return ErrTooManyAttempts
	}
	return nil
}
