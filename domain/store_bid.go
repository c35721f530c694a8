package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// BidWrite is what the store writes of one accepted bid: market.BidWrite
// with supervision's evidence row built (biddingTx). That is the bid, its
// evidence and its audit row, and for a reverse auction the auction bid, the project's
// new auction state and the event to publish on commit. The store writes
// it in one round trip.
type BidWrite struct {
	Bid      *market.Bid
	Evidence *supervision.BidEvidence
	Audit    AuditEntry
	Auction  *market.AuctionWrite
}

// BidStore is the bid hot path: a bid takes three statements (lock and
// clock, bidder, writes) instead of one per fact, and in InBidTx its BEGIN
// and COMMIT ride with them (a sealed bid: four round trips with its
// receipt; an auction bid: three).
type BidStore interface {
	// LockProjectForBid locks the project row in mode (NoLock: reads it)
	// and then reads the platform clock, in one statement; the project
	// comes without its avoid list (eligibility reads Avoided itself).
	LockProjectForBid(ctx context.Context, id int64, mode market.LockMode) (*market.Project, time.Time, error)
	// FindBidder reads agency's eligibility facts on p at now (locking the
	// account row FOR SHARE, as FindAgencyFacts), its current bid's status
	// (locking the bid row FOR UPDATE, so that no document is attached
	// until the transaction ends) and, when auction is set, its bidder
	// number.
	FindBidder(ctx context.Context, agencyID int64, p *market.Project, now time.Time, auction bool) (*market.Bidder, error)
	// RecordBid writes w; ErrBiddingClosed when the deadline guard refuses
	// the bid. It sets w.Bid.ID (and w.Auction.Bid.ID, and by the time the
	// transaction commits w.Auction.History, market.AuctionWrite) and
	// returns the SHA-256 of the documents the bid keeps, in the order
	// they were attached (what its receipt names).
	RecordBid(ctx context.Context, w BidWrite) ([]string, error)
	// InBidTx runs fn in one transaction, as InTx, in two round trips
	// fewer: BEGIN goes with fn's first statement when that is
	// LockProjectForBid, and COMMIT with the bid receipt (SaveBidReceipt
	// is sent with the commit, and its failure rolls everything back).
	InBidTx(ctx context.Context, fn func(Store) error) error
}
