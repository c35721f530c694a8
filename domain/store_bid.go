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
	// First: market.BidWrite's.
	First bool
}

// BidStore is the bid hot path: a bid takes a few statements (lock,
// bidder with the clock, writes) instead of one per fact, and in InBidTx
// two round trips: BEGIN with the lock and the bidder, then the writes
// (and a sealed bid's receipt) with COMMIT.
type BidStore interface {
	// LockProjectForBid locks the project row in mode (NoLock: reads it)
	// and then reads the platform clock, in one statement; the project
	// comes without its avoid list (eligibility reads Avoided itself).
	LockProjectForBid(ctx context.Context, id int64, mode market.LockMode) (*market.Project, time.Time, error)
	// LockProjectForBidder locks the project row in mode and then, in a
	// statement of its own (its snapshot holds every bid committed before
	// the lock was granted), reads the platform clock and the agency's
	// bidder at that clock: its eligibility facts (locking the account
	// row FOR SHARE, as FindAgencyFacts), its current bid's status
	// (locking the bid row FOR UPDATE, so that no document is attached
	// until the transaction ends) and what read asks besides: its auction
	// bidder number, the documents its bid keeps (a third statement, after
	// that row lock). In InBidTx they go in one round trip.
	LockProjectForBidder(ctx context.Context, id int64, mode market.LockMode, agencyID int64, read market.BidderRead) (*market.Project, time.Time, *market.Bidder, error)
	// RecordBid writes w; ErrBiddingClosed when the deadline guard refuses
	// the bid. In InBidTx the writes go with COMMIT, which then answers
	// that refusal; by the time the transaction commits it has set
	// w.Bid.ID (and w.Auction.Bid.ID and w.Auction.History,
	// market.AuctionWrite).
	RecordBid(ctx context.Context, w BidWrite) error
	// InBidTx runs fn in one transaction, as InTx, in fewer round trips:
	// BEGIN goes with fn's first statements when they are
	// LockProjectForBidder's, and COMMIT with the
	// writes nothing in the transaction reads back (RecordBid,
	// SaveBidReceipt), whose failure rolls everything back.
	InBidTx(ctx context.Context, fn func(Store) error) error
}
