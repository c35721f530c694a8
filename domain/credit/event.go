package credit

import (
	"fmt"
	"time"

	"marketplace/domain/kernel"
)

// This file is the credit model (信用评价, SPEC §4) in one place: the event
// kinds and their points, the expiry of deductions, the score formula, the
// grade thresholds and the exit rules. The public rules page
// (GET /api/v1/credit/rules) is rendered from these values, and the SQL full
// recompute takes its constants from here as parameters.

// Credit event kinds.
const (
	KindEvaluation     = "evaluation"      // owner's rating after acceptance: −5 … +2
	KindLateDelivery   = "late_delivery"   // service deadline passed: −3
	KindSigningRefused = "signing_refused" // refused or missed contract signing: −5
	KindObjection      = "objection_upheld"
	KindViolation      = "violation"       // department-recorded, by severity: −5 / −15 / −30
	KindFalseMaterials = "false_materials" // −30 and blacklist
	KindCollusion      = "collusion"       // −40 and blacklist
	KindInspection     = "inspection_failed"
	// KindFalseCommitment is a confirmed false credit commitment (虚假承诺).
	KindFalseCommitment = "false_commitment"
	// Status changes are credit events too, with no points.
	KindSuspended   = "suspended"
	KindBlacklisted = "blacklisted"
	KindReinstated  = "reinstated"
	// KindVoid cancels an earlier event (appeal upheld); the record stays.
	KindVoid = "void"
)

// Sources of credit events.
const (
	SourceEvaluation = "evaluation"
	SourceScheduler  = "scheduler"
	SourceDepartment = "department"
	SourceObjection  = "objection"
	SourceInspection = "inspection"
	SourceAdmin      = "admin"
	SourceSystem     = "system"
)

// Kind describes one kind of credit event.
type Kind struct {
	Kind string `json:"kind"`
	// Points is the fixed points of the kind; kinds whose points depend on
	// the event (evaluation, violation) give their range in Min and Max.
	Points      int    `json:"points"`
	Min         int    `json:"min_points"`
	Max         int    `json:"max_points"`
	Blacklist   bool   `json:"blacklist"`
	Appealable  bool   `json:"appealable"`
	Violation   bool   `json:"counts_as_violation"`
	Description string `json:"description"`
	// SuspensionMonths is a suspension the kind carries by itself, beside
	// the exit rules every deduction goes through (0: none).
	SuspensionMonths int `json:"suspension_months,omitempty"`
	// Irreparable kinds are never repaired (信用修复, see RepairPolicyFor).
	Irreparable bool `json:"irreparable,omitempty"`
}

// Kinds is the table of every event kind.
var Kinds = []Kind{
	{Kind: KindEvaluation, Min: -5, Max: 2, Appealable: true, Description: "Owner's evaluation after acceptance; points by the average rating (see evaluation_points)."},
	{Kind: KindLateDelivery, Points: -3, Min: -3, Max: -3, Appealable: true, Description: "Service not delivered by the contract deadline (逾期)."},
	{Kind: KindSigningRefused, Points: -5, Min: -5, Max: -5, Appealable: true, Description: "Awarded agency refused or missed contract signing."},
	{Kind: KindObjection, Points: -5, Min: -5, Max: -5, Appealable: true, Description: "Objection or complaint upheld against the agency."},
	{Kind: KindViolation, Min: -30, Max: -5, Appealable: true, Violation: true, Description: "Violation recorded by a department, by severity: minor −5, serious −15, grave −30."},
	{Kind: KindFalseMaterials, Points: -30, Min: -30, Max: -30, Blacklist: true, Irreparable: true, Appealable: true, Violation: true, Description: "False materials (提供虚假材料): −30 and blacklisted."},
	{Kind: KindCollusion, Points: -40, Min: -40, Max: -40, Blacklist: true, Irreparable: true, Appealable: true, Violation: true, Description: "Bid collusion (串通投标): −40 and blacklisted."},
	{Kind: KindInspection, Points: -10, Min: -10, Max: -10, Appealable: true, Description: "Failed a random inspection (双随机抽查不合格)."},
	{Kind: KindFalseCommitment, Points: FalseCommitmentPoints, Min: FalseCommitmentPoints, Max: FalseCommitmentPoints, Appealable: true, Violation: true,
		SuspensionMonths: FalseCommitmentSuspensionMonths, Description: "False credit commitment (虚假承诺): −20 and suspended for 6 months."},
	{Kind: KindSuspended, Description: "Suspended from bidding by an exit rule (no points)."},
	{Kind: KindBlacklisted, Description: "Blacklisted on every department's projects (联合惩戒; no points)."},
	{Kind: KindReinstated, Description: "Suspension or blacklist ended (no points)."},
	{Kind: KindVoid, Description: "Cancels an earlier event after an upheld appeal; the earlier event stays on record, marked voided."},
}

// Score formula constants.
const (
	Base     = 100
	MinScore = 0
	MaxScore = 120
)

// DeductionExpiry is how long a deduction counts (信用修复). Positive points
// (good evaluations) do not expire: SPEC §4 lets deductions expire only.
const DeductionExpiryMonths = 24

// Grade thresholds: A ≥ 90, B ≥ 75, C ≥ 60, D below.
const (
	GradeAMin = 90
	GradeBMin = 75
	GradeCMin = 60
)

// Exit rule periods.
const (
	GradeDSuspensionMonths    = 6
	ViolationSuspensionMonths = 12
	ViolationWindowMonths     = 12
	ViolationsForSuspension   = 3
	BlacklistYears            = 3
	ViolationSeverityMinor    = 1
	ViolationSeveritySerious  = 2
	ViolationSeverityGrave    = 3
)

