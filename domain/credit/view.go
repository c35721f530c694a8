package credit

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// AgencyCredit is an agency's public credit record (GET /agencies/{id}/credit).
type AgencyCredit struct {
	AgencyID       int64      `json:"agency_id"`
	Name           string     `json:"name"`
	Score          int        `json:"score"`
	Grade          string     `json:"grade"`
	Status         string     `json:"status"`
	SuspendedUntil *time.Time `json:"suspended_until"`
	Events         []*Event   `json:"events"`
	// Commitment is the agency's latest signed registration commitment
	// (已签署信用承诺), nil when it has signed none.
	Commitment *SignedCommitment `json:"commitment,omitempty"`
}

// CanSeeEvidence reports whether actor may read the evidence of an agency's
// credit events: departments, admins and the agency itself.
func CanSeeEvidence(actor kernel.Actor, agencyID int64) bool {
	return actor.Role == kernel.RoleDepartment || actor.Role == kernel.RoleAdmin || (actor.Role == kernel.RoleAgency && actor.ID == agencyID)
}

// AgencyCredit returns an agency's score, grade, status and events. The
// score is brought to now on read (deductions that expired since the last
// write come off), so it never waits for the nightly recompute.
func (b *Bureau) AgencyCredit(ctx context.Context, actor kernel.Actor, agencyID int64) (*AgencyCredit, error) {
	st, err := b.Store.FindCreditStanding(ctx, agencyID, false)
	if err != nil {
		return nil, err
	}
	now, err := b.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	expired, err := b.Store.ExpiredCreditPoints(ctx, agencyID, st.AsOf, now)
	if err != nil {
		return nil, err
	}
	st.Advance(now, expired, 0)
	events, err := b.Store.FindCreditEvents(ctx, agencyID, eventLimit)
	if err != nil {
		return nil, err
	}
	if !CanSeeEvidence(actor, agencyID) {
		for _, ev := range events {
			ev.Evidence = ""
		}
	}
	status, until := st.Status, st.SuspendedUntil
	if kernel.LiftDue(status, until, now) {
		status, until = kernel.StatusActive, nil
	}
	signed, err := b.Commitments.LatestSigned(ctx, agencyID)
	if err != nil {
		return nil, err
	}
	return &AgencyCredit{AgencyID: st.AgencyID, Name: st.Name, Score: st.Score, Grade: st.Grade, Status: status,
		SuspendedUntil: until, Events: events, Commitment: signed}, nil
}

// Rules is the public statement of the credit model (GET /credit/rules).
type Rules struct {
	Base                  int            `json:"base"`
	MinScore              int            `json:"min_score"`
	MaxScore              int            `json:"max_score"`
	Formula               string         `json:"formula"`
	DeductionExpiryMonths int            `json:"deduction_expiry_months"`
	Grades                []GradeRule    `json:"grades"`
	Kinds                 []Kind         `json:"kinds"`
	ViolationSeverities   []SeverityRule `json:"violation_severities"`
	EvaluationPoints      []string       `json:"evaluation_points"`
	ExitRules             []string       `json:"exit_rules"`
	// RepairPolicies and RepairMinorMaxDeduction publish credit repair.
	RepairPolicies          []RepairPolicy `json:"repair_policies"`
	RepairMinorMaxDeduction int            `json:"repair_minor_max_deduction"`
}

// GradeRule is one grade threshold.
type GradeRule struct {
	Grade    string `json:"grade"`
	MinScore int    `json:"min_score"`
}

// SeverityRule is one violation severity.
type SeverityRule struct {
	Severity int    `json:"severity"`
	Name     string `json:"name"`
	Points   int    `json:"points"`
}

// PublishedRules returns the credit model as published.
func PublishedRules() *Rules {
	return &Rules{
		Base: Base, MinScore: MinScore, MaxScore: MaxScore,
		Formula:               "score = clamp(100 + sum of the points of events not expired and not voided, 0, 120)",
		DeductionExpiryMonths: DeductionExpiryMonths,
		Grades:                []GradeRule{{"A", GradeAMin}, {"B", GradeBMin}, {"C", GradeCMin}, {"D", MinScore}},
		Kinds:                 Kinds,
		ViolationSeverities: []SeverityRule{{ViolationSeverityMinor, "minor", ViolationPoints[1]},
			{ViolationSeveritySerious, "serious", ViolationPoints[2]}, {ViolationSeverityGrave, "grave", ViolationPoints[3]}},
		EvaluationPoints: []string{
			"average of quality, timeliness, attitude and fee (1–5) ≥ 4.5: +2 (the default rating, all 5, gives +2)",
			"≥ 4.0: +1", "≥ 3.0: 0", "≥ 2.0: −2", "below 2.0: −5",
		},
		ExitRules: []string{
			"A deduction that leaves the agency in grade D suspends it from bidding for 6 months; a reinstatement does not re-trigger this, the next deduction while still in D does.",
			"Three upheld violations (violation, false_materials, collusion, false_commitment) within 12 months suspend it for 12 months.",
			"A false credit commitment (false_commitment, −20) suspends it for 6 months.",
			"False materials or bid collusion blacklist it for 3 years on every department's projects (联合惩戒).",
			"A longer sanction is never shortened by a shorter one; a suspension never replaces a blacklist.",
			"When the period ends the agency is reinstated automatically (job lift_suspensions, and at the next request).",
			"An upheld appeal voids the event; a sanction that event caused is lifted.",
			"Deductions expire after 24 months; the record itself is never deleted.",
			"Credit repair (信用修复): a deduction of 5 points or less may be repaired 3 months after the event and then counts 0; a larger one after 12 months and then counts half (rounded toward zero); collusion and false materials never. A repair keeps the event on record, marked repaired, and lifts a suspension that event caused.",
		},
		RepairPolicies:          RepairPolicies,
		RepairMinorMaxDeduction: RepairMinorMaxDeduction,
	}
}
