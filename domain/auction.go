package domain

import "marketplace/domain/market"

// The auction's value types, its price and extension rules and its public
// state, its use cases and the feed port live in domain/market.

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

// AuctionFeed delivers auction events published by any replica (market).
type AuctionFeed = market.AuctionFeed

// ErrStreamUnavailable answers a stream request on a replica wired without a feed (market).
var ErrStreamUnavailable = market.ErrStreamUnavailable
