package domain

import "marketplace/domain/market"

// The bid, its statuses, the sealed bid's input and check and the bidding
// sentinels live in domain/market.

// Bid statuses (market).
const (
	BidSubmitted = market.BidSubmitted
	BidWithdrawn = market.BidWithdrawn
	BidValid     = market.BidValid
	BidInvalid   = market.BidInvalid
)

// Bid is an agency's one live bid on a project (market).
type Bid = market.Bid

// BidInput is a sealed bid as submitted (market).
type BidInput = market.BidInput

// Sentinels of the bidding rules (market).
var (
	ErrProjectNotFound = market.ErrProjectNotFound
	ErrBidNotFound     = market.ErrBidNotFound
	ErrBiddingClosed   = market.ErrBiddingClosed
	ErrNotBidding      = market.ErrNotBidding
	ErrBidsSealed      = market.ErrBidsSealed
	ErrUseAuction      = market.ErrUseAuction
	ErrNotAuction      = market.ErrNotAuction
)
