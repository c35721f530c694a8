package credit

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// Store is everything the credit use cases need: the credit records and
// repair applications, the platform clock and the audit log. The
// aggregate domain.Store implements it, so any transaction of the platform
// can record a credit event (RecordEvent).
type Store interface {
	kernel.Auditor
	Records
	RepairStore
}

// Records persists credit events, scores, violations, appeals and
// inspections: the part of the aggregate storage implements that is
// credit's (credit.Records). Each use case needs one of the narrower
// stores it embeds.
type Records interface {
	StandingStore
	ViolationStore
	AppealStore
	InspectionStore
	MonitorStore
}

// StandingStore persists an agency's standing (points, score, grade,
// status) and the credit events it is computed from.
type StandingStore interface {
	// FindCreditStanding returns the agency's standing, locking its profile
	// row when forUpdate; ErrAgencyNotFound when there is no such agency.
	FindCreditStanding(ctx context.Context, agencyID int64, forUpdate bool) (*Standing, error)
	// SaveCreditStanding writes points, score, grade, as-of time and
	// suspended_until to the profile, and the status to the account.
	SaveCreditStanding(ctx context.Context, st *Standing) error
	// ExpiredCreditPoints sums the points of the agency's unvoided events
	// whose expiry falls in (after, upTo].
	ExpiredCreditPoints(ctx context.Context, agencyID int64, after, upTo time.Time) (int, error)
	InsertCreditEvent(ctx context.Context, ev *Event) error
	// FindCreditEvent returns one event with Voided filled in.
	FindCreditEvent(ctx context.Context, id int64) (*Event, error)
	// FindCreditEvents returns an agency's events, newest first, with Voided
	// and Appeal filled in.
	FindCreditEvents(ctx context.Context, agencyID int64, limit int) ([]*Event, error)
	// CountViolationEvents counts the agency's unvoided violation events
	// created after since.
	CountViolationEvents(ctx context.Context, agencyID int64, since time.Time, kinds []string) (int, error)
	// LatestStatusEvent returns the agency's last suspended/blacklisted/
	// reinstated event, or nil.
	LatestStatusEvent(ctx context.Context, agencyID int64) (*Event, error)
	// RecomputeCreditScores rebuilds every agency's points, score and grade
	// from its events at now in one set-based statement and returns how many
	// profiles changed.
	RecomputeCreditScores(ctx context.Context, now time.Time, p ScoreParams) (int, error)
	// FindDueReinstatements locks (SKIP LOCKED) up to limit agencies whose
	// suspension or blacklist ended at or before now.
	FindDueReinstatements(ctx context.Context, now time.Time, limit int) ([]int64, error)
	// LastCreditRecompute returns when the last full recompute ran (nil: never).
	LastCreditRecompute(ctx context.Context) (*time.Time, error)
	RecordCreditRecompute(ctx context.Context, at time.Time, rows int) error
}

// ViolationStore persists the violations a department or the platform
// records against an agency.
type ViolationStore interface {
	CreateViolation(ctx context.Context, v *Violation) error
	FindViolation(ctx context.Context, id int64, forUpdate bool) (*Violation, error)
	UpdateViolation(ctx context.Context, v *Violation) error
	FindViolations(ctx context.Context, f ViolationFilter) ([]*Violation, int, error)
	// CreditProjectOwner returns the owner of a project (ErrProjectNotFound).
	CreditProjectOwner(ctx context.Context, projectID int64) (int64, error)
}

// AppealStore persists agencies' appeals against credit events.
type AppealStore interface {
	CreateAppeal(ctx context.Context, a *Appeal) error
	FindAppeal(ctx context.Context, id int64, forUpdate bool) (*Appeal, error)
	UpdateAppeal(ctx context.Context, a *Appeal) error
	// FindAppeals lists appeals, oldest first, optionally of one status.
	FindAppeals(ctx context.Context, status string, p kernel.Page) ([]*Appeal, int, error)
}

// InspectionStore persists random inspections (双随机) and their drawn
// targets.
type InspectionStore interface {
	// NextInspectionID reserves an inspection id (the draw's seed needs it).
	NextInspectionID(ctx context.Context) (int64, error)
	// InspectionPool returns the sorted ids of the agencies an inspection
	// draws from.
	InspectionPool(ctx context.Context, itemCode, region string) ([]int64, error)
	CreateInspection(ctx context.Context, in *Inspection) error
	FindInspection(ctx context.Context, id int64) (*Inspection, error)
	FindInspections(ctx context.Context, p kernel.Page) ([]*Inspection, int, error)
	// LockInspectionTarget locks one drawn agency's row of an inspection.
	LockInspectionTarget(ctx context.Context, inspectionID, agencyID int64) (*InspectionTarget, error)
	UpdateInspectionTarget(ctx context.Context, inspectionID int64, t *InspectionTarget) error
}

// MonitorStore reads the departments' credit overview: the monitor,
// its CSV rows and the sanctioned agencies.
type MonitorStore interface {
	CreditMonitor(ctx context.Context, f MonitorFilter, now time.Time) (*Monitor, error)
	// FindCreditRows returns every matching agency's credit line (CSV export).
	FindCreditRows(ctx context.Context, f MonitorFilter, now time.Time) ([]*Row, error)
	// FindSanctioned lists agencies currently in status (suspended or blacklisted).
	FindSanctioned(ctx context.Context, status string, p kernel.Page) ([]*Sanction, int, error)
}

// ScoreParams carries the score formula into the set-based recompute so
// that SQL holds no constant of its own.
type ScoreParams struct {
	Base, Min, Max         int
	GradeA, GradeB, GradeC int
}

// CurrentScoreParams returns the model's formula constants.
func CurrentScoreParams() ScoreParams {
	return ScoreParams{Base: Base, Min: MinScore, Max: MaxScore, GradeA: GradeAMin, GradeB: GradeBMin, GradeC: GradeCMin}
}
