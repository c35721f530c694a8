package supervision

import (
	"context"
	"time"

	"marketplace/domain/concentration"
	"marketplace/domain/kernel"
)

// RiskStore persists bid evidence, risk flags and supervision cases (issue 10).
type RiskStore interface {
	// CreateBidEvidence records one bid action's evidence and sets its ID.
	CreateBidEvidence(ctx context.Context, e *BidEvidence) error
	// FindBidEvidence returns the evidence of a project, oldest first,
	// restricted to agencies when agencies is not empty.
	FindBidEvidence(ctx context.Context, projectID int64, agencies []int64) ([]*BidEvidence, error)
	// PurgeBidEvidence deletes up to limit evidence rows recorded before
	// cutoff, except on projects with an open case (legal hold).
	PurgeBidEvidence(ctx context.Context, cutoff time.Time, limit int) (int, error)

	// FindProjectsToScan returns up to limit projects closed at or after
	// since and not yet analysed, oldest close first.
	FindProjectsToScan(ctx context.Context, since time.Time, limit int) ([]ClosedProject, error)
	// LoadRiskProject reads a closed project with its bids, evidence and bidders.
	LoadRiskProject(ctx context.Context, projectID int64) (*RiskProject, error)
	MarkProjectScanned(ctx context.Context, projectID int64, flags int, now time.Time) error
	// LoadRiskHistory reads the projects closed since since, with their
	// bids, candidate statuses and award.
	LoadRiskHistory(ctx context.Context, since time.Time) ([]HistoryProject, error)
	// RiskMark reads a job mark (zero time when unset); SetRiskMark writes it.
	RiskMark(ctx context.Context, name string) (time.Time, error)
	SetRiskMark(ctx context.Context, name string, at time.Time) error

	// SaveRiskFlag inserts a flag or, when its key exists, updates it; it
	// sets ID and reports whether the flag is new.
	SaveRiskFlag(ctx context.Context, f *RiskFlag, now time.Time) (bool, error)
	FindRiskFlag(ctx context.Context, id int64) (*RiskFlag, error)
	FindRiskFlags(ctx context.Context, f RiskFilter) ([]*RiskFlag, int, error)

	CreateRiskCase(ctx context.Context, c *RiskCase) error
	FindRiskCase(ctx context.Context, id int64, forUpdate bool) (*RiskCase, error)
	FindRiskCasesOfFlag(ctx context.Context, flagID int64) ([]*RiskCase, error)
	UpdateRiskCase(ctx context.Context, c *RiskCase) error
	CreateRiskCaseNote(ctx context.Context, n *RiskCaseNote) error
	FindRiskCaseNotes(ctx context.Context, caseID int64) ([]*RiskCaseNote, error)
}

// ConcentrationStore reads what the market concentration monitor measures.
type ConcentrationStore interface {
	// FindConcentrationAwards lists every standing award (publicity over,
	// whatever came after) with its item, region, year and amount, in one
	// set-based query; item ("": any) and the years (0: unbounded) narrow
	// it. The year is the year bidding closed, in Asia/Shanghai.
	FindConcentrationAwards(ctx context.Context, item string, fromYear, toYear int) ([]concentration.Award, error)
}

// StagePairStore reads the checking pairs stage_pair_affiliated judges
// (domain's investment-project store implements it).
type StagePairStore interface {
	// FindStagePairHoldings returns the checking pairs of projects on one
	// investment code awarded to two different agencies, the later of
	// the two closed at or after since.
	FindStagePairHoldings(ctx context.Context, since time.Time) ([]StagePairHolding, error)
}

// Store is everything the office reads and writes: outside a transaction
// (Office.Store) or inside one (the store Office.InTx hands over).
type Store interface {
	RiskStore
	ConcentrationStore
	StagePairStore
	Neighbours
	kernel.Auditor
}

// Neighbours is what the office asks of other contexts. It comes with the
// store because the answer must be read (or written) on the same
// transaction: a department's region is checked in the transaction that
// acts on its case, and a case converts into a violation that commits or
// fails with it.
type Neighbours interface {
	// AccountRegion is an account's region (a department's remit).
	AccountRegion(ctx context.Context, accountID int64) (string, error)
	// PersistentLowPriceFlags are the flags of the low-price rules, saved
	// by the history job with its own.
	PersistentLowPriceFlags(ctx context.Context, now time.Time) ([]RiskFlag, error)
	// RecordViolation records a violation through the credit context and
	// returns its id.
	RecordViolation(ctx context.Context, actor kernel.Actor, v ViolationRequest) (int64, error)
}
