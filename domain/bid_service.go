package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
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

// bids builds the reads of sealed bids from the Marketplace's current
// fields.
func (m *Marketplace) bids() *market.Bids {
	return &market.Bids{Store: m.Store, InTx: txOf(m.Store, func(s Store) market.BidListTx { return closeTx{s} }), LowPriceDue: m.lowPriceDue}
}

// MyBid returns the agency's own bid (market.Bids.Mine).
func (m *Marketplace) MyBid(ctx context.Context, actor Actor, projectID int64) (*Bid, error) {
	return m.bids().Mine(ctx, actor, projectID)
}

// MyBids returns the calling agency's own bids on the projects, by project
// (market.Bids.MineOn).
func (m *Marketplace) MyBids(ctx context.Context, actor Actor, projectIDs []int64) (map[int64]*Bid, error) {
	return m.bids().MineOn(ctx, actor, projectIDs)
}

// CanReadBids reports who reads the bid list once bidding has closed (market).
func CanReadBids(actor Actor, p *Project) bool { return market.CanReadBids(actor, p) }

// ListBids lists every live bid once bidding has closed, and answers
// ErrBidsSealed before (market.Bids.List).
func (m *Marketplace) ListBids(ctx context.Context, actor Actor, projectID int64, page Page) (List[*Bid], error) {
	return m.bids().List(ctx, actor, projectID, page)
}

// openBidsForReading lets actor read a project's bids and their documents
// once bidding has closed (market.OpenBidsForReading).
func (m *Marketplace) openBidsForReading(ctx context.Context, s Store, actor Actor, projectID int64) (*Project, error) {
	return market.OpenBidsForReading(ctx, closeTx{s}, actor, projectID, m.lowPriceDue)
}
