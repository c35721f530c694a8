package domain

import (
	"context"
	"time"
)

// openForBids locks the project row in mode, then reads the platform clock:
// reading it only after the lock means a bid cannot pass the check and then
// wait behind the close. The project must be in bidding and before its
// effective close (closes_at), whatever the scheduler has done so far.
func openForBids(ctx context.Context, s Store, actor Actor, id int64, mode LockMode) (*Project, time.Time, error) {
	p, now, err := s.LockProjectForBid(ctx, id, mode)
	if err != nil {
		return nil, time.Time{}, err
	}
	if !p.CanSee(actor) {
		return nil, time.Time{}, ErrProjectNotFound
	}
	switch {
	case p.Status == ProjectBidding && !now.Before(p.ClosesAt):
		return nil, time.Time{}, ErrBiddingClosed
	case p.Status == ProjectDraft:
		return nil, time.Time{}, ErrNotBidding
	case p.Status != ProjectBidding:
		return nil, time.Time{}, &Error{Code: ECONFLICT, Reason: ErrBiddingClosed.Reason, Message: "Bidding on this project is closed (the project is " + p.Status + ")."}
	}
	return p, now, nil
}

// checkBidder computes the agency's eligibility on p in the transaction
// and returns what the bid needs to know about the agency.
func checkBidder(ctx context.Context, s Store, actor Actor, p *Project, now time.Time, auction bool) (*Bidder, error) {
	b, err := s.FindBidder(ctx, actor.ID, p, now, auction)
	if err != nil {
		return nil, err
	}
	if err := EligibilityError(p, b.Facts, now); err != nil {
		return b, err
	}
	return b, checkStageConflict(ctx, s, actor.ID, p)
}

