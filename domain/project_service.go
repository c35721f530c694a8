package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/market"
)

// projectSubject is the audit subject id of a project (market.ProjectSubject).
func projectSubject(id int64) string { return market.ProjectSubject(id) }

// CreateProject creates a draft for an enterprise or a department. Every
// rule that does not depend on the publication time is checked here, and
// again at publication.
func (m *Marketplace) CreateProject(ctx context.Context, actor Actor, in ProjectInput) (*Project, error) {
	if err := Authorize(actor, ActProjectOwn); err != nil {
		return nil, err
	}
	if !CanOwnProjects(actor.Role) {
		return nil, Errorf(EFORBIDDEN, "not_a_project_owner", "Only enterprises and departments post projects.")
	}
	p, err := NewProject(actor, in)
	if err != nil {
		return nil, err
	}
	err = m.Store.InTx(ctx, func(s Store) error {
		if err := checkProjectCatalogue(ctx, s, p); err != nil {
			return err
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		field, err := checkAvoidList(ctx, s, p, now)
		if err != nil {
			return err
		}
		if err := p.CheckAvoidShare(field); err != nil {
			return err
		}
		if err := s.CreateProject(ctx, p); err != nil {
			return err
		}
		if err := s.AppendAudit(ctx, NewAudit(actor, "project.created", "project", projectSubject(p.ID),
			map[string]any{"title": p.Title, "item_code": p.ItemCode, "method": p.Method, "funding": p.Funding})); err != nil {
			return err
		}
		return requestAvoidConfirmation(ctx, s, actor, p, now)
	})
	if err != nil {
		return nil, err
	}
	return m.GetProject(ctx, actor, p.ID)
}

func checkProjectCatalogue(ctx context.Context, s Store, p *Project) error {
	it, err := s.FindItemByCode(ctx, p.ItemCode, false)
	if ErrorCode(err) == ENOTFOUND {
		return FieldError("item_code", "item_not_found", "There is no service item %q in the catalogue.", p.ItemCode)
	} else if err != nil {
		return err
	}
	if err := validateProjectItem(p, it); err != nil {
		return err
	}
	now, err := s.Now(ctx)
	if err != nil {
		return err
	}
	return checkInvestmentCode(p, it, now.In(PlatformZone).Year())
}

// requestAvoidConfirmation queues a department's avoid list for a second
// department: naming agencies to stand aside on its own project is an act
// on its own business (DepartmentTies.OwnProject).
func requestAvoidConfirmation(ctx context.Context, s Store, actor Actor, p *Project, now time.Time) error {
	if p.OwnerRole != RoleDepartment || len(p.Avoid) == 0 {
		return nil
	}
	if !(DepartmentTies{OwnProject: true}).NeedsSecondDepartment() {
		return nil
	}
	return requestConfirmation(ctx, s, actor, ConfirmSubjectAvoidList, p.ID, now)
}

// PublishProject opens a draft for bids. The bidding window is measured from
// now on the platform clock; the catalogue and restriction rules are checked
// again, since the item may have been abolished since the draft was made.
func (m *Marketplace) PublishProject(ctx context.Context, actor Actor, id int64) (*Project, error) {
	if err := Authorize(actor, ActProjectOwn); err != nil {
		return nil, err
	}
	err := m.Store.InTx(ctx, func(s Store) error {
		p, err := lockOwnProject(ctx, s, actor, id)
		if err != nil {
			return err
		}
		if p.Status != ProjectDraft {
			return Errorf(ECONFLICT, "not_draft", "Only a draft can be published; the project is %s.", p.Status)
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := checkProjectCatalogue(ctx, s, p); err != nil {
			return err
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		if err := p.CheckWindow(m.Periods.MinBiddingWindow, m.Deadline(m.Periods.MinBiddingWindow, now)); err != nil {
			return err
		}
		field, err := checkAvoidList(ctx, s, p, now)
		if err != nil {
			return err
		}
		if err := p.CheckAvoidShare(field); err != nil {
			return err
		}
		if err := p.CheckFieldWide(field); err != nil {
			return err
		}
		if err := avoidListConfirmed(ctx, s, p); err != nil {
			return err
		}
		if err := fireProject(ctx, s, p, EventPublish, actor); err != nil {
			return err
		}
		p.PublishedAt, p.ClosesAt, p.Extensions = &now, p.BiddingClosesAt, 0
		if err := s.UpdateProjectState(ctx, p); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "project.published", "project", projectSubject(p.ID),
			map[string]any{"bidding_closes_at": p.BiddingClosesAt, "method": p.Method}))
	})
	if err != nil {
		return nil, err
	}
	return m.GetProject(ctx, actor, id)
}

// CancelProject cancels a draft, or a project still open for bids, with a
// recorded reason. Once the deadline has passed on the platform clock the
// project is closed whether or not the scheduler has run, so it can no
// longer be cancelled here.
func (m *Marketplace) CancelProject(ctx context.Context, actor Actor, id int64, reason string) (*Project, error) {
	if err := Authorize(actor, ActProjectOwn); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < MinCancelReasonRunes || n > MaxCancelReasonRunes {
		return nil, FieldError("reason", "cancel_reason_required", "A cancellation needs a reason of %d to %d characters; it is published.", MinCancelReasonRunes, MaxCancelReasonRunes)
	}
	err := m.Store.InTx(ctx, func(s Store) error {
		p, err := lockOwnProject(ctx, s, actor, id)
		if err != nil {
			return err
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		switch {
		case p.Status == ProjectBidding && !now.Before(p.ClosesAt):
			return Errorf(ECONFLICT, "bidding_closed", "Bidding has closed; the project can no longer be cancelled.")
		case p.Status != ProjectDraft && p.Status != ProjectBidding:
			return Errorf(ECONFLICT, "not_cancellable", "A %s project cannot be cancelled.", p.Status)
		}
		from := p.Status
		// The reason is written first: the schema refuses a cancelled
		// project without one.
		p.CancelReason = reason
		if err := s.UpdateProjectState(ctx, p); err != nil {
			return err
		}
		if err := fireProject(ctx, s, p, EventCancel, actor); err != nil {
			return err
		}
		if err := withdrawAvoidConfirmation(ctx, s, p); err != nil {
			return err
		}
		if p.IsAuction() && from == ProjectBidding {
			if err := s.NotifyAuction(ctx, AuctionEvent{ProjectID: p.ID, Kind: AuctionEventClosed, Status: p.Status, ClosesAt: p.ClosesAt,
				Bids: p.AuctionBids, Extensions: p.Extensions, BestPrice: p.BestPrice, At: now}); err != nil {
				return err
			}
		}
		return s.AppendAudit(ctx, NewAudit(actor, "project.cancelled", "project", projectSubject(p.ID),
			map[string]any{"from": from, "reason": reason}))
	})
	if err != nil {
		return nil, err
	}
	return m.GetProject(ctx, actor, id)
}

// RepostProject makes a new draft round of a failed project (流标后重新发布),
// linked to the old one, with a new closing time.
func (m *Marketplace) RepostProject(ctx context.Context, actor Actor, id int64, closesAt time.Time) (*Project, error) {
	if err := Authorize(actor, ActProjectOwn); err != nil {
		return nil, err
	}
	var newID int64
	err := m.Store.InTx(ctx, func(s Store) error {
		old, err := lockOwnProject(ctx, s, actor, id)
		if err != nil {
			return err
		}
		if old.Status != ProjectFailed {
			return Errorf(ECONFLICT, "not_failed", "Only a failed project can be reposted; the project is %s.", old.Status)
		}
		minBids := old.MinBids
		in := ProjectInput{Title: old.Title, Description: old.Description, ItemCode: old.ItemCode, Region: old.Region,
			Funding: old.Funding, BudgetCode: old.BudgetCode, CeilingPrice: old.CeilingPrice, Method: old.Method,
			BiddingClosesAt: closesAt, ServiceDays: old.ServiceDays, MinBids: &minBids, Weights: old.Weights,
			MinStep: old.MinStep, Avoid: old.Avoid, InvestmentProjectCode: old.InvestmentProjectCode, Contact: old.Contact}
		p, err := NewProject(actor, in)
		if err != nil {
			return err
		}
		prev := old.ID
		p.PreviousRoundID = &prev
		if err := checkProjectCatalogue(ctx, s, p); err != nil {
			return err
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		if err := s.CreateProject(ctx, p); err != nil {
			return err
		}
		newID = p.ID
		if err := s.AppendAudit(ctx, NewAudit(actor, "project.reposted", "project", projectSubject(p.ID),
			map[string]any{"previous_round_id": old.ID})); err != nil {
			return err
		}
		// A new round is a new act: its avoid list is confirmed again.
		return requestAvoidConfirmation(ctx, s, actor, p, now)
	})
	if err != nil {
		return nil, err
	}
	return m.GetProject(ctx, actor, newID)
}

// lockOwnProject locks the project for update and checks that actor owns
// it (market.LockOwnProject): another owner's draft reads as not found,
// like every draft to the public.
func lockOwnProject(ctx context.Context, s Store, actor Actor, id int64) (*Project, error) {
	return market.LockOwnProject(ctx, s, actor, id)
}

// GetProject returns one project as actor may see it.
func (m *Marketplace) GetProject(ctx context.Context, actor Actor, id int64) (*Project, error) {
	p, err := m.Store.FindProjectByID(ctx, id, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	return m.publicView(p), nil
}

// ListProjects returns the public listing; an owner also sees its own drafts.
func (m *Marketplace) ListProjects(ctx context.Context, actor Actor, f ProjectFilter) (List[*Project], error) {
	if err := f.Page.Normalize(); err != nil {
		return List[*Project]{}, err
	}
	switch f.Sort {
	case "", "date", "deadline":
	default:
		return List[*Project]{}, FieldError("sort", "sort_unknown", "sort must be \"deadline\" or \"date\".")
	}
	switch f.Status {
	case "", ProjectDraft, ProjectBidding, ProjectEvaluating, ProjectFailed, ProjectPublicity, ProjectAwarded,
		ProjectContracted, ProjectDelivered, ProjectAccepted, ProjectCompleted, ProjectCancelled:
	default:
		return List[*Project]{}, FieldError("status", "status_unknown", "There is no project status %q.", f.Status)
	}
	switch f.Funding {
	case "", FundingSelf, FundingBudget:
	default:
		return List[*Project]{}, FieldError("funding", "funding_unknown", "funding must be \"self\" or \"budget\".")
	}
	if err := f.CheckCeilingRange(); err != nil {
		return List[*Project]{}, err
	}
	f.ViewerID = actor.ID
	items, total, err := m.Store.FindProjects(ctx, f)
	if err != nil {
		return List[*Project]{}, err
	}
	for _, p := range items {
		m.publicView(p)
	}
	return NewList(items, total, f.Page), nil
}
