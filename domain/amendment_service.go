package domain

import (
	"context"

	"marketplace/domain/market"
)

// AmendProject publishes an amendment (更正公告) of the owner's project in
// bidding (market.Notices.AmendProject).
func (m *Marketplace) AmendProject(ctx context.Context, actor Actor, projectID int64, in AmendmentInput) (*Amendment, error) {
	return m.notices().AmendProject(ctx, actor, projectID, in)
}

// AmendmentKind is the notification kind of an amendment (market).
const AmendmentKind = market.AmendmentKind

// Amendments lists a project's amendments, oldest first.
func (m *Marketplace) Amendments(ctx context.Context, actor Actor, projectID int64) ([]*Amendment, error) {
	return m.notices().Amendments(ctx, actor, projectID)
}

// RecentAmendments pages every published amendment, newest first (the
// 更正公告 list).
func (m *Marketplace) RecentAmendments(ctx context.Context, p Page) (List[*Amendment], error) {
	return m.notices().RecentAmendments(ctx, p)
}

// ConfirmBid confirms the agency's sealed bid after an amendment, as it
// stands; a bid the amended terms no longer admit must be revised instead.
func (m *Marketplace) ConfirmBid(ctx context.Context, actor Actor, projectID int64) (*Bid, error) {
	if err := Authorize(actor, ActBid); err != nil {
		return nil, err
	}
	var out *Bid
	err := m.Store.InTx(ctx, func(s Store) error {
		p, now, err := openForBids(ctx, s, actor, projectID, LockShare)
		if err != nil {
			return err
		}
		b, err := s.FindBid(ctx, p.ID, actor.ID)
		if err != nil {
			return err
		}
		if b.Status != BidSubmitted || !b.NeedsConfirmation {
			return ErrBidNoConfirmationNeeded
		}
		in := BidInput{Price: b.Price, Proposal: b.Proposal, ServiceDays: b.ServiceDays}
		if err := in.Validate(p); err != nil {
			return err
		}
		if _, err := checkBidder(ctx, s, actor, p, now, p.IsAuction()); err != nil {
			return err
		}
		if err := s.ConfirmBid(ctx, p.ID, actor.ID, now); err != nil {
			return err
		}
		b.NeedsConfirmation, b.UpdatedAt = false, now
		out = b
		return s.AppendAudit(ctx, NewAudit(actor, "bid.confirmed", "project", projectSubject(p.ID), map[string]any{"agency_id": actor.ID}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
