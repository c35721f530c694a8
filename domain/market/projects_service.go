package market

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// ProjectReads is what the projects' use cases read outside a transaction.
type ProjectReads interface {
	ProjectReader
	FindProjects(ctx context.Context, f ProjectFilter) ([]*Project, int, error)
}

// ProjectWriter writes a project: a new draft with its avoid list, and the
// bidding fields of one (the status is StatusWriter's).
type ProjectWriter interface {
	// CreateProject inserts a draft with its avoid list and sets its ID.
	CreateProject(ctx context.Context, p *Project) error
	// UpdateProjectState writes the bidding fields: closes_at, extensions,
	// auction state, cancel reason, published_at, closed_at.
	UpdateProjectState(ctx context.Context, p *Project) error
}

// AuctionNotifier publishes an auction's event to every replica when the
// transaction commits.
type AuctionNotifier interface {
	NotifyAuction(ctx context.Context, ev AuctionEvent) error
}

// AvoidSteps are the avoid list's steps that read other contexts: the
// field of agencies that could bid (the agency registry) and the second
// department's confirmation of a department's own avoid list (四眼原则,
// shared with violations); domain answers them on the transaction.
type AvoidSteps interface {
	// AvoidField counts the agencies that offer p's item in its region
	// and those of them that p's avoid list names.
	AvoidField(ctx context.Context, p *Project, now time.Time) (Field, error)
	// RequestAvoidConfirmation queues a department's avoid list for a
	// second department when its ties with the agencies call for it.
	RequestAvoidConfirmation(ctx context.Context, actor kernel.Actor, p *Project, now time.Time) error
	// AvoidListConfirmed refuses to publish while an avoid list awaits
	// its confirmation.
	AvoidListConfirmed(ctx context.Context, p *Project) error
	// WithdrawAvoidConfirmation withdraws the pending confirmation of a
	// cancelled project's avoid list.
	WithdrawAvoidConfirmation(ctx context.Context, p *Project) error
}

// ProjectTx is the transaction of a project's draft, publication,
// cancellation or new round.
type ProjectTx interface {
	ProjectReader
	ProjectWriter
	StatusWriter
	AuctionNotifier
	kernel.Auditor
	CatalogueCheck
	AvoidSteps
}

// Projects holds the owner's use cases of a project before bidding
// closes (a draft, its publication, its cancellation, a new round of a
// failed one) and the public reads of projects; domain.Marketplace builds
// one per call from its fields.
type Projects struct {
	// Store reads outside a transaction.
	Store ProjectReads
	// InTx runs a function in one transaction over ProjectTx.
	InTx kernel.TxFunc[ProjectTx]
	// Deadline is the end of period p started at from, over the working
	// calendar (domain's Marketplace.Deadline).
	Deadline func(p Period, from time.Time) time.Time
	// MinBiddingWindow is the least time between publication and close.
	MinBiddingWindow Period
	// OCIDPrefix starts every project's OCDS id (open data).
	OCIDPrefix string
}

// View is the project as the public reads it, with its OCDS id.
func (ps *Projects) View(p *Project) *Project {
	p.PublicView()
	p.OCID = ps.OCIDPrefix + strconv.FormatInt(p.ID, 10)
	return p
}

// Create creates a draft for an enterprise or a department. Every rule
// that does not depend on the publication time is checked here, and again
// at publication.
func (ps *Projects) Create(ctx context.Context, actor kernel.Actor, in ProjectInput) (*Project, error) {
	if err := kernel.Authorize(actor, kernel.ActProjectOwn); err != nil {
		return nil, err
	}
	if !CanOwnProjects(actor.Role) {
		return nil, kernel.Errorf(kernel.EFORBIDDEN, "not_a_project_owner", "Only enterprises and departments post projects.")
	}
	p, err := NewProject(actor, in)
	if err != nil {
		return nil, err
	}
	err = ps.InTx(ctx, func(s ProjectTx) error {
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		if err := s.CheckProjectCatalogue(ctx, p, now); err != nil {
			return err
		}
		if _, err := checkAvoid(ctx, s, p, now); err != nil {
			return err
		}
		if err := s.CreateProject(ctx, p); err != nil {
			return err
		}
		if err := s.AppendAudit(ctx, kernel.NewAudit(actor, "project.created", "project", ProjectSubject(p.ID),
			map[string]any{"title": p.Title, "item_code": p.ItemCode, "method": p.Method, "funding": p.Funding})); err != nil {
			return err
		}
		return s.RequestAvoidConfirmation(ctx, actor, p, now)
	})
	if err != nil {
		return nil, err
	}
	return ps.Get(ctx, actor, p.ID)
}

