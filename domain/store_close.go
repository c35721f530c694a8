package domain

import (
	"context"
	"time"
)

// CloseStore is what closing a project needs beyond ProjectStore: the bids
// are judged and settled as a set, in a fixed number of statements however
// many bids the project holds (docs/performance.md).
type CloseStore interface {
	// FindSubmittedBidFacts returns, for every submitted bid on the
	// projects, the bid's ID with FindAgencyFacts of its agency on its
	// project, in one statement; the agencies' account rows are locked
	// FOR SHARE in account order, as FindAgencyFacts locks one.
	FindSubmittedBidFacts(ctx context.Context, ps []*Project, now time.Time) ([]SubmittedBidFacts, error)
	// SettleBids writes every settlement in one statement.
	SettleBids(ctx context.Context, settled []BidSettlement, now time.Time) error
	// CloseProjectRows writes the closes of a batch of locked projects:
	// each moves from its From status to its To, with closed_at, in one
	// statement; ErrStatusChanged when one is no longer in From.
	CloseProjectRows(ctx context.Context, changes []StatusChange, closedAt time.Time) error
	// FindBidsOf returns the bids of each project, as FindBids, in one
	// statement.
	FindBidsOf(ctx context.Context, projectIDs []int64) (map[int64][]*Bid, error)

	// NextCloseIn is how long until the earliest close of a project in
	// bidding by the platform clock (0 when one is due); ok is false when
	// no project is in bidding.
	NextCloseIn(ctx context.Context) (in time.Duration, ok bool, err error)
}

// SubmittedBidFacts is one submitted bid with its agency's eligibility facts.
type SubmittedBidFacts struct {
	ProjectID int64
	BidID     int64
	// NeedsConfirmation: placed before a material amendment and neither
	// confirmed nor revised since (更正公告): invalid at the close.
	NeedsConfirmation bool
	Facts             AgencyFacts
}

// BidSettlement is the status a bid takes at the close, with the message
// id of the reason when it is invalid.
type BidSettlement struct {
	BidID  int64
	Status string
	Reason string
}
