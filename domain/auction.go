package domain

import (
	"context"

	"marketplace/domain/market"
)

// The auction's value types, its price and extension rules and its public
// state live in domain/market; the use cases and the feed port stay here.

// Auction value types (market).
type (
	AuctionBid          = market.AuctionBid
	AuctionEvent        = market.AuctionEvent
	AuctionHistoryEntry = market.AuctionHistoryEntry
	AuctionState        = market.AuctionState
)

// BidderLabel is the anonymous public name of bidder n on one project (market).
func BidderLabel(n int) string { return market.BidderLabel(n) }

// Auction event kinds (market).
const (
	AuctionEventBid    = market.AuctionEventBid
	AuctionEventClosed = market.AuctionEventClosed
)

// AuctionFeed delivers auction events published by any replica (storage
// implements it with PostgreSQL LISTEN/NOTIFY). Subscribe returns a channel
// of the project's events and a function that ends the subscription.
type AuctionFeed interface {
	Subscribe(projectID int64) (<-chan AuctionEvent, func())
}

// PlaceAuctionBid records a reverse-auction bid. Bids serialise on the
// project row (FOR UPDATE), so each sees the true current best: it must
// undercut it (the ceiling for the first bid) by at least the minimum step.
// A bid in the last AuctionExtension before closes_at extends it by that
// much, at most AuctionMaxExtensions times. The agency's row in bids keeps
// its latest price for the close and the award. client, when given, is recorded as supervision evidence (docs/risk.md).
func (m *Marketplace) PlaceAuctionBid(ctx context.Context, actor Actor, projectID int64, price Money, client ...BidClient) (*AuctionState, error) {
	if err := Authorize(actor, ActBid); err != nil {
		return nil, err
	}
	err := m.Store.InBidTx(ctx, func(s Store) error {
		p, now, err := openForBids(ctx, s, actor, projectID, LockUpdate)
		if err != nil {
			return err
		}
		if !p.IsAuction() {
			return ErrNotAuction
		}
		bidder, err := checkBidder(ctx, s, actor, p, now, true)
		if err != nil {
			return err
		}
		if err := market.CheckAuctionPrice(p, price); err != nil {
			return err
		}
		no := bidder.AuctionNo
		ab := &AuctionBid{ProjectID: p.ID, AgencyID: actor.ID, BidderNo: no, Price: price, At: now, Seq: p.AuctionBids + 1}
		evAction, cl := EvidenceSubmit, BidClient{}
		if bidder.BidStatus != "" {
			evAction = EvidenceRevise
		}
		if len(client) > 0 {
			cl = client[0]
		}
		p.BestPrice, p.AuctionBids = &price, ab.Seq
		market.ExtendAuction(p, now, m.Periods.AuctionExtension, m.Periods.AuctionMaxExtensions)
		ev := AuctionEvent{ProjectID: p.ID, Kind: AuctionEventBid, Status: p.Status, Seq: ab.Seq, Bidder: BidderLabel(no),
			Price: &price, BestPrice: &price, Bids: ab.Seq, Extensions: p.Extensions, ClosesAt: p.ClosesAt, At: now}
		// Auction prices are public by design; the agency stays anonymous
		// in the event, and is named only in the audit row.
		_, err = s.RecordBid(ctx, BidWrite{
			Bid: &Bid{ProjectID: p.ID, AgencyID: actor.ID, Price: price, ServiceDays: p.ServiceDays,
				Status: BidSubmitted, SubmittedAt: now, UpdatedAt: now},
			Evidence: NewBidEvidence(actor, p.ID, evAction, cl, "", now),
			Audit: NewAudit(actor, "auction.bid", "project", projectSubject(p.ID),
				map[string]any{"seq": ab.Seq, "price": price, "closes_at": p.ClosesAt, "extensions": p.Extensions}),
			Auction: &AuctionWrite{Bid: ab, Project: p, Event: ev}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return m.GetAuction(ctx, actor, projectID)
}

// GetAuction returns the public state of a reverse auction.
func (m *Marketplace) GetAuction(ctx context.Context, actor Actor, projectID int64) (*AuctionState, error) {
	// The state needs no avoid list: the lighter read of the bid path.
	p, _, err := m.Store.LockProjectForBid(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	if !p.IsAuction() {
		return nil, ErrNotAuction
	}
	bids, err := m.Store.FindAuctionBids(ctx, projectID)
	if err != nil {
		return nil, err
	}
	return market.NewAuctionState(p, bids, m.Periods.AuctionMaxExtensions, actor), nil
}

// ErrStreamUnavailable answers a stream request on a replica wired without a feed (market).
var ErrStreamUnavailable = market.ErrStreamUnavailable

// SubscribeAuction returns the auction's current state and a subscription to
// its later events, for the server-sent-event stream.
func (m *Marketplace) SubscribeAuction(ctx context.Context, actor Actor, projectID int64) (*AuctionState, <-chan AuctionEvent, func(), error) {
	if m.Auctions == nil {
		return nil, nil, nil, ErrStreamUnavailable
	}
	// Subscribe first so that no event falls between the snapshot and the feed.
	ch, cancel := m.Auctions.Subscribe(projectID)
	st, err := m.GetAuction(ctx, actor, projectID)
	if err != nil {
		cancel()
		return nil, nil, nil, err
	}
	return st, ch, cancel, nil
}