// Publish publishes the owner's draft: every rule is checked again, the
// close must leave the least bidding window, and a department's own avoid
// list must have been confirmed.
func (ps *Projects) Publish(ctx context.Context, actor kernel.Actor, id int64) (*Project, error) {
	if err := kernel.Authorize(actor, kernel.ActProjectOwn); err != nil {
		return nil, err
	}
	err := ps.InTx(ctx, func(s ProjectTx) error {
		p, err := LockOwnProject(ctx, s, actor, id)
		if err != nil {
			return err
		}
		if p.Status != ProjectDraft {
			return kernel.Errorf(kernel.ECONFLICT, "not_draft", "Only a draft can be published; the project is %s.", p.Status)
		}
		if err := p.Validate(); err != nil {
			return err
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		if err := s.CheckProjectCatalogue(ctx, p, now); err != nil {
			return err
		}
		if err := p.CheckWindow(ps.MinBiddingWindow, ps.Deadline(ps.MinBiddingWindow, now)); err != nil {
			return err
		}
		field, err := checkAvoid(ctx, s, p, now)
		if err != nil {
			return err
		}
		if err := p.CheckFieldWide(field); err != nil {
			return err
		}
		if err := s.AvoidListConfirmed(ctx, p); err != nil {
			return err
		}
		if err := Fire(ctx, s, p, EventPublish, actor); err != nil {
			return err
		}
		p.PublishedAt, p.ClosesAt, p.Extensions = &now, p.BiddingClosesAt, 0
		if err := s.UpdateProjectState(ctx, p); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "project.published", "project", ProjectSubject(p.ID),
			map[string]any{"bidding_closes_at": p.BiddingClosesAt, "method": p.Method}))
	})
	if err != nil {
		return nil, err
	}
	return ps.Get(ctx, actor, id)
}

// Cancel cancels a draft, or a project still open for bids, with a
// recorded reason. Once the deadline has passed on the platform clock the
// project is closed whether or not the scheduler has run, so it can no
// longer be cancelled here.
func (ps *Projects) Cancel(ctx context.Context, actor kernel.Actor, id int64, reason string) (*Project, error) {
	if err := kernel.Authorize(actor, kernel.ActProjectOwn); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < MinCancelReasonRunes || n > MaxCancelReasonRunes {
		return nil, kernel.FieldError("reason", "cancel_reason_required", "A cancellation needs a reason of %d to %d characters; it is published.", MinCancelReasonRunes, MaxCancelReasonRunes)
	}
	err := ps.InTx(ctx, func(s ProjectTx) error {
		p, now, err := LockOwnProjectAt(ctx, s, actor, id)
		if err != nil {
			return err
		}
		switch {
		case p.Status == ProjectBidding && !now.Before(p.ClosesAt):
			return kernel.Errorf(kernel.ECONFLICT, "bidding_closed", "Bidding has closed; the project can no longer be cancelled.")
		case p.Status != ProjectDraft && p.Status != ProjectBidding:
			return kernel.Errorf(kernel.ECONFLICT, "not_cancellable", "A %s project cannot be cancelled.", p.Status)
		}
		from := p.Status
		// The reason is written first: the schema refuses a cancelled
		// project without one.
		p.CancelReason = reason
		if err := s.UpdateProjectState(ctx, p); err != nil {
			return err
		}
		if err := Fire(ctx, s, p, EventCancel, actor); err != nil {
			return err
		}
		if err := s.WithdrawAvoidConfirmation(ctx, p); err != nil {
			return err
		}
		if p.IsAuction() && from == ProjectBidding {
			if err := s.NotifyAuction(ctx, AuctionEvent{ProjectID: p.ID, Kind: AuctionEventClosed, Status: p.Status, ClosesAt: p.ClosesAt,
				Bids: p.AuctionBids, Extensions: p.Extensions, BestPrice: p.BestPrice, At: now}); err != nil {
				return err
			}
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "project.cancelled", "project", ProjectSubject(p.ID),
			map[string]any{"from": from, "reason": reason}))
	})
	if err != nil {
		return nil, err
	}
	return ps.Get(ctx, actor, id)
}