// PlaceBid submits or revises the agency's sealed bid. The deadline is
// checked inside the transaction against the platform clock read after the
// project row is locked FOR SHARE: the close job locks it FOR UPDATE, so a
// bid either commits before the close sees the bids or is refused.
func (m *Marketplace) PlaceBid(ctx context.Context, actor Actor, projectID int64, in BidInput) (*Bid, error) {
	if err := Authorize(actor, ActBid); err != nil {
		return nil, err
	}
	var out *Bid
	err := m.Store.InBidTx(ctx, func(s Store) error {
		p, now, err := openForBids(ctx, s, actor, projectID, LockShare)
		if err != nil {
			return err
		}
		if p.IsAuction() {
			return ErrUseAuction
		}
		if err := in.Validate(p); err != nil {
			return err
		}
		bidder, err := checkBidder(ctx, s, actor, p, now, false)
		if err != nil {
			return err
		}
		b := &Bid{ProjectID: p.ID, AgencyID: actor.ID, Price: in.Price, Proposal: in.Proposal, ServiceDays: in.ServiceDays,
			Status: BidSubmitted, SubmittedAt: now, UpdatedAt: now}
		action, evAction := "bid.submitted", EvidenceSubmit
		if bidder.BidStatus == BidSubmitted {
			action, evAction = "bid.revised", EvidenceRevise
		}
		// Never the price or the proposal in the audit row: the audit log
		// is readable before close.
		// The receipt commits to the new price with the documents the bid
		// keeps (a revision keeps them), as the writes return them.
		docs, err := s.RecordBid(ctx, BidWrite{Bid: b, Evidence: NewBidEvidence(actor, p.ID, evAction, in.Client, in.Proposal, now),
			Audit: NewAudit(actor, action, "project", projectSubject(p.ID), map[string]any{"agency_id": actor.ID})})
		if err != nil {
			return err
		}
		out = b
		return sealReceipt(ctx, s, actor, b, docs, now)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// WithdrawBid withdraws the agency's sealed bid before close. client, when
// given, is recorded as supervision evidence (docs/risk.md).
func (m *Marketplace) WithdrawBid(ctx context.Context, actor Actor, projectID int64, client ...BidClient) (*Bid, error) {
	if err := Authorize(actor, ActBid); err != nil {
		return nil, err
	}
	var out *Bid
	err := m.Store.InTx(ctx, func(s Store) error {
		p, now, err := openForBids(ctx, s, actor, projectID, LockShare)
		if err != nil {
			return err
		}
		if p.IsAuction() {
			return Errorf(ECONFLICT, "auction_bid_final", "Reverse-auction bids are public and cannot be withdrawn.")
		}
		b, err := s.FindBid(ctx, p.ID, actor.ID)
		if err != nil {
			return err
		}
		if b.Status != BidSubmitted {
			return Errorf(ECONFLICT, "bid_not_submitted", "The bid is already %s.", b.Status)
		}
		if err := s.SetBidStatus(ctx, b.ID, BidWithdrawn, "", now); err != nil {
			return err
		}
		b.Status, b.UpdatedAt = BidWithdrawn, now
		var cl BidClient
		if len(client) > 0 {
			cl = client[0]
		}
		if err := recordBidEvidence(ctx, s, actor, p.ID, EvidenceWithdraw, cl, b.Proposal, now); err != nil {
			return err
		}
		out = b
		return s.AppendAudit(ctx, NewAudit(actor, "bid.withdrawn", "project", projectSubject(p.ID), map[string]any{"agency_id": actor.ID}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MyBid returns the agency's own bid: the one thing it may see before close.
func (m *Marketplace) MyBid(ctx context.Context, actor Actor, projectID int64) (*Bid, error) {
	if err := Authorize(actor, ActBid); err != nil {
		return nil, err
	}
	p, err := m.Store.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	return m.Store.FindBid(ctx, projectID, actor.ID)
}

// MyBids returns the calling agency's own bids on the projects, by project,
// in one read (a list page shows the agency's bid beside each project).
func (m *Marketplace) MyBids(ctx context.Context, actor Actor, projectIDs []int64) (map[int64]*Bid, error) {
	if actor.IsAnonymous() {
		return nil, ErrUnauthenticated
	}
	if actor.Role != RoleAgency {
		return nil, Errorf(EFORBIDDEN, IneligibleNotAgency, "Only agency accounts have bids.")
	}
	out := make(map[int64]*Bid, len(projectIDs))
	if len(projectIDs) == 0 {
		return out, nil
	}
	bids, err := m.Store.FindAgencyBids(ctx, actor.ID, projectIDs)
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
func CanReadBids(actor Actor, p *Project) bool {
	return p.IsOwner(actor) || actor.Role == RoleDepartment || actor.Role == RoleAdmin
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

// ListBids lists every live (not withdrawn) bid once bidding has closed,
// and answers ErrBidsSealed before, to everyone alike (sealing comes before
// who is asking). A project past its deadline whose close the scheduler has not yet
// run is closed here first, so the answer never waits on the scheduler.
func (m *Marketplace) ListBids(ctx context.Context, actor Actor, projectID int64, page Page) (List[*Bid], error) {
	if err := page.Normalize(); err != nil {
		return List[*Bid]{}, err
	}
	var out []*Bid
	err := m.Store.InTx(ctx, func(s Store) error {
		if _, err := m.openBidsForReading(ctx, s, actor, projectID); err != nil {
			return err
		}
		all, err := s.FindBids(ctx, projectID)
		out = liveBids(all)
		return err
	})
	if err != nil {
		return List[*Bid]{}, err
	}
	total := len(out)
	lo, hi := min(page.Offset(), total), min(page.Offset()+page.PerPage, total)
	return NewList(out[lo:hi], total, page), nil
}

// openBidsForReading lets actor read a project's bids (and their documents)
// once bidding has closed, and answers ErrBidsSealed before, to everyone
// alike (sealing comes before who is asking). A project past its deadline
// whose close the scheduler has not yet run is closed here first, so the
// answer never waits on the scheduler.
func (m *Marketplace) openBidsForReading(ctx context.Context, s Store, actor Actor, projectID int64) (*Project, error) {
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
		if p, err = m.closeDue(ctx, s, projectID); err != nil {
			return nil, err
		}
	}
	if p.ClosedAt == nil {
		return nil, ErrBidsSealed
	}
	if actor.IsAnonymous() {
		return nil, ErrUnauthenticated
	}
	if !CanReadBids(actor, p) {
		return nil, Errorf(EFORBIDDEN, "bids_not_yours", "Only the owner, departments and admins read the bids.")
	}
	return p, nil
}
