package domain

import (
	"context"
	"io"

	"marketplace/domain/kernel"
	"marketplace/domain/market"
)

// The bids before the close (sealed bids, their withdrawal and
// confirmation, reverse-auction bids, bid documents and receipts) live in
// domain/market (market.Bidding); these forwarders keep the Marketplace's
// methods.

// bidding builds the bids' use cases from the Marketplace's current fields.
func (m *Marketplace) bidding() *market.Bidding {
	narrow := func(s Store) market.BiddingTx { return biddingTx{closeTx{s}} }
	return &market.Bidding{Store: m.Store, InTx: txOf(m.Store, narrow),
		InBidTx: func(ctx context.Context, fn func(market.BiddingTx) error) error {
			return m.Store.InBidTx(ctx, func(s Store) error { return fn(narrow(s)) })
		},
		Bids: m.bids(), Feed: m.Auctions, Files: m.Files, Typer: m.Typer,
		AuctionExtension: m.Periods.AuctionExtension, AuctionMaxExtensions: m.Periods.AuctionMaxExtensions}
}

// biddingTx is a bid's view of a transaction: the close's (a read of the
// bids closes a project past its deadline first), with supervision's
// evidence rows built from the market's Evidence and the investment
// projects' stage-conflict check.
type biddingTx struct{ closeTx }

// evidenceOf is supervision's evidence row of a market action on a bid.
func evidenceOf(e market.Evidence) *BidEvidence {
	ev := NewBidEvidence(e.Actor, e.ProjectID, e.Action, e.Client, e.Proposal, e.At)
	if e.DocSHA256 != "" {
		ev.DocSHA256 = e.DocSHA256
	}
	return ev
}

// WriteBid writes the bid with its evidence row (RecordBid).
func (t biddingTx) WriteBid(ctx context.Context, w market.BidWrite) ([]string, error) {
	return t.RecordBid(ctx, BidWrite{Bid: w.Bid, Evidence: evidenceOf(w.Evidence), Audit: w.Audit, Auction: w.Auction})
}

// RecordEvidence writes the evidence of one bid action.
func (t biddingTx) RecordEvidence(ctx context.Context, e market.Evidence) error {
	return t.CreateBidEvidence(ctx, evidenceOf(e))
}

// AttachBidDocument writes the document with its evidence row.
func (t biddingTx) AttachBidDocument(ctx context.Context, d *BidDocument, e market.Evidence) error {
	return t.AddBidDocument(ctx, d, evidenceOf(e))
}

// DetachBidDocument deletes the document and writes its evidence row.
func (t biddingTx) DetachBidDocument(ctx context.Context, d *BidDocument, e market.Evidence) error {
	return t.RemoveBidDocument(ctx, d, evidenceOf(e))
}

// CheckStageConflict refuses a bid on one stage of a checking pair by the
// agency holding the other (investment_project.go).
func (t biddingTx) CheckStageConflict(ctx context.Context, agencyID int64, p *Project) error {
	return checkStageConflict(ctx, t.Store, agencyID, p)
}

// firstClient is the optional client of the forwarders below.
func firstClient(client []BidClient) BidClient {
	if len(client) > 0 {
		return client[0]
	}
	return kernel.Client{}
}

// PlaceBid submits or revises the agency's sealed bid (market.Bidding).
func (m *Marketplace) PlaceBid(ctx context.Context, actor Actor, projectID int64, in BidInput) (*Bid, error) {
	return m.bidding().PlaceBid(ctx, actor, projectID, in)
}

// WithdrawBid withdraws the agency's sealed bid before close. client, when
// given, is recorded as supervision evidence (docs/risk.md).
func (m *Marketplace) WithdrawBid(ctx context.Context, actor Actor, projectID int64, client ...BidClient) (*Bid, error) {
	return m.bidding().WithdrawBid(ctx, actor, projectID, firstClient(client))
}

// ConfirmBid confirms the agency's sealed bid after an amendment (market.Bidding).
func (m *Marketplace) ConfirmBid(ctx context.Context, actor Actor, projectID int64) (*Bid, error) {
	return m.bidding().ConfirmBid(ctx, actor, projectID)
}

// PlaceAuctionBid records a reverse-auction bid (market.Bidding). client,
// when given, is recorded as supervision evidence (docs/risk.md).
func (m *Marketplace) PlaceAuctionBid(ctx context.Context, actor Actor, projectID int64, price Money, client ...BidClient) (*AuctionState, error) {
	return m.bidding().PlaceAuctionBid(ctx, actor, projectID, price, firstClient(client))
}

// GetAuction returns the public state of a reverse auction.
func (m *Marketplace) GetAuction(ctx context.Context, actor Actor, projectID int64) (*AuctionState, error) {
	return m.bidding().GetAuction(ctx, actor, projectID)
}

// SubscribeAuction returns the auction's current state and a subscription to
// its later events, for the server-sent-event stream.
func (m *Marketplace) SubscribeAuction(ctx context.Context, actor Actor, projectID int64) (*AuctionState, <-chan AuctionEvent, func(), error) {
	return m.bidding().SubscribeAuction(ctx, actor, projectID)
}

// AddBidDocument attaches a document to the agency's submitted sealed bid
// (market.Bidding).
func (m *Marketplace) AddBidDocument(ctx context.Context, actor Actor, projectID int64, up BidDocumentUpload, body io.Reader) (*BidDocument, error) {
	return m.bidding().AddBidDocument(ctx, actor, projectID, up, body)
}

// RemoveBidDocument detaches one of the agency's documents while bidding
// is open (market.Bidding).
func (m *Marketplace) RemoveBidDocument(ctx context.Context, actor Actor, projectID, docID int64, client BidClient) error {
	return m.bidding().RemoveBidDocument(ctx, actor, projectID, docID, client)
}

// MyBidDocuments lists the agency's own documents (market.Bidding).
func (m *Marketplace) MyBidDocuments(ctx context.Context, actor Actor, projectID int64) ([]*BidDocument, error) {
	return m.bidding().MyBidDocuments(ctx, actor, projectID)
}

// ListBidDocuments lists the documents of every live bid once bidding has
// closed (market.Bidding).
func (m *Marketplace) ListBidDocuments(ctx context.Context, actor Actor, projectID int64) ([]*BidDocument, error) {
	return m.bidding().ListBidDocuments(ctx, actor, projectID)
}

// OpenBidDocument returns a document and its content (market.Bidding).
// The caller closes the reader.
func (m *Marketplace) OpenBidDocument(ctx context.Context, actor Actor, projectID, docID int64) (*BidDocument, io.ReadCloser, error) {
	return m.bidding().OpenBidDocument(ctx, actor, projectID, docID)
}

// MyBidReceipt is the agency's receipt (报价回执) of its current bid
// (market.Bidding).
func (m *Marketplace) MyBidReceipt(ctx context.Context, actor Actor, projectID int64) (*BidReceipt, error) {
	return m.bidding().MyBidReceipt(ctx, actor, projectID)
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