// Repost makes a new draft round of a failed project (流标后重新发布),
// linked to the old one, with a new closing time.
func (ps *Projects) Repost(ctx context.Context, actor kernel.Actor, id int64, closesAt time.Time) (*Project, error) {
	if err := kernel.Authorize(actor, kernel.ActProjectOwn); err != nil {
		return nil, err
	}
	var newID int64
	err := ps.InTx(ctx, func(s ProjectTx) error {
		old, err := LockOwnProject(ctx, s, actor, id)
		if err != nil {
			return err
		}
		if old.Status != ProjectFailed {
			return kernel.Errorf(kernel.ECONFLICT, "not_failed", "Only a failed project can be reposted; the project is %s.", old.Status)
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
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		if err := s.CheckProjectCatalogue(ctx, p, now); err != nil {
			return err
		}
		if err := s.CreateProject(ctx, p); err != nil {
			return err
		}
		newID = p.ID
		if err := s.AppendAudit(ctx, kernel.NewAudit(actor, "project.reposted", "project", ProjectSubject(p.ID),
			map[string]any{"previous_round_id": old.ID})); err != nil {
			return err
		}
		// A new round is a new act: its avoid list is confirmed again.
		return s.RequestAvoidConfirmation(ctx, actor, p, now)
	})
	if err != nil {
		return nil, err
	}
	return ps.Get(ctx, actor, newID)
}

// checkAvoid reads the field of agencies that could bid on p at now and
// refuses an avoid list longer than it allows; the field is returned for
// publication's own check.
func checkAvoid(ctx context.Context, s ProjectTx, p *Project, now time.Time) (Field, error) {
	field, err := s.AvoidField(ctx, p, now)
	if err != nil {
		return field, err
	}
	return field, p.CheckAvoidShare(field)
}

// Get returns one project as actor may see it.
func (ps *Projects) Get(ctx context.Context, actor kernel.Actor, id int64) (*Project, error) {
	p, err := ps.Store.FindProjectByID(ctx, id, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	return ps.View(p), nil
}

// List returns the public listing; an owner also sees its own drafts.
func (ps *Projects) List(ctx context.Context, actor kernel.Actor, f ProjectFilter) (kernel.List[*Project], error) {
	if err := f.Page.Normalize(); err != nil {
		return kernel.List[*Project]{}, err
	}
	switch f.Sort {
	case "", "date", "deadline":
	default:
		return kernel.List[*Project]{}, kernel.FieldError("sort", "sort_unknown", "sort must be \"deadline\" or \"date\".")
	}
	switch f.Status {
	case "", ProjectDraft, ProjectBidding, ProjectEvaluating, ProjectFailed, ProjectPublicity, ProjectAwarded,
		ProjectContracted, ProjectDelivered, ProjectAccepted, ProjectCompleted, ProjectCancelled:
	default:
		return kernel.List[*Project]{}, kernel.FieldError("status", "status_unknown", "There is no project status %q.", f.Status)
	}
	switch f.Funding {
	case "", FundingSelf, FundingBudget:
	default:
		return kernel.List[*Project]{}, kernel.FieldError("funding", "funding_unknown", "funding must be \"self\" or \"budget\".")
	}
	if err := f.CheckCeilingRange(); err != nil {
		return kernel.List[*Project]{}, err
	}
	f.ViewerID = actor.ID
	items, total, err := ps.Store.FindProjects(ctx, f)
	if err != nil {
		return kernel.List[*Project]{}, err
	}
	for _, p := range items {
		ps.View(p)
	}
	return kernel.NewList(items, total, f.Page), nil
}
