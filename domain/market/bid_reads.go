package market

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// BidReads is what reading bids needs outside a transaction.
type BidReads interface {
	ProjectReader
	BidReader
	// FindAgencyBids returns the agency's bids on any of the projects.
	FindAgencyBids(ctx context.Context, agencyID int64, projectIDs []int64) ([]*Bid, error)
}

// BidListTx is the transaction of reading a project's bids: a project past
// its deadline is closed in it first (CloseTx).
type BidListTx interface {
	CloseTx
	FindBids(ctx context.Context, projectID int64) ([]*Bid, error)
}

// Bids holds the reads of sealed bids: an agency's own, before the close,
// and every live bid, after it, for those who evaluate or supervise;
// domain.Marketplace builds one per call from its fields.
type Bids struct {
	// Store reads outside a transaction.
	Store BidReads
	// InTx runs a function in one transaction over BidListTx.
	InTx kernel.TxFunc[BidListTx]
	// LowPriceDue is when an explanation asked for at a close at now is due.
	LowPriceDue func(now time.Time) time.Time
}

// Mine returns the agency's own bid: the one thing it may see before close.
func (bs *Bids) Mine(ctx context.Context, actor kernel.Actor, projectID int64) (*Bid, error) {
	if err := kernel.Authorize(actor, kernel.ActBid); err != nil {
		return nil, err
	}
	p, err := bs.Store.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	return bs.Store.FindBid(ctx, projectID, actor.ID)
}

// MineOn returns the calling agency's own bids on the projects, by
// project, in one read (a list page shows the agency's bid beside each
// project).
func (bs *Bids) MineOn(ctx context.Context, actor kernel.Actor, projectIDs []int64) (map[int64]*Bid, error) {
	if err := requireBidder(actor); err != nil {
		return nil, err
	}
	out := make(map[int64]*Bid, len(projectIDs))
	if len(projectIDs) == 0 {
		return out, nil
	}
	bids, err := bs.Store.FindAgencyBids(ctx, actor.ID, projectIDs)
	if err != nil {
		return nil, err
	}
	for _, b := range bids {
		out[b.ProjectID] = b
	}
	return out, nil
}

// CanReadBids reports who reads the bid list once bidding has closed: the
// owner (it evaluates), departments (supervision, 电子监察) and admins
// (objections and complaints). Other agencies do not: the result published
// by the award carries what the public needs.
func CanReadBids(actor kernel.Actor, p *Project) bool {
	return p.IsOwner(actor) || actor.Role == kernel.RoleDepartment || actor.Role == kernel.RoleAdmin
}

// liveBids drops withdrawn bids: a bid withdrawn before the deadline is
// gone, and its price and proposal reach no reader after the close, the
// owner included. Supervisors see that the withdrawal happened in the bid
// evidence (docs/security.md), never what was withdrawn.
func liveBids(bids []*Bid) []*Bid {
	out := make([]*Bid, 0, len(bids))
	for _, b := range bids {
		if b.Status != BidWithdrawn {
			out = append(out, b)
		}
	}
	return out
}

// List lists every live (not withdrawn) bid once bidding has closed, and
// answers ErrBidsSealed before, to everyone alike (sealing comes before
// who is asking). A project past its deadline whose close the scheduler
// has not yet run is closed here first, so the answer never waits on the
// scheduler.
func (bs *Bids) List(ctx context.Context, actor kernel.Actor, projectID int64, page kernel.Page) (kernel.List[*Bid], error) {
	if err := page.Normalize(); err != nil {
		return kernel.List[*Bid]{}, err
	}
	var out []*Bid
	err := bs.InTx(ctx, func(s BidListTx) error {
		if _, err := OpenBidsForReading(ctx, s, actor, projectID, bs.LowPriceDue); err != nil {
			return err
		}
		all, err := s.FindBids(ctx, projectID)
		out = liveBids(all)
		return err
	})
	if err != nil {
		return kernel.List[*Bid]{}, err
	}
	return kernel.PageOf(out, page), nil
}

// OpenBidsForReading lets actor read a project's bids (and their
// documents) once bidding has closed, and answers ErrBidsSealed before, to
// everyone alike (sealing comes before who is asking). A project past its
// deadline whose close the scheduler has not yet run is closed here
// first, so the answer never waits on the scheduler.
func OpenBidsForReading(ctx context.Context, s CloseTx, actor kernel.Actor, projectID int64, lowPriceDue func(time.Time) time.Time) (*Project, error) {
	p, err := s.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	if p.Status == ProjectBidding {
		now, err := s.Now(ctx)
		if err != nil {
			return nil, err
		}
		if now.Before(p.ClosesAt) {
			return nil, ErrBidsSealed
		}
		if p, err = CloseDue(ctx, s, projectID, lowPriceDue); err != nil {
			return nil, err
		}
	}
	if p.ClosedAt == nil {
		return nil, ErrBidsSealed
	}
	if actor.IsAnonymous() {
		return nil, kernel.ErrUnauthenticated
	}
	if !CanReadBids(actor, p) {
		return nil, kernel.Errorf(kernel.EFORBIDDEN, "bids_not_yours", "Only the owner, departments and admins read the bids.")
	}
	return p, nil
}