// ViolationPoints maps a violation's severity (1 minor, 2 serious, 3 grave)
// to points.
var ViolationPoints = map[int]int{ViolationSeverityMinor: -5, ViolationSeveritySerious: -15, ViolationSeverityGrave: -30}

// SeverityNames are the named severity levels accepted beside 1–3.
var SeverityNames = map[string]int{"minor": ViolationSeverityMinor, "serious": ViolationSeveritySerious, "grave": ViolationSeverityGrave}

// FindKind returns the kind's row of the table.
func FindKind(kind string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Kind == kind {
			return k, true
		}
	}
	return Kind{}, false
}

// EvaluationPoints maps an evaluation (each dimension 1–5) to credit points
// by the average of the four dimensions (computed exactly on their sum):
//
//	average ≥ 4.5 → +2    (the default rating, all 5, gives +2)
//	average ≥ 4.0 → +1
//	average ≥ 3.0 →  0
//	average ≥ 2.0 → −2
//	average <  2.0 → −5   (all 1 gives −5)
//
// Out-of-range dimensions are clamped to 1–5.
func EvaluationPoints(quality, timeliness, attitude, fee int) int {
	clamp := func(v int) int { return max(1, min(5, v)) }
	sum := clamp(quality) + clamp(timeliness) + clamp(attitude) + clamp(fee) // 4 … 20; average = sum/4
	switch {
	case sum >= 18:
		return 2
	case sum >= 16:
		return 1
	case sum >= 12:
		return 0
	case sum >= 8:
		return -2
	}
	return -5
}

// Points returns the points of a scoring event of kind (severity is
// used by violations only).
func Points(kind string, severity int) (int, error) {
	if kind == KindViolation {
		p, ok := ViolationPoints[severity]
		if !ok {
			return 0, kernel.FieldError("severity", "severity_range", "severity must be 1 (minor), 2 (serious) or 3 (grave).")
		}
		return p, nil
	}
	k, ok := FindKind(kind)
	if !ok {
		return 0, kernel.FieldError("kind", "credit_kind", "Unknown credit event kind %q.", kind)
	}
	return k.Points, nil
}

// Expiry returns when an event's points stop counting: deductions
// after 24 months, anything else never (nil).
func Expiry(points int, at time.Time) *time.Time {
	if points >= 0 {
		return nil
	}
	t := at.AddDate(0, DeductionExpiryMonths, 0)
	return &t
}

// Score is 100 plus the active points, clamped to [0, 120].
func Score(activePoints int) int {
	return max(MinScore, min(MaxScore, Base+activePoints))
}

// Grade is the grade of a score.
func Grade(score int) string {
	switch {
	case score >= GradeAMin:
		return "A"
	case score >= GradeBMin:
		return "B"
	case score >= GradeCMin:
		return "C"
	}
	return "D"
}

// Event is one fact in an agency's append-only credit record.
type Event struct {
	ID       int64  `json:"id"`
	AgencyID int64  `json:"agency_id"`
	Kind     string `json:"kind"`
	Points   int    `json:"points"`
	Source   string `json:"source"`
	// Actor is who recorded the event (zero: the system).
	Actor  kernel.Actor `json:"-"`
	Reason string       `json:"reason"`
	// ReasonText is Reason as a message id and params, for reasons the
	// platform wrote (sanctions, reinstatements); nil for a person's words.
	ReasonText *kernel.Text `json:"reason_text,omitempty"`
	Evidence   string       `json:"evidence,omitempty"`
	// ProjectID, ViolationID and InspectionID link the event to its cause.
	ProjectID *int64 `json:"project_id"`
	// ProjectTitle names ProjectID on pages (read with the event).
	ProjectTitle string `json:"-"`
	ViolationID  *int64 `json:"violation_id,omitempty"`
	InspectionID *int64 `json:"inspection_id,omitempty"`
	// VoidsEventID is set on a void event; CauseEventID on a status event
	// caused by another event.
	VoidsEventID *int64     `json:"voids_event_id,omitempty"`
	CauseEventID *int64     `json:"cause_event_id,omitempty"`
	Until        *time.Time `json:"until,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	ExpiresAt    *time.Time `json:"expires_at"`
	// Voided and VoidedBy are derived when reading.
	Voided   bool   `json:"voided"`
	VoidedBy *int64 `json:"voided_by,omitempty"`
	Appeal   string `json:"appeal_status,omitempty"`
	// Repair is the status of its open or granted repair application;
	// EffectivePoints what a repaired (granted) event counts instead of
	// Points from the repair on.
	Repair          string `json:"repair_status,omitempty"`
	EffectivePoints *int   `json:"effective_points,omitempty"`
}

// SetReason records a platform-written reason: the English for the API and
// the record, the id and params for pages.
func (ev *Event) SetReason(t kernel.Text) {
	ev.Reason, ev.ReasonText = t.English(), &t
}

// Validate checks an event before it is recorded.
func (ev *Event) Validate() error {
	k, ok := FindKind(ev.Kind)
	if !ok {
		return kernel.FieldError("kind", "credit_kind", "Unknown credit event kind %q.", ev.Kind)
	}
	if ev.AgencyID <= 0 {
		return kernel.FieldError("agency_id", "agency_required", "agency_id is required.")
	}
	if ev.Points < k.Min || ev.Points > k.Max {
		return kernel.FieldError("points", "credit_points_range", "A %s event carries %d to %d points, not %d.", ev.Kind, k.Min, k.Max, ev.Points)
	}
	if (ev.Kind == KindVoid) != (ev.VoidsEventID != nil) {
		return kernel.FieldError("voids_event_id", "void_reference", "A void event, and only a void event, names the event it voids.")
	}
	if ev.Source == "" {
		return fmt.Errorf("domain: credit event without source")
	}
	return nil
}
