package credit

import (
	"time"

	"marketplace/domain/kernel"
)

// Standing is an agency's credit state as kept on its profile:
// Points is the sum of its active (unexpired, unvoided) points as of AsOf,
// unclamped, so that later events and expiries add up exactly; Score and
// Grade follow from Points.
type Standing struct {
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
func (st *Standing) Advance(now time.Time, expired, delta int) {
	st.Points = st.Points - expired + delta
	st.Score = Score(st.Points)
	st.Grade = Grade(st.Score)
	st.AsOf = now
}

// VoidDelta is what voiding ev changes at now: its points come off only
// while they still count.
func VoidDelta(ev *Event, now time.Time) int {
	if ev.ExpiresAt != nil && !ev.ExpiresAt.After(now) {
		return 0
	}
	return -ev.Points
}

// ExitAction is a status change an exit rule asks for.
type ExitAction struct {
	Kind   string // KindSuspended, KindBlacklisted or KindReinstated
	Status string
	Until  *time.Time
	Reason kernel.Text
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
func ExitRule(st *Standing, ev *Event, recentViolations int, now time.Time) *ExitAction {
	if st.Status == kernel.StatusExited || ev.Points >= 0 {
		return nil
	}
	k, _ := FindKind(ev.Kind)
	running := func(status string, until time.Time) bool {
		return st.Status == status && st.SuspendedUntil != nil && !st.SuspendedUntil.Before(until)
	}
	if k.Blacklist {
		until := now.AddDate(BlacklistYears, 0, 0)
		if running(kernel.StatusBlacklisted, until) {
			return nil
		}
		return &ExitAction{Kind: KindBlacklisted, Status: kernel.StatusBlacklisted, Until: &until,
			Reason: kernel.T("sanction.blacklisted."+ev.Kind, "Years", BlacklistYears)}
	}
	if st.Status == kernel.StatusBlacklisted {
		return nil
	}
	var until time.Time
	var reason kernel.Text
	if k.Violation && recentViolations >= ViolationsForSuspension {
		until, reason = now.AddDate(0, ViolationSuspensionMonths, 0), kernel.T(TextSuspendedViolations, "Months", ViolationSuspensionMonths)
	} else if k.SuspensionMonths > 0 {
		until, reason = now.AddDate(0, k.SuspensionMonths, 0), kernel.T(TextSuspendedFalseCommitment, "Months", k.SuspensionMonths)
	} else if st.Grade == "D" {
		until, reason = now.AddDate(0, GradeDSuspensionMonths, 0), kernel.T(TextSuspendedGradeD, "Months", GradeDSuspensionMonths)
	} else {
		return nil
	}
	if running(kernel.StatusSuspended, until) {
		return nil
	}
	return &ExitAction{Kind: KindSuspended, Status: kernel.StatusSuspended, Until: &until, Reason: reason}
}
