package domain

import "time"

// CreditStanding is an agency's credit state as kept on its profile:
// Points is the sum of its active (unexpired, unvoided) points as of AsOf,
// unclamped, so that later events and expiries add up exactly; Score and
// Grade follow from Points.
type CreditStanding struct {
	AgencyID       int64
	Name           string
	Points         int
	Score          int
	Grade          string
	AsOf           time.Time
	Status         string
	SuspendedUntil *time.Time
}

// Advance brings the standing from AsOf to now: expired is the sum of the
// points of unvoided events whose expiry falls in (AsOf, now], delta the
// points the new event adds (or, for a void, removes).
func (st *CreditStanding) Advance(now time.Time, expired, delta int) {
	st.Points = st.Points - expired + delta
	st.Score = CreditScore(st.Points)
	st.Grade = CreditGrade(st.Score)
	st.AsOf = now
}

// VoidDelta is what voiding ev changes at now: its points come off only
// while they still count.
func VoidDelta(ev *CreditEvent, now time.Time) int {
	if ev.ExpiresAt != nil && !ev.ExpiresAt.After(now) {
		return 0
	}
	return -ev.Points
}

// ExitAction is a status change an exit rule asks for.
type ExitAction struct {
	Kind   string // CreditSuspended, CreditBlacklisted or CreditReinstated
	Status string
	Until  *time.Time
	Reason Text
}

// ExitRule applies the automatic exit rules (退出机制, SPEC §4) to an event
// just recorded. grade is the grade after the event; recentViolations counts
// the agency's unvoided violation events of the last 12 months, this one
// included. It returns nil when the standing does not change:
//
//   - false materials or collusion → blacklisted for 3 years;
//   - three violations within 12 months → suspended for 12 months;
//   - a kind with its own suspension (false commitment) → suspended for
//     its months;
//   - a deduction that leaves the agency in grade D → suspended for 6 months
//     (status events have no points, so a reinstatement never triggers it);
//   - a sanction never shortens a longer one already running, a suspension
//     never replaces a blacklist, and an agency that exited stays exited.
func ExitRule(st *CreditStanding, ev *CreditEvent, recentViolations int, now time.Time) *ExitAction {
	if st.Status == StatusExited || ev.Points >= 0 {
		return nil
	}
	k, _ := FindCreditKind(ev.Kind)
	running := func(status string, until time.Time) bool {
		return st.Status == status && st.SuspendedUntil != nil && !st.SuspendedUntil.Before(until)
	}
	if k.Blacklist {
		until := now.AddDate(BlacklistYears, 0, 0)
		if running(StatusBlacklisted, until) {
			return nil
		}
		return &ExitAction{Kind: CreditBlacklisted, Status: StatusBlacklisted, Until: &until,
			Reason: T("sanction.blacklisted."+ev.Kind, "Years", BlacklistYears)}
	}
	if st.Status == StatusBlacklisted {
		return nil
	}
	var until time.Time
	var reason Text
	if k.Violation && recentViolations >= ViolationsForSuspension {
		until, reason = now.AddDate(0, ViolationSuspensionMonths, 0), T(TextSuspendedViolations, "Months", ViolationSuspensionMonths)
	} else if k.SuspensionMonths > 0 {
		until, reason = now.AddDate(0, k.SuspensionMonths, 0), T(TextSuspendedFalseCommitment, "Months", k.SuspensionMonths)
	} else if st.Grade == "D" {
		until, reason = now.AddDate(0, GradeDSuspensionMonths, 0), T(TextSuspendedGradeD, "Months", GradeDSuspensionMonths)
	} else {
		return nil
	}
	if running(StatusSuspended, until) {
		return nil
	}
	return &ExitAction{Kind: CreditSuspended, Status: StatusSuspended, Until: &until, Reason: reason}
}

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
