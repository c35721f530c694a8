package domain

import (
	"time"

	"marketplace/domain/credit"
	"marketplace/domain/kernel"
)

// Aliases of domain/credit under the names api/, web/, jobs/, storage/,
// tools/ and the lifecycle use; new code says credit.X. An alias goes once
// its callers have moved.

type (
	AgencyCredit      = credit.AgencyCredit
	Appeal            = credit.Appeal
	CreditDrop        = credit.Drop
	CreditEvent       = credit.Event
	CreditKind        = credit.Kind
	CreditMonitor     = credit.Monitor
	CreditRepairStore = credit.RepairStore
	CreditRow         = credit.Row
	CreditRules       = credit.Rules
	CreditSearchStore = credit.SearchStore
	CreditStanding    = credit.Standing
	CreditStore       = credit.Records
	DrawStream        = credit.DrawStream
	GradeCounts       = credit.GradeCounts
	Inspection        = credit.Inspection
	InspectionInput   = credit.InspectionInput
	InspectionTarget  = credit.InspectionTarget
	MonitorFilter     = credit.MonitorFilter
	Repair            = credit.Repair
	Sanction          = credit.Sanction
	ScoreParams       = credit.ScoreParams
	Severity          = credit.Severity
	Violation         = credit.Violation
	ViolationFilter   = credit.ViolationFilter
	ViolationInput    = credit.ViolationInput
)

const (
	AppealPending = credit.AppealPending

	ViolationsForSuspension = credit.ViolationsForSuspension

	CreditBase     = credit.Base
	CreditMinScore = credit.MinScore
	CreditMaxScore = credit.MaxScore
	GradeAMin      = credit.GradeAMin
	GradeBMin      = credit.GradeBMin
	GradeCMin      = credit.GradeCMin

	CreditEvaluation     = credit.KindEvaluation
	CreditLateDelivery   = credit.KindLateDelivery
	CreditSigningRefused = credit.KindSigningRefused
	CreditObjection      = credit.KindObjection
	CreditViolation      = credit.KindViolation
	CreditFalseMaterials = credit.KindFalseMaterials
	CreditCollusion      = credit.KindCollusion
	CreditVoid           = credit.KindVoid

	SourceEvaluation = credit.SourceEvaluation
	SourceScheduler  = credit.SourceScheduler
	SourceObjection  = credit.SourceObjection
	SourceAdmin      = credit.SourceAdmin
	SourceSystem     = credit.SourceSystem

	ViolationPending   = credit.ViolationPending
	ViolationConfirmed = credit.ViolationConfirmed

	InspectionAlgorithm = credit.InspectionAlgorithm

	RepairPending = credit.RepairPending

	CreditRecomputeInterval = credit.RecomputeInterval
	CreditSearchBatch       = credit.SearchBatch
	MonitorListLimit        = credit.MonitorListLimit

	MaxAppealReasonRunes    = credit.MaxAppealReasonRunes
	MaxRepairEvidenceRunes  = credit.MaxRepairEvidenceRunes
	MaxViolationReasonRunes = credit.MaxViolationReasonRunes

	TextBlacklistedCollusion = credit.TextBlacklistedCollusion
	TextSuspendedViolations  = credit.TextSuspendedViolations
	TextSuspendedGradeD      = credit.TextSuspendedGradeD
	TextSuspensionEnded      = credit.TextSuspensionEnded
	TextAppealUpheld         = credit.TextAppealUpheld
)

var (
	ErrCreditAgencyNotFound  = credit.ErrAgencyNotFound
	ErrCreditProjectNotFound = credit.ErrProjectNotFound
	ErrCreditEventNotFound   = credit.ErrEventNotFound
	ErrAppealNotFound        = credit.ErrAppealNotFound
	ErrInspectionNotFound    = credit.ErrInspectionNotFound
	ErrRepairNotFound        = credit.ErrRepairNotFound
	CreditKinds              = credit.Kinds
	RepairPolicies           = credit.RepairPolicies
)

// AgencyBarred is kernel.AgencyBarred.
func AgencyBarred(status string, until *time.Time, now time.Time) bool {
	return kernel.AgencyBarred(status, until, now)
}

// CanSeeEvidence is credit.CanSeeEvidence.
func CanSeeEvidence(actor Actor, agencyID int64) bool { return credit.CanSeeEvidence(actor, agencyID) }

// CreditExpiry is credit.Expiry.
func CreditExpiry(points int, at time.Time) *time.Time { return credit.Expiry(points, at) }

// CreditGrade is credit.Grade.
func CreditGrade(score int) string { return credit.Grade(score) }

// CreditPoints is credit.Points.
func CreditPoints(kind string, severity int) (int, error) { return credit.Points(kind, severity) }

// CreditScore is credit.Score.
func CreditScore(activePoints int) int { return credit.Score(activePoints) }

// CurrentScoreParams is credit.CurrentScoreParams.
func CurrentScoreParams() ScoreParams { return credit.CurrentScoreParams() }

// DrawInspection is credit.DrawInspection.
func DrawInspection(seedHex string, pool []int64, sample int, inspectors []string, per int) ([]int64, [][]string) {
	return credit.DrawInspection(seedHex, pool, sample, inspectors, per)
}

// EvaluationPoints is credit.EvaluationPoints.
func EvaluationPoints(quality, timeliness, attitude, fee int) int {
	return credit.EvaluationPoints(quality, timeliness, attitude, fee)
}

// ExitRule is credit.ExitRule.
func ExitRule(st *CreditStanding, ev *CreditEvent, recentViolations int, now time.Time) *credit.ExitAction {
	return credit.ExitRule(st, ev, recentViolations, now)
}

// FindCreditKind is credit.FindKind.
func FindCreditKind(kind string) (CreditKind, bool) { return credit.FindKind(kind) }

// InspectionSeed is credit.InspectionSeed.
func InspectionSeed(id int64, createdAt time.Time, pool []int64) string {
	return credit.InspectionSeed(id, createdAt, pool)
}

// InspectionSeedInput is credit.InspectionSeedInput.
func InspectionSeedInput(id int64, createdAt time.Time, pool []int64) string {
	return credit.InspectionSeedInput(id, createdAt, pool)
}

// NewDrawStream is credit.NewDrawStream.
func NewDrawStream(seedHex string) *DrawStream { return credit.NewDrawStream(seedHex) }

// PublishedCreditRules is credit.PublishedRules.
func PublishedCreditRules() *CreditRules { return credit.PublishedRules() }

// RepairDelta is credit.RepairDelta.
func RepairDelta(ev *CreditEvent, effective int, now time.Time) int {
	return credit.RepairDelta(ev, effective, now)
}

// RepairPolicyFor is credit.RepairPolicyFor.
func RepairPolicyFor(ev *CreditEvent) (credit.RepairPolicy, bool) { return credit.RepairPolicyFor(ev) }

// ViolationKinds is credit.ViolationKinds.
func ViolationKinds() []string { return credit.ViolationKinds() }

// VoidDelta is credit.VoidDelta.
func VoidDelta(ev *CreditEvent, now time.Time) int { return credit.VoidDelta(ev, now) }
