package domain

import (
	"context"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// IneligibleStageConflict is the reason of a bid refused by the conflict
// rule: the agency holds the award for the other item of a checking pair
// (预算编制/结算审核, 环评报告编制/环评技术评估) on the same investment project.
const IneligibleStageConflict = "stage_conflict"

// AwardHoldingStatuses are the states in which an agency holds a project's
// award: from the published result (公示) on. A result later set aside
// leaves these states, and the hold with it.
var AwardHoldingStatuses = []string{market.ProjectPublicity, market.ProjectAwarded, market.ProjectContracted, market.ProjectDelivered,
	market.ProjectAccepted, market.ProjectCompleted}

// StageConflict is the other project of a checking pair that the agency
// holds on the same investment project.
type StageConflict struct {
	ProjectID int64
	Title     string
	ItemCode  string
}

// StageConflictError is the 403 a conflicting bid gets; it names the other
// project (its number and title, which are public).
func StageConflictError(c *StageConflict, publishedAt *time.Time) error {
	other := &market.Project{ID: c.ProjectID, PublishedAt: publishedAt}
	return &Error{Code: EFORBIDDEN, Reason: IneligibleStageConflict,
		Message: "The agency holds the award of project " + other.Number() + " (" + c.Title +
			") on the same investment project, whose item checks this one's: it cannot bid for both.",
		Params: map[string]any{"ProjectID": c.ProjectID, "ProjectTitle": c.Title, "ItemCode": c.ItemCode}}
}

// InvestmentPurchase is one intermediary purchase of an investment project
// with its result once there is one.
type InvestmentPurchase struct {
	ProjectID   int64      `json:"project_id"`
	OCID        string     `json:"ocid"`
	Number      string     `json:"number"`
	Title       string     `json:"title"`
	ItemCode    string     `json:"item_code"`
	ItemName    string     `json:"item_name"`
	OwnerName   string     `json:"owner_name"`
	Status      string     `json:"status"`
	PublishedAt *time.Time `json:"published_at"`
	ClosesAt    time.Time  `json:"closes_at"`
	// The awarded agency and price, once a result is published.
	AgencyID   *int64  `json:"agency_id"`
	AgencyName *string `json:"agency_name"`
	Price      *Money  `json:"price"`
}

// InvestmentProject is the intermediary trail of one investment project.
type InvestmentProject struct {
	Code      string                `json:"code"`
	Purchases []*InvestmentPurchase `json:"purchases"`
}

// InvestmentStore reads the purchases linked by an investment project code.
type InvestmentStore interface {
	// FindInvestmentPurchases returns every published purchase with the
	// code, oldest first, with the result of those that have one.
	FindInvestmentPurchases(ctx context.Context, code string) ([]*InvestmentPurchase, error)
	// FindStageConflict returns a project on p's investment code whose
	// item pairs with p's and whose award agencyID holds, or nil.
	FindStageConflict(ctx context.Context, agencyID int64, p *market.Project) (*StageConflict, *time.Time, error)
	// FindStagePairHoldings returns the checking pairs of projects on one
	// investment code awarded to two different agencies, the later of
	// the two closed at or after since.
	FindStagePairHoldings(ctx context.Context, since time.Time) ([]supervision.StagePairHolding, error)
}

// InvestmentProjectTrail lists every intermediary purchase of the
// investment project code: public, like the notices it gathers.
func (m *Marketplace) InvestmentProjectTrail(ctx context.Context, code string) (*InvestmentProject, error) {
	code = market.NormalizeInvestmentCode(code)
	now, err := m.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	// "" is valid on a project (none named) but names no trail.
	if err := ValidateInvestmentCode(code, now.In(calendar.Beijing).Year()); err != nil || code == "" {
		if err == nil {
			err = FieldError("investment_project_code", ReasonInvestmentCodeFormat, "Give an investment project code.")
		}
		return nil, err
	}
	ps, err := m.Store.FindInvestmentPurchases(ctx, code)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		p.OCID = market.OCIDFor(p.ProjectID)
		p.Number = (&market.Project{ID: p.ProjectID, PublishedAt: p.PublishedAt}).Number()
	}
	return &InvestmentProject{Code: code, Purchases: ps}, nil
}

// checkStageConflict refuses a bid by an agency holding the award for the
// other item of a checking pair on p's investment project. A project with
// no investment code costs no query: the bid path is measured.
func checkStageConflict(ctx context.Context, s Store, agencyID int64, p *market.Project) error {
	if p.InvestmentProjectCode == "" {
		return nil
	}
	c, publishedAt, err := s.FindStageConflict(ctx, agencyID, p)
	if err != nil || c == nil {
		return err
	}
	return StageConflictError(c, publishedAt)
}
