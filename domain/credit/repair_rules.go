package credit

import "time"

// Credit repair (信用修复): an agency that has put right what a deduction was
// for may, after a minimum period, apply to have it count less. The event
// stays on record for good (信用管终身), marked repaired. These are the
// repair rules in one place; the public rules page and the API publish them.

// False commitment (虚假承诺): its points and the suspension it carries.
const (
	FalseCommitmentPoints           = -20
	FalseCommitmentSuspensionMonths = 6
)

// Repair classes.
const (
	RepairClassMinor   = "minor"
	RepairClassSerious = "serious"
)

// RepairMinorMaxDeduction is the largest deduction (in points, positive)
// that is minor: an evaluation, late delivery, refused signing, an upheld
// objection or a minor violation. Anything larger is serious.
const RepairMinorMaxDeduction = 5

// RepairPolicy is how one class of event is repaired: how long after the
// event the agency may apply, and the fraction of its points it counts
// once repaired (Numerator/Denominator, rounded toward zero).
type RepairPolicy struct {
	Class       string `json:"class"`
	MinMonths   int    `json:"min_months"`
	Numerator   int    `json:"fraction_numerator"`
	Denominator int    `json:"fraction_denominator"`
}

// RepairPolicies are the repair classes: minor deductions after 3 months
// and then count nothing, serious ones after 1 year and then count half.
var RepairPolicies = []RepairPolicy{
	{Class: RepairClassMinor, MinMonths: 3, Numerator: 0, Denominator: 1},
	{Class: RepairClassSerious, MinMonths: 12, Numerator: 1, Denominator: 2},
}

// RepairPolicyFor returns the policy an event is repaired under; false when
// it can never be repaired: not a deduction (status events, voids, good
// evaluations) or an irreparable kind (collusion, false materials).
func RepairPolicyFor(ev *Event) (RepairPolicy, bool) {
	k, ok := FindKind(ev.Kind)
	if !ok || k.Irreparable || ev.Points >= 0 {
		return RepairPolicy{}, false
	}
	if -ev.Points <= RepairMinorMaxDeduction {
		return RepairPolicies[0], true
	}
	return RepairPolicies[1], true
}

// EffectivePoints is what a repaired event counts from the repair on.
func (p RepairPolicy) EffectivePoints(points int) int {
	return points * p.Numerator / p.Denominator
}

// EarliestRepair is when an event recorded at createdAt may first be
// repaired.
func (p RepairPolicy) EarliestRepair(createdAt time.Time) time.Time {
	return createdAt.AddDate(0, p.MinMonths, 0)
}

// RepairDelta is what repairing ev (its points becoming effective) changes
// in the agency's active points at now: nothing once the event expired.
func RepairDelta(ev *Event, effective int, now time.Time) int {
	if ev.ExpiresAt != nil && !ev.ExpiresAt.After(now) {
		return 0
	}
	return effective - ev.Points
}

// CountedPoints is what the event counts now, before expiry: its effective
// points once repaired, else its points.
func (ev *Event) CountedPoints() int {
	if ev.Repair == RepairGranted && ev.EffectivePoints != nil {
		return *ev.EffectivePoints
	}
	return ev.Points
}

// ViolationKinds are the kinds a department records as violations.
func ViolationKinds() []string { return violationKinds() }

// Repairable reports whether the event could ever be repaired (the
// record's repair form is offered for these only; the period is checked
// when the agency applies).
func (ev *Event) Repairable() bool {
	_, ok := RepairPolicyFor(ev)
	return ok && !ev.Voided && ev.Repair == ""
}
