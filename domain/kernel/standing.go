package kernel

import "time"

// What an account's status means at a moment: the one rule that credit
// (which sets and lifts suspensions) and the market (which refuses the
// bids of barred agencies) both apply.

// LiftDue reports whether a suspension or blacklist has run its course.
func LiftDue(status string, until *time.Time, now time.Time) bool {
	return (status == StatusSuspended || status == StatusBlacklisted) && until != nil && !until.After(now)
}

// AgencyBarred reports whether an agency may not bid at now: suspended or
// blacklisted with the period still running, or exited. It reads the
// period end as well as the status, so a reinstatement the scheduler has
// not yet written is already honoured at request time.
func AgencyBarred(status string, until *time.Time, now time.Time) bool {
	switch status {
	case StatusExited:
		return true
	case StatusSuspended, StatusBlacklisted:
		return !LiftDue(status, until, now)
	}
	return false
}
