package domain

import (
	"time"

	"marketplace/domain/credit"
)

// Aliases of domain/credit under the names api/, web/, jobs/, storage/,
// tools/ and the lifecycle use; new code says credit.X. An alias goes once
// its callers have moved.

type (
	AgencyCredit        = credit.AgencyCredit
	Appeal              = credit.Appeal
	AppealStore         = credit.AppealStore
	CreditDrop          = credit.Drop
	CreditEvent         = credit.Event
	CreditKind          = credit.Kind
	CreditMonitor       = credit.Monitor
	CreditMonitorStore  = credit.MonitorStore
	CreditRepairStore   = credit.RepairStore
	CreditRow           = credit.Row
	CreditRules         = credit.Rules
	CreditSearchStore   = credit.SearchStore
	CreditStanding      = credit.Standing
	CreditStandingStore = credit.StandingStore
	CreditStore         = credit.Records
	DrawStream          = credit.DrawStream
	ExitAction          = credit.ExitAction
	GradeCounts         = credit.GradeCounts
	GradeRule           = credit.GradeRule
	Inspection          = credit.Inspection
	InspectionInput     = credit.InspectionInput
	InspectionStore     = credit.InspectionStore
	InspectionTarget    = credit.InspectionTarget
	MonitorFilter       = credit.MonitorFilter
	Repair              = credit.Repair
	RepairPolicy        = credit.RepairPolicy
	Sanction            = credit.Sanction
	ScoreParams         = credit.ScoreParams
	Severity            = credit.Severity
	SeverityRule        = credit.SeverityRule
	Violation           = credit.Violation
	ViolationFilter     = credit.ViolationFilter
	ViolationInput      = credit.ViolationInput
	ViolationStore      = credit.ViolationStore
)

const (
	AppealPending  = credit.AppealPending
	AppealRejected = credit.AppealRejected
	AppealUpheld   = credit.AppealUpheld
)

const (
	BlacklistYears                  = credit.BlacklistYears
	DeductionExpiryMonths           = credit.DeductionExpiryMonths
	GradeDSuspensionMonths          = credit.GradeDSuspensionMonths
	ViolationSuspensionMonths       = credit.ViolationSuspensionMonths
	ViolationWindowMonths           = credit.ViolationWindowMonths
	ViolationsForSuspension         = credit.ViolationsForSuspension
	FalseCommitmentPoints           = credit.FalseCommitmentPoints
	FalseCommitmentSuspensionMonths = credit.FalseCommitmentSuspensionMonths
)

const (
	CreditBase     = credit.Base
	CreditMinScore = credit.MinScore
	CreditMaxScore = credit.MaxScore
	GradeAMin      = credit.GradeAMin
	GradeBMin      = credit.GradeBMin
	GradeCMin      = credit.GradeCMin
)

const (
	CreditEvaluation      = credit.KindEvaluation
	CreditLateDelivery    = credit.KindLateDelivery
	CreditSigningRefused  = credit.KindSigningRefused
	CreditObjection       = credit.KindObjection
	CreditViolation       = credit.KindViolation
	CreditFalseMaterials  = credit.KindFalseMaterials
	CreditCollusion       = credit.KindCollusion
	CreditInspection      = credit.KindInspection
	CreditFalseCommitment = credit.KindFalseCommitment
	CreditSuspended       = credit.KindSuspended
	CreditBlacklisted     = credit.KindBlacklisted
	CreditReinstated      = credit.KindReinstated
	CreditVoid            = credit.KindVoid
)

const (
	SourceEvaluation = credit.SourceEvaluation
	SourceScheduler  = credit.SourceScheduler
	SourceDepartment = credit.SourceDepartment
	SourceObjection  = credit.SourceObjection
	SourceInspection = credit.SourceInspection
	SourceAdmin      = credit.SourceAdmin
	SourceSystem     = credit.SourceSystem
)

const (
	ViolationSeverityMinor   = credit.ViolationSeverityMinor
	ViolationSeveritySerious = credit.ViolationSeveritySerious
	ViolationSeverityGrave   = credit.ViolationSeverityGrave
	ViolationPending         = credit.ViolationPending
	ViolationConfirmed       = credit.ViolationConfirmed
)

const (
	InspectionPass      = credit.InspectionPass
	InspectionFail      = credit.InspectionFail
	InspectionAlgorithm = credit.InspectionAlgorithm
)

const (
	RepairPending           = credit.RepairPending
	RepairGranted           = credit.RepairGranted
	RepairRejected          = credit.RepairRejected
	RepairClassMinor        = credit.RepairClassMinor
	RepairClassSerious      = credit.RepairClassSerious
	RepairMinorMaxDeduction = credit.RepairMinorMaxDeduction
)

const (
	CreditRecomputeInterval = credit.RecomputeInterval
	CreditSearchBatch       = credit.SearchBatch
	MonitorListLimit        = credit.MonitorListLimit
)

const (
	MaxAppealReasonRunes    = credit.MaxAppealReasonRunes
	MaxRepairEvidenceRunes  = credit.MaxRepairEvidenceRunes
	MaxViolationReasonRunes = credit.MaxViolationReasonRunes
	MaxInspectionRegion     = credit.MaxInspectionRegion
	MaxInspectionFindings   = credit.MaxInspectionFindings
)

const (
	TextBlacklistedFalseMaterials = credit.TextBlacklistedFalseMaterials
	TextBlacklistedCollusion      = credit.TextBlacklistedCollusion
	TextSuspendedViolations       = credit.TextSuspendedViolations
	TextSuspendedGradeD           = credit.TextSuspendedGradeD
	TextSuspendedFalseCommitment  = credit.TextSuspendedFalseCommitment
	TextSuspensionEnded           = credit.TextSuspensionEnded
	TextSanctionAppealVoided      = credit.TextSanctionAppealVoided
	TextAppealUpheld              = credit.TextAppealUpheld
	TextViolationRecordedBy       = credit.TextViolationRecordedBy
	TextRepairLiftedSuspension    = credit.TextRepairLiftedSuspension
)

var (
	ErrCreditAgencyNotFound  = credit.ErrAgencyNotFound
	ErrCreditProjectNotFound = credit.ErrProjectNotFound
	ErrCreditEventNotFound   = credit.ErrEventNotFound
	ErrAppealNotFound        = credit.ErrAppealNotFound
	ErrInspectionNotFound    = credit.ErrInspectionNotFound
	ErrRepairNotFound        = credit.ErrRepairNotFound
	CreditKinds              = credit.Kinds
	ViolationPoints          = credit.ViolationPoints
	SeverityNames            = credit.SeverityNames
	RepairPolicies           = credit.RepairPolicies
)

// AgencyBarred is credit.AgencyBarred.
func AgencyBarred(status string, until *time.Time, now time.Time) bool {
	return credit.AgencyBarred(status, until, now)
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
func ExitRule(st *CreditStanding, ev *CreditEvent, recentViolations int, now time.Time) *ExitAction {
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

// LiftDue is credit.LiftDue.
func LiftDue(status string, until *time.Time, now time.Time) bool {
	return credit.LiftDue(status, until, now)
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
func RepairPolicyFor(ev *CreditEvent) (RepairPolicy, bool) { return credit.RepairPolicyFor(ev) }

// ViolationKinds is credit.ViolationKinds.
func ViolationKinds() []string { return credit.ViolationKinds() }

// VoidDelta is credit.VoidDelta.
func VoidDelta(ev *CreditEvent, now time.Time) int { return credit.VoidDelta(ev, now) }
