package domain

import (
	"context"
	"time"
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

	// FindProjectsToScan returns up to limit closed projects not yet analysed.
	FindProjectsToScan(ctx context.Context, limit int) ([]int64, error)
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
