package domain

import (
	"context"

	"marketplace/domain/kernel"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// The bids before the close (sealed bids, their withdrawal and
// confirmation, reverse-auction bids, bid documents and receipts) live in
// domain/market (market.Bidding); callers reach them through
// Marketplace.Bidding, the reads through Marketplace.Bids.

// Bidding builds the bids' use cases from the Marketplace's current fields.
func (m *Marketplace) Bidding() *market.Bidding {
	narrow := func(s Store) market.BiddingTx { return biddingTx{closeTx{s}} }
	return &market.Bidding{Store: m.Store, InTx: txOf(m.Store, narrow),
		InBidTx: func(ctx context.Context, fn func(market.BiddingTx) error) error {
			return m.Store.InBidTx(ctx, func(s Store) error { return fn(narrow(s)) })
		},
		Bids: m.Bids(), Feed: m.Auctions, Files: m.Files, Typer: m.Typer,
		AuctionExtension: m.Periods.AuctionExtension, AuctionMaxExtensions: m.Periods.AuctionMaxExtensions}
}

// biddingTx is a bid's view of a transaction: the close's (a read of the
// bids closes a project past its deadline first), with supervision's
// evidence rows built from the market's Evidence and the investment
// projects' stage-conflict check.
type biddingTx struct{ closeTx }

// evidenceOf is supervision's evidence row of a market action on a bid.
func evidenceOf(e market.Evidence) *supervision.BidEvidence {
	ev := supervision.NewBidEvidence(e.Actor, e.ProjectID, e.Action, e.Client, e.Proposal, e.At)
	if e.DocSHA256 != "" {
		ev.DocSHA256 = e.DocSHA256
	}
	return ev
}

// WriteBid writes the bid with its evidence row (RecordBid).
func (t biddingTx) WriteBid(ctx context.Context, w market.BidWrite) error {
	return t.RecordBid(ctx, BidWrite{Bid: w.Bid, Evidence: evidenceOf(w.Evidence), Audit: w.Audit, Auction: w.Auction, First: w.First})
}

// RecordEvidence writes the evidence of one bid action.
func (t biddingTx) RecordEvidence(ctx context.Context, e market.Evidence) error {
	return t.CreateBidEvidence(ctx, evidenceOf(e))
}

// AttachBidDocument writes the document with its evidence row.
func (t biddingTx) AttachBidDocument(ctx context.Context, d *market.BidDocument, e market.Evidence) error {
	return t.AddBidDocument(ctx, d, evidenceOf(e))
}

// DetachBidDocument deletes the document and writes its evidence row.
func (t biddingTx) DetachBidDocument(ctx context.Context, d *market.BidDocument, e market.Evidence) error {
	return t.RemoveBidDocument(ctx, d, evidenceOf(e))
}

// CheckStageConflict refuses a bid on one stage of a checking pair by the
// agency holding the other (investment_project.go).
func (t biddingTx) CheckStageConflict(ctx context.Context, agencyID int64, p *market.Project) error {
	return checkStageConflict(ctx, t.Store, agencyID, p)
}

// firstClient is the optional client of WithdrawBid and PlaceAuctionBid.
func firstClient(client []supervision.BidClient) supervision.BidClient {
	if len(client) > 0 {
		return client[0]
	}
	return kernel.Client{}
}

// WithdrawBid withdraws the agency's sealed bid before close. client, when
// given, is recorded as supervision evidence (docs/risk.md).
func (m *Marketplace) WithdrawBid(ctx context.Context, actor Actor, projectID int64, client ...supervision.BidClient) (*market.Bid, error) {
	return m.Bidding().WithdrawBid(ctx, actor, projectID, firstClient(client))
}

// PlaceAuctionBid records a reverse-auction bid (market.Bidding). client,
// when given, is recorded as supervision evidence (docs/risk.md).
func (m *Marketplace) PlaceAuctionBid(ctx context.Context, actor Actor, projectID int64, price Money, client ...supervision.BidClient) (*market.AuctionState, error) {
	return m.Bidding().PlaceAuctionBid(ctx, actor, projectID, price, firstClient(client))
}

// Bids builds the reads of sealed bids from the Marketplace's current
// fields.
func (m *Marketplace) Bids() *market.Bids {
	return &market.Bids{Store: m.Store, InTx: txOf(m.Store, func(s Store) market.BidListTx { return closeTx{s} }), LowPriceDue: m.lowPriceDue}
}
