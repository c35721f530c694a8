package domain

import (
	"context"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/market"
)

// projectSubject is the audit subject id of a project (market.ProjectSubject).
func projectSubject(id int64) string { return market.ProjectSubject(id) }

// Projects builds the project use cases before bidding closes from the
// Marketplace's current fields.
func (m *Marketplace) Projects() *market.Projects {
	return &market.Projects{Store: m.Store, InTx: txOf(m.Store, func(s Store) market.ProjectTx { return projectTx{s} }),
		Deadline: m.Deadline, MinBiddingWindow: m.Periods.MinBiddingWindow, OCIDPrefix: m.ocidPrefix()}
}

// projectTx is a project use case's view of a transaction: the aggregate
// store, with the catalogue check and the avoid list's steps that read the
// agency registry and the confirmations.
type projectTx struct{ Store }

// CheckProjectCatalogue checks p's terms against its catalogue item.
func (t projectTx) CheckProjectCatalogue(ctx context.Context, p *market.Project, now time.Time) error {
	return checkProjectCatalogue(ctx, t.Store, p, now)
}

// AvoidField counts the agencies that could bid on p (checkAvoidList).
func (t projectTx) AvoidField(ctx context.Context, p *market.Project, now time.Time) (market.Field, error) {
	return checkAvoidList(ctx, t.Store, p, now)
}

// RequestAvoidConfirmation queues a department's own avoid list.
func (t projectTx) RequestAvoidConfirmation(ctx context.Context, actor Actor, p *market.Project, now time.Time) error {
	return requestAvoidConfirmation(ctx, t.Store, actor, p, now)
}

// AvoidListConfirmed refuses a publication waiting for its confirmation.
func (t projectTx) AvoidListConfirmed(ctx context.Context, p *market.Project) error {
	return avoidListConfirmed(ctx, t.Store, p)
}

// WithdrawAvoidConfirmation withdraws a cancelled project's request.
func (t projectTx) WithdrawAvoidConfirmation(ctx context.Context, p *market.Project) error {
	return withdrawAvoidConfirmation(ctx, t.Store, p)
}

// checkProjectCatalogue checks p's terms against its catalogue item: the
// item exists and admits them, and the investment project code is of the
// platform's year at now (the caller's clock, already read in its
// transaction).
func checkProjectCatalogue(ctx context.Context, s Store, p *market.Project, now time.Time) error {
	it, err := s.FindItemByCode(ctx, p.ItemCode, false)
	if ErrorCode(err) == ENOTFOUND {
		return FieldError("item_code", "item_not_found", "There is no service item %q in the catalogue.", p.ItemCode)
	} else if err != nil {
		return err
	}
	if err := validateProjectItem(p, it); err != nil {
		return err
	}
	return checkInvestmentCode(p, it, now.In(calendar.Beijing).Year())
}

// requestAvoidConfirmation queues a department's avoid list for a second
// department: naming agencies to stand aside on its own project is an act
// on its own business (DepartmentTies.OwnProject).
func requestAvoidConfirmation(ctx context.Context, s Store, actor Actor, p *market.Project, now time.Time) error {
	if p.OwnerRole != RoleDepartment || len(p.Avoid) == 0 {
		return nil
	}
	if !(DepartmentTies{OwnProject: true}).NeedsSecondDepartment() {
		return nil
	}
	return requestConfirmation(ctx, s, actor, ConfirmSubjectAvoidList, p.ID, now)
}

// lockOwnProject locks the project for update and checks that actor owns
// it (market.LockOwnProject): another owner's draft reads as not found,
// like every draft to the public.
func lockOwnProject(ctx context.Context, s Store, actor Actor, id int64) (*market.Project, error) {
	return market.LockOwnProject(ctx, s, actor, id)
}
